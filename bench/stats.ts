import fs from "node:fs";
import { readShardDocs, type TDoc } from "@/lib/annotate/read-shard-docs";
import { dataPath } from "@/lib/corpora/paths";
import { getReadyVersionOrThrow, listShards } from "@/lib/corpora/versions";

/** Nearest-rank percentile of `xs` (p in 0..100). */
export const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};

export type TLatency = { p50: number; p95: number; mean: number; min: number; max: number; runs: number; warmup: number };

const round = (x: number) => Math.round(x * 100) / 100;

/**
 * Times `fn(i)` `runs` times after `warmup` runs; returns latencies in ms. `i` is the run index
 * (warm-ups get negative indexes), so a case can vary its parameters from run to run.
 */
export const timeIt = async (fn: (i: number) => Promise<unknown>, runs = 30, warmup = 3): Promise<TLatency> => {
  for (let i = 0; i < warmup; i++) await fn(-1 - i);
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn(i);
    xs.push(performance.now() - t);
  }
  return {
    p50: round(percentile(xs, 50)),
    p95: round(percentile(xs, 95)),
    mean: round(xs.reduce((a, b) => a + b, 0) / xs.length),
    min: round(Math.min(...xs)),
    max: round(Math.max(...xs)),
    runs,
    warmup,
  };
};

/** Peak resident memory (VmHWM) of a process (default: this one), in MB; null where /proc cannot tell. */
export const peakRssMb = (pid: number | "self" = "self"): number | null => {
  try {
    const m = fs.readFileSync(`/proc/${pid}/status`, "utf8").match(/VmHWM:\s+(\d+) kB/);
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
};

/** Every document of a ready corpus version (default: the current one), read from its shards. */
export const loadVersionDocs = async (corpusId: string, versionId?: string): Promise<TDoc[]> => {
  const version = getReadyVersionOrThrow(corpusId, versionId);
  const docs: TDoc[] = [];
  for (const s of listShards(version.id)) for await (const batch of readShardDocs(dataPath(s.path), 5000)) docs.push(...batch);
  return docs;
};
