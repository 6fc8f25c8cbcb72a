import { describe, expect, it } from "vitest";
import {
  C_LETTER,
  C_NUMBER,
  C_PUNCT,
  C_SPACE,
  C_SYMBOL,
  classAt,
  codePointLength,
  countOccurrences,
  countWords,
  hashedWords,
  HashCounter,
  segmentRanges,
  splitLines,
  splitParagraphs,
  splitWords,
} from "@/lib/annotators/text-utils";

const words = (text: string): string[] => {
  const spans: number[] = [];
  hashedWords(text, spans);
  const out: string[] = [];
  for (let i = 0; i < spans.length; i += 2) out.push(text.slice(spans[i], spans[i + 1]));
  return out;
};

describe("character classes", () => {
  it("classifies letters, digits, punctuation, symbols and Python whitespace", () => {
    expect(classAt("a", 0) & C_LETTER).toBeTruthy();
    expect(classAt("é", 0) & C_LETTER).toBeTruthy();
    expect(classAt("中", 0) & C_LETTER).toBeTruthy();
    expect(classAt("٣", 0) & C_NUMBER).toBeTruthy();
    expect(classAt("…", 0) & C_PUNCT).toBeTruthy();
    expect(classAt("😀", 0) & C_SYMBOL).toBeTruthy();
    expect(classAt("𝐀", 0) & C_LETTER).toBeTruthy(); // astral letter
    for (const ws of [" ", "\t", "\n", "\r", "\u000b", "\u000c", "\u001c", "\u0085", "\u00a0", "\u2003", "\u3000"]) expect(classAt(ws, 0) & C_SPACE).toBeTruthy();
    expect(classAt("\u200b", 0) & C_SPACE).toBeFalsy(); // zero-width space is not whitespace for Python
  });
});

describe("lengths, words, lines, paragraphs", () => {
  it("counts code points, not UTF-16 units", () => {
    expect(codePointLength("a😀b")).toBe(3);
    expect(codePointLength("😀😀", 2, 4)).toBe(1);
    expect(codePointLength("")).toBe(0);
  });

  it("splits words like Python str.split()", () => {
    expect(splitWords("  a\tb\u00a0c\n\nd  ")).toEqual(["a", "b", "c", "d"]);
    expect(countWords("  a\tb\u00a0c\n\nd  ")).toBe(4);
    expect(countWords("")).toBe(0);
  });

  it("splits lines and paragraphs, \\r\\n included", () => {
    expect(splitLines("a\r\nb\nc")).toEqual(["a", "b", "c"]);
    expect(splitParagraphs("p1 l1\r\np1 l2\r\n\r\n  p2  \n\n\n\np3")).toEqual(["p1 l1\np1 l2", "p2", "p3"]);
    // DCLM split_paragraphs: split on the literal separator, strip, drop empties.
    // " a " is [1, 2); then "\nb" stripped is "b" at [6, 7); the last piece is empty.
    expect(segmentRanges(" a \n\n\nb\n\n", "\n\n")).toEqual([1, 2, 6, 7]);
  });

  it("counts non-overlapping occurrences like Python str.count", () => {
    expect(countOccurrences("......", "...")).toBe(2);
    expect(countOccurrences(".....", "...")).toBe(1);
    expect(countOccurrences("", "#")).toBe(0);
  });
});

describe("hashedWords (approximate UAX #29, punctuation dropped)", () => {
  it("keeps contractions, abbreviations and numbers whole and drops punctuation", () => {
    expect(words("Can't stop: U.S.A. won 3.14 and 1,000 e-mails; foo_bar!")).toEqual(["Can't", "stop", "U.S.A", "won", "3.14", "and", "1,000", "e", "mails", "foo_bar"]);
  });

  it("makes each Han / Hiragana character a word and keeps Katakana runs", () => {
    expect(words("中文字 カタカナ ひらがな")).toEqual(["中", "文", "字", "カタカナ", "ひ", "ら", "が", "な"]);
  });

  it("ignores emoji and symbols and counts word lengths in code points", () => {
    const w = hashedWords("😀 𝐀𝐁 — ok");
    expect(w.count).toBe(2);
    expect(Array.from(w.length.subarray(0, 2))).toEqual([2, 2]);
    expect(w.totalLength).toBe(4);
  });

  it("hashes equal words equally", () => {
    const w = hashedWords("alpha beta alpha");
    expect(w.hashA[0]).toBe(w.hashA[2]);
    expect(w.hashB[0]).toBe(w.hashB[2]);
    expect(w.hashA[0]).not.toBe(w.hashA[1]);
  });
});

describe("HashCounter", () => {
  it("counts keys, keeps first positions, grows and resets", () => {
    const c = new HashCounter();
    const n = 5000;
    for (let i = 0; i < n; i++) c.add((i % 1000) * 2654435761, i % 1000, i);
    expect(c.size).toBe(1000);
    expect(c.counts[0]).toBe(5);
    expect(c.first[999]).toBe(999);
    c.reset();
    expect(c.size).toBe(0);
    expect(c.add(42, 1, 7)).toBe(0);
    expect(c.add(42, 2, 8)).toBe(1); // same slot lane, different key
    expect(c.add(42, 1, 9)).toBe(0);
    expect(c.counts[0]).toBe(2);
  });
});
