import fs from "node:fs";
import { writeFileAtomic } from "@/lib/fs/write-file-atomic";
import { AppError } from "@/lib/errors";
import { readInputChunks, splitLines } from "@/lib/ingest/open-input";
import { BOS, checkSuffixClosed, EOS, MISSING_UNK_LOG10, UNK, type TNgramModel } from "@/lib/ngram/model";
import { hashIds, NgramTable } from "@/lib/ngram/ngram-table";

/**
 * The ARPA back-off model format (the text format of SRILM and KenLM):
 *
 *   \data\
 *   ngram 1=<count>            one line per order
 *   …
 *   \1-grams:
 *   <log10 p>\t<word>\t<log10 backoff>      back-off omitted when 0
 *   …
 *   \2-grams:
 *   <log10 p>\t<w1> <w2>[\t<log10 backoff>]
 *   …
 *   \end\
 *
 * Lines before `\data\` (lmplz's `-V` header) are ignored. Fields may be separated by tabs or spaces.
 */

/** Cap on n-grams in a loaded ARPA file: about 40 bytes each at order 5 in the worker. */
export const DEFAULT_MAX_LOAD_NGRAMS = 30_000_000;

/** A log10 value as written: 9 significant digits round-trip a float32 exactly; log 0 is −99. */
const formatLog = (x: number): string => (x === 0 ? "0" : Number.isFinite(x) ? x.toPrecision(9) : "-99");

/** Writes the model as an ARPA file atomically (temp name, then rename); returns its size in bytes. */
export const writeArpa = (m: TNgramModel, file: string, onProgress?: () => void): number =>
  writeFileAtomic(
    file,
    ({ write: out }) => {
      out("\\data\\\n");
      m.tables.forEach((t, i) => out(`ngram ${i + 1}=${t.size}\n`));
      for (let n = 1; n <= m.order; n++) {
        out(`\n\\${n}-grams:\n`);
        const t = m.tables[n - 1];
        const prob = m.prob[n - 1];
        const bo = m.backoff[n - 1];
        for (let e = 0; e < t.size; e++) {
          let words = m.words[t.ids[e * n]];
          for (let j = 1; j < n; j++) words += ` ${m.words[t.ids[e * n + j]]}`;
          out(bo[e] !== 0 ? `${formatLog(prob[e])}\t${words}\t${formatLog(bo[e])}\n` : `${formatLog(prob[e])}\t${words}\n`);
        }
      }
      out("\n\\end\\\n");
    },
    { onFlush: onProgress },
  );

export type TArpaLoad = { model: TNgramModel; warnings: string[] };

/**
 * Reads an ARPA file (optionally .gz or .zst) into typed-array tables. Checks the header counts
 * against the sections, rejects n-grams with words that are not unigrams and duplicate n-grams, and
 * requires `<s>` and `</s>`; a missing `<unk>` is added with log10 p = −100, as KenLM does.
 */
