import { describe, expect, it } from "vitest";
import { z } from "zod";
import { clusterEdges } from "@/lib/annotate/dedup-step";
import { getAnnotator, getAnnotatorOrThrow, listAnnotators, listSelfContainedAnnotators } from "@/lib/annotators";
import type { TColumnSpec } from "@/lib/annotators/types";

const EDGE_CASES: Record<string, string> = {
  empty: "",
  oneWord: "word",
  whitespace: " \n\t\r\n ",
  repeatedLine10MB: "the same line over and over again\n".repeat(300_000),
  binary: Array.from({ length: 4000 }, (_, i) => String.fromCharCode((i * 7919) % 65_536)).join(""), // lone surrogates, NUL, controls
  controls: "\u0000\u0001\u0002 text \u0007\u001b[31m red \u001b[0m\u0008\u007f\ufeff",
  emojiCjk: "今天天气很好😀我们去公园散步吧。🌳🌞 これは日本語の文です。👨‍👩‍👧 한국어 문장입니다.",
  crlf: "First line here.\r\nSecond line here.\r\n\r\nThird paragraph here.\r\n",
  loneSurrogates: "\ud800 abc \udc00 def \ud83d",
};

const checkType = (c: TColumnSpec | { name: string; type: string }, v: unknown) => {
  if (v === null) return;
  if (c.type === "BOOLEAN") expect(typeof v, c.name).toBe("boolean");
  else if (c.type === "BIGINT") expect(Number.isSafeInteger(v), c.name).toBe(true);
  else if (c.type === "DOUBLE") expect(Number.isFinite(v), c.name).toBe(true);
  else if (c.type === "VARCHAR") expect(typeof v, c.name).toBe("string");
  else if (c.type === "UBIGINT[]") {
    expect(Array.isArray(v), c.name).toBe(true);
    for (const x of v as unknown[]) expect(typeof x === "bigint" && x >= 0n && x < 2n ** 64n, c.name).toBe(true);
  } else throw new Error(`unknown type ${c.type}`);
};

describe("registry", () => {
  it("lists every annotator with a unique id and finds them by id", () => {
    const ids = listAnnotators().map((a) => a.id);
    expect(ids).toEqual(["stats", "lang", "gopher_quality", "gopher_repetition", "c4", "fineweb", "exact_dedup", "minhash_dedup", "dataman", "perplexity", "fasttext", "student"]);
    expect(getAnnotator("c4")?.id).toBe("c4");
    expect(getAnnotator("nope")).toBeUndefined();
    expect(() => getAnnotatorOrThrow("nope")).toThrow(/Unknown annotator/);
  });

  for (const a of listAnnotators()) {
    it(`${a.id}: parses published defaults from {} and describes namespaced columns`, () => {
      const config = a.configSchema.parse({});
      expect(() => z.toJSONSchema(a.configSchema, { io: "input", unrepresentable: "any" })).not.toThrow();
      const cols = a.columns(config);
      expect(new Set(cols.map((c) => c.name)).size).toBe(cols.length);
      for (const c of cols) {
        expect(c.name.startsWith(`${a.id}.`), c.name).toBe(true);
        expect(c.description.length).toBeGreaterThan(5);
      }
      const names = cols.map((c) => c.name);
      if (names.some((n) => n.endsWith(".pass"))) {
        expect(cols.find((c) => c.name === `${a.id}.pass`)?.type).toBe("BOOLEAN");
        expect(cols.find((c) => c.name === `${a.id}.first_failed_rule`)?.type).toBe("VARCHAR");
      }
    });
  }
});

// Annotators that need a model (fasttext) run these edge cases in their own tests, with a model.
describe("every annotator on edge cases", () => {
  // Annotators that need an endpoint run against the local test server (lib/annotators/dataman.test.ts);
  // those that read a trained model are tested with one (perplexity.test.ts, fasttext.test.ts, student tests).
  for (const a of listSelfContainedAnnotators()) {
    it(`${a.id}: handles edge cases and writes exactly its declared columns with their types`, async () => {
      const config = a.configSchema.parse({});
      const declared = a.global ? a.global.signatureColumns : a.columns(config);
      const docs = Object.entries(EDGE_CASES).map(([id, text]) => ({ id, text }));
      const rows = await a.annotate(docs, config);
      expect(rows).toHaveLength(docs.length);
      rows.forEach((row) => {
        expect(Object.keys(row).sort()).toEqual(declared.map((c) => c.name).sort());
        for (const c of declared) checkType(c, row[c.name]);
      });
      // Filters explain every failure and only failures.
      if (!a.global && `${a.id}.pass` in rows[0]) {
        for (const row of rows) expect(row[`${a.id}.first_failed_rule`] === null, a.id).toBe(row[`${a.id}.pass`]);
      }
    });
  }

  it("flags lines for the inspector", () => {
    for (const a of listAnnotators()) {
      if (!a.flagLines) continue;
      for (const text of Object.values(EDGE_CASES)) expect(Array.isArray(a.flagLines(text, a.configSchema.parse({})))).toBe(true);
    }
  });
});

describe("global dedup step (lib/annotate/dedup-step)", () => {
  it("clusters candidate pairs with the first document as root", () => {
    expect(Array.from(clusterEdges(6, [[3, 1], [5, 3], [4, 2]]))).toEqual([0, 1, 2, 1, 2, 1]);
  });
});
