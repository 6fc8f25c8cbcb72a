import fs from "node:fs";
import type { DuckDBValue } from "@duckdb/node-api";
import { buildDocumentRelation } from "@/lib/corpora/document-relation";
import { compileCondition, type TFilter } from "@/lib/corpora/document-filters";
import type { TCorpusVersionRow } from "@/lib/corpora/versions";
import { streamRows } from "@/lib/duckdb/stream-rows";
import { AppError } from "@/lib/errors";
import { dclmInput } from "@/lib/fasttext/dclm-input";
import { hashUnitSql } from "@/lib/models/held-out-split";

export type TLabelledSet = { label: string; filters: TFilter[] };
export type TSplitCounts = { train: number[]; heldOut: number[]; overlapExcluded: number; cappedOut: number };

/** Compiles each set's filters against the version's documents joined with its attribute sets. */
export const compileSets = (version: TCorpusVersionRow, sets: TLabelledSet[], params: DuckDBValue[]) => {
  const rel = buildDocumentRelation(version);
  const conds = sets.map((s) => {
    if (s.filters.length === 0) throw new AppError("UNPROCESSABLE", `The "${s.label}" set needs at least one filter`);
    return compileCondition(rel, s.filters, params);
  });
  return { rel, conds };
};

/**
 * Writes fastText training and held-out files (`__label__<label> <text>` per line, DCLM's input
 * normalisation) for documents chosen by filters, one label per set. A document in several sets is
 * left out (counted). The held-out split is md5(id, seed) < fraction; within each set at most
 * `maxPerSet` documents are kept, the first by the same hash, and lines are in hash order so the
 * classes interleave as fastText's decaying learning rate needs.
 */
export const writeLabelledFiles = async (opts: {
  version: TCorpusVersionRow;
  sets: TLabelledSet[];
  heldOutFraction: number;
  seed: number;
  maxPerSet: number | null;
  trainFile: string;
  heldOutFile: string;
  onBatch?: (docs: number) => void;
}): Promise<TSplitCounts> => {
  const params: DuckDBValue[] = [];
  const { rel, conds } = compileSets(opts.version, opts.sets, params);
  params.push(String(opts.seed));
  const u = hashUnitSql("d.id", `$${params.length}`);
  const member = conds.map((c, i) => `(${c}) AS m${i}`).join(", ");
  const sql = `SELECT d.text AS text, ${member}, ${u} AS u FROM ${rel.from} WHERE ${conds.map((c) => `(${c})`).join(" OR ")} ORDER BY u, d.id`;
  const counts: TSplitCounts = { train: opts.sets.map(() => 0), heldOut: opts.sets.map(() => 0), overlapExcluded: 0, cappedOut: 0 };
  const kept = opts.sets.map(() => 0);
  const train = fs.openSync(opts.trainFile, "w");
  const held = fs.openSync(opts.heldOutFile, "w");
  try {
    for await (const rows of streamRows(sql, params)) {
      const trainLines: string[] = [];
      const heldLines: string[] = [];
      for (const r of rows) {
        const inSets = opts.sets.map((_, i) => r[1 + i] === true);
        const n = inSets.filter(Boolean).length;
        if (n !== 1) {
          if (n > 1) counts.overlapExcluded++;
          continue;
        }
        const k = inSets.indexOf(true);
        if (opts.maxPerSet !== null && kept[k] >= opts.maxPerSet) {
          counts.cappedOut++;
          continue;
        }
        kept[k]++;
        const line = `__label__${opts.sets[k].label} ${dclmInput(String(r[0] ?? ""))}`;
        if (Number(r[1 + opts.sets.length]) < opts.heldOutFraction) {
          heldLines.push(line);
          counts.heldOut[k]++;
        } else {
          trainLines.push(line);
          counts.train[k]++;
        }
      }
      if (trainLines.length) fs.writeSync(train, trainLines.join("\n") + "\n");
      if (heldLines.length) fs.writeSync(held, heldLines.join("\n") + "\n");
      opts.onBatch?.(rows.length);
    }
  } finally {
    fs.closeSync(train);
    fs.closeSync(held);
  }
  return counts;
};

/** Reads a file written by writeLabelledFiles back as (label, text) pairs, line by line. */
export async function* readLabelledLines(file: string): AsyncGenerator<{ label: string; text: string }> {
  const { createInterface } = await import("node:readline");
  const rl = createInterface({ input: fs.createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line) continue;
    const sp = line.indexOf(" ");
    yield { label: line.slice("__label__".length, sp < 0 ? line.length : sp), text: sp < 0 ? "" : line.slice(sp + 1) };
  }
}
