import { z } from "zod";
import { isBlank, lowerTrim, removeFlaggedLines, wordCount } from "@/lib/refine/rules/line-program";
import type { TRefineRule, TRuleDoc } from "@/lib/refine/rules/types";

/** RFC 5322 field name (printable ASCII but ":"), a colon, then a space or the end. */
const HEADER_FIELD = /^([!-9;-~]+):(?:[ \t]|$)/;
const CONTINUATION = /^[ \t]+\S/;
const MBOX_FROM = /^From \S+/;
/** Field names that make a block of `Name: value` lines an e-mail header. */
const KNOWN_FIELDS = new Set([
  "from",
  "to",
  "cc",
  "bcc",
  "subject",
  "date",
  "sent",
  "received",
  "return-path",
  "delivered-to",
  "message-id",
  "reply-to",
  "sender",
  "in-reply-to",
  "references",
  "mime-version",
  "content-type",
  "content-transfer-encoding",
  "x-mailer",
  "newsgroups",
  "organization",
]);
const EMBEDDED_START = /^-{2,}\s*(original message|forwarded message)\s*-{2,}$|^begin forwarded message:$/i;

/**
 * A header block starting at `start`: field lines (and their continuation lines) up to a blank
 * line or the end. Returns the index after the block's last line, or -1 if it is not a header
 * (fewer than `minFields` fields, no known field name, or a non-header line before the blank).
 */
const headerBlockEnd = (lines: string[], start: number, minFields: number, allowMbox: boolean, indented = false): number => {
  let i = start;
  let fields = 0;
  let known = false;
  if (allowMbox && i < lines.length && MBOX_FROM.test(lines[i])) i++;
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (isBlank(line)) break;
    const m = HEADER_FIELD.exec(indented ? line.trimStart() : line);
    if (m) {
      fields++;
      if (KNOWN_FIELDS.has(m[1].toLowerCase())) known = true;
    } else if (!(fields > 0 && CONTINUATION.test(line))) return -1;
  }
  return fields >= minFields && known ? i : -1;
};

const ZHeadersConfig = z.object({
  /** Header fields a block needs before it is taken for an e-mail header. */
  min_fields: z.number().int().min(1).default(2),
  /** Also remove the header blocks of quoted messages ("-----Original Message-----", "Begin forwarded message:"). */
  embedded: z.boolean().default(true),
});
type THeadersConfig = z.infer<typeof ZHeadersConfig>;

export const emailHeadersRule: TRefineRule<THeadersConfig> = {
  id: "email_headers",
  title: "E-mail headers",
  description:
    "Removes the RFC 822 header block at the start of the document (mbox From line, Name: value fields with continuation lines, up to and including the blank line), a header block forwarded right after it, and the header blocks of quoted messages (-----Original Message-----).",
  level: "chunk",
  configSchema: ZHeadersConfig,
  generate: ({ lines }: TRuleDoc, c) => {
    const flags = new Uint8Array(lines.length);
    const mark = (from: number, to: number) => flags.fill(1, from, to);
    let first = 0;
    while (first < lines.length && isBlank(lines[first])) first++;
    // The block and the blank line that ends it; then any header block right after it (a message
    // forwarded or quoted inline starts with its own "From: … / Subject: …", maybe indented).
    for (let top = true; ; top = false) {
      const end = headerBlockEnd(lines, first, c.min_fields, top, !top);
      if (end < 0) break;
      mark(first, Math.min(lines.length, end + 1));
      first = end + 1;
      while (first < lines.length && isBlank(lines[first])) first++;
    }
    if (c.embedded) {
      for (let i = 0; i < lines.length; i++) {
        if (!EMBEDDED_START.test(lines[i].trim())) continue;
        const blockEnd = headerBlockEnd(lines, i + 1, c.min_fields, false);
        if (blockEnd >= 0) mark(i, Math.min(lines.length, blockEnd + 1));
      }
    }
    return removeFlaggedLines(flags).join("\n");
  },
};

const ATTRIBUTION = /(\bwrote|\bwrites|\bsaid|\bsays|\bmentioned|\bquoted|\bscripsit)\s*:\s*$|^on\s.+:\s*$/i;

const ZQuotesConfig = z.object({
  /** Also remove the "… wrote:" line just before a quoted block. */
  attribution: z.boolean().default(true),
  /** Longest attribution line, in words. */
  attribution_max_words: z.number().int().min(1).default(30),
});
type TQuotesConfig = z.infer<typeof ZQuotesConfig>;