export const readArpa = async (file: string, opts: { maxNgrams?: number; onProgress?: () => void } = {}): Promise<TArpaLoad> => {
  if (!fs.existsSync(file)) throw new AppError("NOT_FOUND", `No such ARPA file: ${file}`);
  const maxNgrams = opts.maxNgrams ?? DEFAULT_MAX_LOAD_NGRAMS;
  const compression = /\.gz$/i.test(file) ? "gzip" : /\.zstd?$/i.test(file) ? "zstd" : "none";
  const warnings: string[] = [];
  const declared: number[] = [];
  const words: string[] = [];
  const vocab = new Map<string, number>();
  const tables: NgramTable[] = [];
  const probs: Float32Array[] = [];
  const backoffs: Float32Array[] = [];
  let state: "preamble" | "header" | "section" | "end" = "preamble";
  let n = 0;
  let seen = 0;
  let ids = new Int32Array(16);
  let truncated: string | null = null;
  let lines = 0;

  const endSection = (lineNo: number) => {
    if (n > 0 && seen !== declared[n - 1]) throw new AppError("UNPROCESSABLE", `${file}: line ${lineNo}: the header declares ngram ${n}=${declared[n - 1]} but the \\${n}-grams: section has ${seen} lines`);
  };

  const fail = (lineNo: number, msg: string): never => {
    throw new AppError("UNPROCESSABLE", `${file}: line ${lineNo}: ${msg}`);
  };
  const parseLog = (v: string, lineNo: number): number => {
    const x = Number(v);
    if (Number.isFinite(x)) return x;
    if (/^-inf(inity)?$/i.test(v)) return -Infinity;
    return fail(lineNo, `"${v}" is not a number`);
  };

  /** One n-gram line of section n: "prob<TAB>w1 w2<TAB>backoff" (tabs, or any whitespace). */
  const addNgram = (line: string, lineNo: number) => {
    let probText: string;
    let backoffText: string | undefined;
    let gram: string[];
    const parts = line.split("\t");
    if (parts.length === 2 || parts.length === 3) {
      probText = parts[0];
      backoffText = parts[2];
      gram = n === 1 ? [parts[1]] : parts[1].split(" ");
    } else {
      const f = line.split(/\s+/);
      probText = f[0];
      gram = f.slice(1, n + 1);
      backoffText = f.length === n + 2 ? f[n + 1] : undefined;
      if (f.length !== n + 1 && f.length !== n + 2) fail(lineNo, `expected log10 p, ${n} word(s) and an optional back-off, got ${f.length} fields`);
    }
    if (gram.length !== n) fail(lineNo, `expected ${n} word(s) in a \\${n}-grams: line, got ${gram.length}`);
    if (++seen > declared[n - 1]) fail(lineNo, `more ${n}-grams than the header's ngram ${n}=${declared[n - 1]}`);
    const prob = parseLog(probText, lineNo);
    const bo = backoffText === undefined ? 0 : parseLog(backoffText, lineNo);
    if (n === 1) {
      if (vocab.has(gram[0])) fail(lineNo, `duplicate unigram "${gram[0]}"`);
      vocab.set(gram[0], words.length);
      words.push(gram[0]);
    }
    if (ids.length < n) ids = new Int32Array(n * 2);
    for (let j = 0; j < n; j++) {
      const id = vocab.get(gram[j]);
      if (id === undefined) return fail(lineNo, `"${gram[j]}" is not in the \\1-grams: section`);
      ids[j] = id;
    }
    const t = tables[n - 1];
    const before = t.size;
    const e = t.insert(ids, 0, hashIds(ids, 0, n));
    if (t.size === before) fail(lineNo, `duplicate ${n}-gram "${gram.join(" ")}"`);
    probs[n - 1][e] = prob;
    backoffs[n - 1][e] = bo;
  };

  for await (const l of splitLines(readInputChunks(file, compression, Number.MAX_SAFE_INTEGER), () => {}, (msg) => (truncated = msg))) {
    if (++lines % 200_000 === 0) opts.onProgress?.();
    let line = l.buf.toString("utf8");
    const last = line.charCodeAt(line.length - 1);
    if (last === 32 || last === 9 || last === 13 || line.charCodeAt(0) === 32) line = line.trim();
    if (state === "section" && n > 0 && line.length > 0 && line.charCodeAt(0) !== 92) {
      addNgram(line, l.lineNo);
      continue;
    }
    const where = `${file}: line ${l.lineNo}`;
    if (state === "preamble") {
      if (line === "\\data\\") state = "header";
      continue;
    }
    if (line === "") continue;
    if (state === "header") {
      const m = /^ngram\s+(\d+)\s*=\s*(\d+)$/.exec(line);
      if (m) {
        if (Number(m[1]) !== declared.length + 1) throw new AppError("UNPROCESSABLE", `${where}: expected "ngram ${declared.length + 1}=…", got "${line}"`);
        declared.push(Number(m[2]));
        continue;
      }
      if (declared.length === 0) throw new AppError("UNPROCESSABLE", `${where}: expected "ngram 1=<count>" after \\data\\`);
      const total = declared.reduce((a, b) => a + b, 0);
      if (total > maxNgrams) {
        throw new AppError("UNPROCESSABLE", `${file} holds ${total.toLocaleString("en-US")} n-grams; this worker loads at most ${maxNgrams.toLocaleString("en-US")} (prune the model, e.g. lmplz --prune)`);
      }
      for (let i = 0; i < declared.length; i++) {
        tables.push(new NgramTable(i + 1, declared[i] + (i === 0 ? 1 : 0)));
        probs.push(new Float32Array(declared[i] + (i === 0 ? 1 : 0)));
        backoffs.push(new Float32Array(declared[i] + (i === 0 ? 1 : 0)));
      }
      state = "section";
    }
    if (state === "end") throw new AppError("UNPROCESSABLE", `${where}: text after \\end\\`);
    const sec = /^\\(\d+)-grams:$/.exec(line);
    if (sec) {
      endSection(l.lineNo);
      const next = Number(sec[1]);
      if (next !== n + 1 || next > declared.length) throw new AppError("UNPROCESSABLE", `${where}: unexpected section ${line}`);
      n = next;
      seen = 0;
      continue;
    }
    if (line === "\\end\\") {
      endSection(l.lineNo);
      if (n !== declared.length) throw new AppError("UNPROCESSABLE", `${where}: \\end\\ before the \\${n + 1}-grams: section`);
      state = "end";
      continue;
    }
    if (n === 0) throw new AppError("UNPROCESSABLE", `${where}: expected the \\1-grams: section, got "${line.slice(0, 80)}"`);
    addNgram(line, l.lineNo);
  }
  if (truncated) throw new AppError("UNPROCESSABLE", `${file}: ${truncated}`);
  if (state !== "end") throw new AppError("UNPROCESSABLE", `${file}: ${state === "preamble" ? "no \\data\\ line: not an ARPA file" : "ends before \\end\\ (truncated?)"}`);
  for (const w of [BOS, EOS]) if (!vocab.has(w)) throw new AppError("UNPROCESSABLE", `${file}: the model has no ${w} unigram`);
  if (!vocab.has(UNK)) {
    const id = words.length;
    vocab.set(UNK, id);
    words.push(UNK);
    const e = tables[0].insert([id], 0, hashIds([id], 0, 1));
    probs[0][e] = MISSING_UNK_LOG10;
    warnings.push(`The model has no <unk>: unknown words get log10 p = ${MISSING_UNK_LOG10}, as in KenLM`);
  }
  tables.forEach((t) => t.compact());
  const suffixClosed = checkSuffixClosed({ order: declared.length, tables }, opts.onProgress);
  if (!suffixClosed) warnings.push("Some n-grams lack their suffix n-gram (not written by lmplz?): scoring uses the slower general back-off lookup");
  const model: TNgramModel = {
    order: declared.length,
    words,
    vocab,
    unk: vocab.get(UNK)!,
    bos: vocab.get(BOS)!,
    eos: vocab.get(EOS)!,
    tables,
    prob: probs.map((p, i) => p.subarray(0, tables[i].size)),
    backoff: backoffs.map((b, i) => b.subarray(0, tables[i].size)),
    suffixClosed,
  };
  return { model, warnings };
};
