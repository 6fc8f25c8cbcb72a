/**
 * How the documents-table text search could be cheaper: counts matches of one word over every
 * shard of the bench table corpus with several DuckDB predicates, against a plain text scan.
 * `npx tsx bench/search-variants.ts [word] [reps]` (after `npm run bench -- table`).
 */
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";

export const searchVariants = async (shards: string[], word: string, reps = 2) => {
  const inst = await DuckDBInstance.create(":memory:");
  const conn = await inst.connect();
  const src = `read_parquet([${shards.map((f) => `'${f.replaceAll("'", "''")}'`).join(", ")}])`;
  const w = word.replaceAll("'", "''");
  const re = word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replaceAll("'", "''");
  const variants: Record<string, string> = {
    "scan only: sum(strlen(text))": `SELECT sum(strlen(text)) AS n FROM ${src}`,
    "contains(lower(text), w)  [current]": `SELECT count(*) AS n FROM ${src} WHERE contains(lower(text), '${w.toLowerCase()}')`,
    "regexp_matches(text, '(?i)w')": `SELECT count(*) AS n FROM ${src} WHERE regexp_matches(text, '(?i)${re}')`,
    "text ILIKE '%w%'": `SELECT count(*) AS n FROM ${src} WHERE text ILIKE '%${w}%'`,
    "contains(text, w)  [case-sensitive]": `SELECT count(*) AS n FROM ${src} WHERE contains(text, '${w}')`,
  };
  const out: Record<string, { seconds: number[]; cpuSeconds: number[]; result: number }> = {};
  try {
    for (let r = 0; r < reps; r++) {
      for (const [name, sql] of Object.entries(variants)) {
        const cpu0 = process.cpuUsage();
        const t = performance.now();
        const rows = (await conn.runAndReadAll(sql)).getRowObjectsJS();
        const cpu = process.cpuUsage(cpu0);
        const o = (out[name] ??= { seconds: [], cpuSeconds: [], result: Number(rows[0].n) });
        o.seconds.push(Math.round(performance.now() - t) / 1000);
        o.cpuSeconds.push(Math.round((cpu.user + cpu.system) / 1e4) / 100);
        console.log(`  ${name.padEnd(40)} ${o.seconds.at(-1)!.toFixed(2)} s, ${o.cpuSeconds.at(-1)!.toFixed(2)} CPU-s → ${o.result}`);
      }
    }
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
  return { word, variants: out };
};

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  process.env.WINNOW_DATA_DIR = path.resolve(process.env.BENCH_DATA_DIR ?? "bench/out/data");
  void (async () => {
    const { tableCorpusName } = await import("@/bench/table");
    const { findCorpusByName, getReadyVersionOrThrow, listShards } = await import("@/lib/corpora/versions");
    const { dataPath } = await import("@/lib/corpora/paths");
    const name = tableCorpusName(Number(process.env.BENCH_TABLE_DOCS ?? 1_000_000), Number(process.env.BENCH_SEED ?? 42));
    const corpus = findCorpusByName(name);
    if (!corpus) throw new Error(`No corpus ${name} in ${process.env.WINNOW_DATA_DIR}: run \`npm run bench -- table\` first`);
    const shards = listShards(getReadyVersionOrThrow(corpus.id).id).map((s) => dataPath(s.path));
    console.log(`${name}: ${shards.length} shards`);
    await searchVariants(shards, process.argv[2] ?? "harbor", Number(process.argv[3] ?? 2));
  })();
}