export const quotedRepliesRule: TRefineRule<TQuotesConfig> = {
  id: "quoted_replies",
  title: "Quoted replies",
  description: 'Removes quoted lines (starting with ">") and the attribution line before a quote ("On Mon, … Jane wrote:").',
  level: "chunk",
  configSchema: ZQuotesConfig,
  generate: ({ lines }, c) => {
    const flags = new Uint8Array(lines.length);
    const quoted = (i: number) => lines[i].trimStart().startsWith(">");
    for (let i = 0; i < lines.length; i++) {
      if (!quoted(i)) continue;
      flags[i] = 1;
      if (!c.attribution || (i > 0 && quoted(i - 1))) continue;
      // The attribution is the nearest non-blank line above the quote (one blank line allowed).
      let a = i - 1;
      if (a >= 0 && isBlank(lines[a])) a--;
      if (a < 0 || quoted(a)) continue;
      const line = lines[a].trim();
      if (wordCount(line) <= c.attribution_max_words && ATTRIBUTION.test(line)) {
        flags[a] = 1;
        // "On Mon, 23 Sep 2002, Jane Doe\nwrote:" — an attribution wrapped over two lines.
        if (/^(wrote|writes|said)\s*:/i.test(line) && a > 0 && /^on\s/i.test(lines[a - 1].trim())) flags[a - 1] = 1;
      }
    }
    return removeFlaggedLines(flags).join("\n");
  },
};

/** A separator line: five or more of one of _ - = * ~ + # at its start. */
const SEPARATOR = /^\s*([_\-=*~+#])\1{4,}/;

const ZSignatureConfig = z.object({
  /** Non-blank lines a signature may have after its delimiter; a longer tail is not taken for one. */
  max_lines: z.number().int().min(1).default(10),
  /** Accept "--" without the trailing space of the standard "-- " delimiter. */
  bare_dashes: z.boolean().default(true),
});
type TSignatureConfig = z.infer<typeof ZSignatureConfig>;

export const signaturesRule: TRefineRule<TSignatureConfig> = {
  id: "signatures",
  title: "Signatures",
  description:
    'Removes an e-mail signature: the "-- " delimiter line and what follows it, up to the end of the document or a footer separator line (_____, -----), when that is at most max_lines non-blank lines.',
  level: "chunk",
  configSchema: ZSignatureConfig,
  generate: ({ lines }, c) => {
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i].replace(/\r$/, "");
      if (!(l === "-- " || (c.bare_dashes && l.trimEnd() === "--"))) continue;
      // The signature ends where a footer starts (the footer rule owns that part).
      let stop = i + 1;
      let nonBlank = 0;
      for (; stop < lines.length && !SEPARATOR.test(lines[stop]) && nonBlank <= c.max_lines; stop++) if (!isBlank(lines[stop])) nonBlank++;
      if (nonBlank <= c.max_lines) return removeFlaggedLines(new Uint8Array(lines.length).fill(1, i, stop)).join("\n");
    }
    return "";
  },
};

const FOOTER_WORDS = [
  "mailing list",
  "listinfo",
  "unsubscribe",
  "subscription",
  "mailman",
  "yahoo! groups",
  "egroups",
  "groups sponsor",
  "sponsored by",
  "opt out",
  "opt-out",
  "to be removed",
  "remove yourself",
  "list maintainer",
  "you received this message",
  "you are receiving this",
];

const ZFooterConfig = z.object({
  /** Non-blank lines a footer may span, from its separator to the end of the document. */
  max_lines: z.number().int().min(1).default(15),
});
type TFooterConfig = z.infer<typeof ZFooterConfig>;

export const mailingListFootersRule: TRefineRule<TFooterConfig> = {
  id: "mailing_list_footers",
  title: "Mailing-list footers",
  description:
    "Removes a mailing-list or newsletter footer: from a separator line (_____, -----, =====) to the end of the document, when that tail is short and mentions the list (mailing list, listinfo, unsubscribe, Yahoo! Groups, opt out, …).",
  level: "chunk",
  configSchema: ZFooterConfig,
  generate: ({ lines }, c) => {
    // Non-blank lines from each line to the end, to test the length of a tail in O(1).
    const tail = new Int32Array(lines.length + 1);
    for (let i = lines.length - 1; i >= 0; i--) tail[i] = tail[i + 1] + (isBlank(lines[i]) ? 0 : 1);
    for (let i = 0; i < lines.length; i++) {
      if (tail[i] > c.max_lines || !SEPARATOR.test(lines[i]) || EMBEDDED_START.test(lines[i].trim())) continue;
      const rest = lines.slice(i).map(lowerTrim).join("\n");
      if (FOOTER_WORDS.some((w) => rest.includes(w))) return removeFlaggedLines(new Uint8Array(lines.length).fill(1, i)).join("\n");
    }
    return "";
  },
};
