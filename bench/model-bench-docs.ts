import fs from "node:fs";
import { ensureCorpus } from "@/bench/generate-corpus";
import { peakRssMb } from "@/bench/stats";

export type TBenchDoc = { id: string; text: string; source: string; genre: string };

/** The first `n` documents of the generated real-text corpus of that size (bench/generate-corpus.ts). */
export const loadBenchDocs = (outDir: string, n: number): TBenchDoc[] => {
  const { file } = ensureCorpus(outDir, { docs: n });
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .slice(0, n)
    .map((l) => {
      const d = JSON.parse(l) as TBenchDoc;
      return { id: d.id, text: d.text, source: d.source, genre: d.genre };
    });
};

/** Runs `fn` over the documents and reports docs/s of wall time and per CPU-second of this process. */
export const measure = (docs: TBenchDoc[], fn: (batch: TBenchDoc[]) => unknown, batch = 1000) => {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < docs.length; i += batch) fn(docs.slice(i, i + batch));
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(cpu0);
  const cpu = (c.user + c.system) / 1e6;
  const mb = docs.reduce((a, d) => a + Buffer.byteLength(d.text), 0) / 1e6;
  return { docs: docs.length, wallSeconds: round(wall), cpuSeconds: round(cpu), docsPerSecond: Math.round(docs.length / wall), docsPerCpuSecond: Math.round(docs.length / cpu), mbPerCpuSecond: round(mb / cpu) };
};

export const round = (x: number) => Math.round(x * 100) / 100;

/** Peak resident memory of this process in MB (its current RSS where /proc cannot tell). */
export const peakRssNowMb = (): number => Math.round(peakRssMb() ?? process.memoryUsage().rss / 2 ** 20);
