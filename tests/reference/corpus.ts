/**
 * A varied English test corpus for the reference-agreement tests, generated at test time from
 * what is installed (no network): Brown corpus samples, SpamAssassin mails, package READMEs, their
 * paragraphs cut and mutated, and generated junk (repeated lines, bullet lists, ellipses, short
 * lines, numbers, code, CRLF, whitespace-only lines, hashtags, policy notices, lorem ipsum, …).
 * Deterministic for a given seed.
 */
import { brownDocs } from "@/lib/demo/brown";
import { packageReadmeDocs } from "@/lib/demo/package-readmes";
import { spamAssassinDocs } from "@/lib/demo/spam-assassin";

export type TRefDoc = { id: string; text: string };

/** mulberry32: small seeded PRNG. */
const rng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

export const buildReferenceCorpus = (size = 2000, seed = 15): TRefDoc[] => {
  const r = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const int = (a: number, b: number) => a + Math.floor(r() * (b - a + 1));
  const brown = brownDocs("paragraphs").map((d) => d.text);
  const mails = spamAssassinDocs().map((d) => d.text);
  const readmes = packageReadmeDocs({ limit: 600 }).map((d) => d.text);
  const paragraphs = [...brown, ...readmes].flatMap((t) => t.split(/\n{2,}/)).filter((p) => p.trim().length > 0);
  const sentences = brown.flatMap((t) => t.split(/(?<=[.!?])\s+/)).filter((s) => s.length > 3);
  const words = sentences.flatMap((s) => s.split(/\s+/)).filter(Boolean);
  const slice = (t: string) => {
    const a = int(0, Math.max(0, t.length - 200));
    return t.slice(a, a + int(200, 6000));
  };
  const para = (n: number) => Array.from({ length: n }, () => pick(paragraphs)).join(pick(["\n\n", "\n", "\n\n\n"]));
  const junk: (() => string)[] = [
    () => Array.from({ length: int(3, 40) }, () => pick(sentences)).join("\n"),
    () => { const l = pick(sentences); return Array.from({ length: int(2, 30) }, () => (r() < 0.6 ? l : pick(sentences))).join("\n"); },
    () => Array.from({ length: int(3, 30) }, () => `${pick(["- ", "• ", "* ", "● ", "  - ", "1. "])}${pick(sentences)}`).join("\n"),
    () => Array.from({ length: int(3, 30) }, () => `${pick(sentences).replace(/[.!?]$/, "")}${pick(["...", "…", " ...", ". . .", "."])}`).join("\n"),
    () => Array.from({ length: int(5, 60) }, () => Array.from({ length: int(1, 4) }, () => pick(words)).join(" ")).join("\n"),
    () => Array.from({ length: int(20, 300) }, () => String(int(0, 99999))).join(pick([" ", "\n", ", "])),
    () => `function f(x) {\n  return x + 1;\n}\n${para(int(1, 3))}\nconst y = { a: 1 };\n#include <stdio.h>\n# Heading\n## Another\n`,
    () => para(int(2, 8)).replace(/\n/g, "\r\n"),
    () => para(int(2, 8)).replace(/\n/g, () => pick(["\n  \n", "\n \t\n", "\n"])),
    () => Array.from({ length: 10 }, () => `${pick(sentences)}\n  `).join("\n"),
    () => `${para(int(1, 4))}\n${pick(["This site uses cookies.", "Read our privacy policy.", "Enable JavaScript to view.", "Terms of use apply."])}\n${para(int(1, 3))}`,
    () => `Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n${para(int(1, 3))}`,
    () => Array.from({ length: int(20, 200) }, () => pick(words)).join(" ") + " " + Array.from({ length: int(2, 30) }, () => "#" + pick(words)).join(" "),
    () => { const s = Array.from({ length: int(5, 12) }, () => pick(words)).join(" "); return Array.from({ length: int(3, 12) }, () => s).join(" ") + " " + para(1); },
    () => Array.from({ length: int(50, 400) }, () => pick(words)).join(" "),
    () => `${para(int(1, 3))}\n\n${"=".repeat(int(3, 80))}\n\n${para(int(1, 3))}`,
    () => pick(sentences),
    () => "",
    () => "   \n\n  \t \n",
    () => `He said: "Mr. Smith, Inc. and Dr. Jones met at 3 p.m. on Jan. 5." ${para(int(1, 2))} (U.S.) e.g. i.e. etc. ${pick(sentences)}`,
    () => `${para(int(1, 3))}\n[1] [edit] [citation needed] ${pick(sentences)} [2]\n${"x".repeat(int(900, 1100))} end.\n${para(1)}`,
    () => Array.from({ length: int(5, 20) }, () => `${pick(sentences)} https://example.com/${pick(words).replace(/\W/g, "")}?q=1 ${pick(["✓", "→", "😀", "©", "½"])}`).join("\n"),
  ];
  const mutate = (t: string): string => {
    switch (int(0, 6)) {
      case 0: return t.replace(/\n/g, "\r\n");
      case 1: return t + "\n" + t.split("\n").slice(0, int(1, 10)).join("\n");
      case 2: return t.split("\n").map((l) => (r() < 0.2 ? "  " : l)).join("\n");
      case 3: return t.split("\n").map((l) => (r() < 0.3 ? `- ${l}` : l)).join("\n");
      case 4: return t.toUpperCase();
      default: return t;
    }
  };
  const docs: TRefDoc[] = [];
  for (let i = 0; i < size; i++) {
    const k = r();
    let text: string;
    if (k < 0.15) text = slice(pick(brown));
    else if (k < 0.3) text = slice(pick(mails));
    else if (k < 0.45) text = slice(pick(readmes));
    else if (k < 0.6) text = mutate(para(int(1, 12)));
    else if (k < 0.65) text = pick(brown);
    else text = r() < 0.3 ? mutate(pick(junk)()) : pick(junk)();
    docs.push({ id: `ref-${i}`, text });
  }
  return docs;
};
