import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDemoCorpus } from "@/lib/demo/build-demo-corpus";
import { codePoints, PROX_ACCEPTANCE } from "@/lib/refine/execute-program";
import { refineDocument, type TRefinedDocument } from "@/lib/refine/refine-document";
import { resolveRules } from "@/lib/refine/rules";

/**
 * Rule programs on the real demo corpus: the e-mail rules must clean the SpamAssassin messages
 * (headers, quoted replies, signatures, list footers) and leave the Brown prose alone. The web
 * boilerplate rules and whitespace normalisation run too, as a user would pick them together.
 */
const RULES = resolveRules(
  ["email_headers", "quoted_replies", "signatures", "mailing_list_footers", "navigation", "cookie_consent", "share_subscribe", "copyright", "normalize_whitespace"].map((id) => ({ id })),
);

type TDemo = { id: string; text: string; source: string };
type TMeasured = { doc: TDemo; r: TRefinedDocument };

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "winnow-demo-refine-"));
let measured: TMeasured[] = [];
const of = (source: string) => measured.filter((m) => m.doc.source === source);
const changedShare = (ms: TMeasured[]) => ms.filter((m) => m.r.changed).length / ms.length;
const charsRemovedShare = (ms: TMeasured[]) => ms.reduce((a, m) => a + m.r.charsRemoved, 0) / ms.reduce((a, m) => a + codePoints(m.doc.text), 0);

beforeAll(async () => {
  const file = path.join(dir, "demo.jsonl");
  await buildDemoCorpus(file);
  const docs = fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as TDemo);
  measured = docs.map((doc) => ({ doc, r: refineDocument({ text: doc.text, attrs: {} }, { rules: RULES, acceptance: PROX_ACCEPTANCE }) }));
}, 120_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The first non-blank line of a text. */
const firstLine = (t: string) => t.split("\n").find((l) => l.trim() !== "") ?? "";
const FIELD = /^([!-9;-~]+):(?:[ \t]|$)|^From \S/;
/** Header fields only a mail transport writes. */
const TRACE = /^(Return-Path|Received|Delivered-To|Message-I[dD]|X-Mailer|MIME-Version):/m;

describe("rule programs on the demo corpus", () => {
  it("change every SpamAssassin message and remove a large share of its characters", () => {
    const mails = of("spamassassin");
    expect(mails.length).toBeGreaterThan(5500);
    // Every raw message starts with a header block, so every one changes.
    expect(changedShare(mails)).toBe(1);
    expect(charsRemovedShare(mails)).toBeGreaterThan(0.3);
    expect(mails.every((m) => m.r.errors.length === 0)).toBe(true);
  });

  it("remove the header block of every kept message", () => {
    const kept = of("spamassassin").filter((m) => !m.r.dropped);
    // Every original starts with a header field (or mbox From line); no refined text starts with
    // the original's first line, and trace fields survive only in forwarded or MIME-embedded parts.
    expect(kept.every((m) => FIELD.test(firstLine(m.doc.text)))).toBe(true);
    expect(kept.filter((m) => firstLine(m.r.text!) === firstLine(m.doc.text)).length).toBe(0);
    expect(kept.filter((m) => TRACE.test(m.doc.text)).length).toBe(kept.length);
    expect(kept.filter((m) => TRACE.test(m.r.text!)).length / kept.length).toBeLessThan(0.01);
  });

  it("remove quoted replies, signatures and list footers", () => {
    const kept = of("spamassassin").filter((m) => !m.r.dropped);
    const has = (re: RegExp, pick: (m: TMeasured) => string) => kept.filter((m) => re.test(pick(m))).length;
    const quote = /^\s*>/m;
    const sig = /^-- ?\r?$/m;
    const mailman = /^_{20,}\r?\n[^\n]*mailing list\r?$/im;
    // Measured on the originals, then on the refined texts.
    expect(has(quote, (m) => m.doc.text)).toBeGreaterThan(1500);
    expect(has(quote, (m) => m.r.text!)).toBe(0);
    expect(has(sig, (m) => m.doc.text)).toBeGreaterThan(1000);
    expect(has(sig, (m) => m.r.text!) / has(sig, (m) => m.doc.text)).toBeLessThan(0.05);
    expect(has(mailman, (m) => m.doc.text)).toBeGreaterThan(500);
    expect(has(mailman, (m) => m.r.text!)).toBe(0);
  });

  it("leave the Brown prose untouched", () => {
    const brown = of("brown");
    expect(brown).toHaveLength(500);
    expect(changedShare(brown)).toBe(0);
    expect(charsRemovedShare(brown)).toBe(0);
  });
});
