import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { attributeColumns, listReadyAttributeSets } from "@/lib/annotate/attribute-sets";
import { INDEX_POS } from "@/lib/corpora/document-index";
import { shardColumnAliases, shardScan } from "@/lib/corpora/document-relation";
import { isReservedName } from "@/lib/corpora/reserved-names";
import { dataPath } from "@/lib/corpora/paths";
import { listShards, type TColumn } from "@/lib/corpora/versions";
import { quoteIdent, quoteLiteral, toNumber, withDuck } from "@/lib/duckdb/instance";
import { withCompiledRecipe } from "@/lib/recipes/compile";
import { previewRecipe } from "@/lib/recipes/preview";
import type { TCompiled } from "@/lib/recipes/compile";
import type { TRecipe } from "@/lib/recipes/schema";

export const sha256File = (file: string): string => createHash("sha256").update(fs.readFileSync(file)).digest("hex");

const EXT = { "jsonl.zst": "jsonl.zst", "jsonl.gz": "jsonl.gz", parquet: "parquet" } as const;
const COPY_OPTIONS = { "jsonl.zst": "FORMAT json, COMPRESSION zstd", "jsonl.gz": "FORMAT json, COMPRESSION gzip", parquet: "FORMAT parquet, COMPRESSION zstd" } as const;

/**
 * Writes the documents a recipe selects (each repeated `reps` times, in corpus order) as shards in
 * `outDir`, plus `manifest.json`. Same recipe, seed and inputs ⇒ the same bytes in every shard.
 */
export const exportRecipe = async (recipe: TRecipe, outDir: string, heartbeat: () => void = () => {}) => {
  const started = Date.now();
  const preview = await previewRecipe(recipe);
  return withCompiledRecipe(recipe, {}, (compiled) => writeExport(recipe, compiled, preview, outDir, started, heartbeat));
};

/**
 * Output field names: JSON and Parquet rows cannot hold two names differing only in case (DuckDB
 * compares them case-insensitively), so a later twin is written as `<name>_<n>`, the name DuckDB
 * itself gives it in the shards.
 */
export const outputNames = (names: string[]): string[] => {
  const used = new Set<string>();
  return names.map((name) => {
    let out = name;
    for (let n = 1; used.has(out.toLowerCase()); n++) out = `${name}_${n}`;
    used.add(out.toLowerCase());
    return out;
  });
};

const writeExport = async (
  recipe: TRecipe,
  compiled: TCompiled,
  preview: Awaited<ReturnType<typeof previewRecipe>>,
  outDir: string,
  started: number,
  heartbeat: () => void,
) => {
  const shards = listShards(compiled.version.id);
  const shardPaths = shards.map((s) => s.path);
  const versionColumns = JSON.parse(compiled.version.columnsJson) as TColumn[];
  // Each document column under its own name, read by position (hostile names included); reserved names are not exported.
  const aliases = shardColumnAliases(versionColumns);
  const kept = versionColumns.map((c, i) => ({ name: c.name, alias: aliases[i] })).filter((c) => !isReservedName(c.name));
  const outNames = outputNames(kept.map((c) => c.name));
  const outColumns = kept.map((c, i) => ({ ...c, name: outNames[i] }));
  const tmp = `${outDir}.tmp`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  const files: { file: string; docs: number; sha256: string }[] = [];
  const sel = `sel_${process.pid}_${Date.now()}`;

  await withDuck(async (conn) => {
    // The selection in output order: shard, row within the shard, then repetition.
    await conn.run(
      `CREATE TABLE ${sel} AS
       WITH s AS (SELECT ${compiled.indexed.byName.get("id")!.expr} AS id, c.reps FROM (${compiled.sql}) AS c JOIN ${compiled.indexTable} AS d ON d.${INDEX_POS} = c.rid WHERE c.reps > 0),
            pos AS (SELECT d.id, d.file_index AS fi, d.file_row_number AS frn FROM ${shardScan(shardPaths, versionColumns)})
       SELECT pos.fi, pos.frn, r.rep, row_number() OVER (ORDER BY pos.fi, pos.frn, r.rep) - 1 AS rn
       FROM s JOIN pos USING (id), LATERAL (SELECT unnest(range(s.reps)) AS rep) r`,
      compiled.params,
    );
    heartbeat();
    const total = toNumber((await conn.runAndReadAll(`SELECT count(*) AS n FROM ${sel}`)).getRowObjectsJS()[0].n);
    const parts = Math.max(1, Math.ceil(total / recipe.output.shardDocs));
    const cols = outColumns.map((c) => `d.${quoteIdent(c.alias)} AS ${quoteIdent(c.name)}`).join(", ");
    for (let part = 0; part < parts; part++) {
      const name = `part-${String(part).padStart(5, "0")}.${EXT[recipe.output.format]}`;
      const file = path.join(tmp, name);
      await conn.run(
        `COPY (SELECT ${cols} FROM ${shardScan(shardPaths, versionColumns)}
               JOIN ${sel} s ON s.fi = d.file_index AND s.frn = d.file_row_number
               WHERE s.rn >= ${part * recipe.output.shardDocs} AND s.rn < ${(part + 1) * recipe.output.shardDocs} ORDER BY s.rn)
         TO ${quoteLiteral(file)} (${COPY_OPTIONS[recipe.output.format]})`,
      );
      files.push({ file: name, docs: Math.min(recipe.output.shardDocs, total - part * recipe.output.shardDocs), sha256: sha256File(file) });
      heartbeat();
    }
    await conn.run(`DROP TABLE IF EXISTS ${sel}`);
  });

  const sets = listReadyAttributeSets(compiled.version.id);
  const manifest = {
    winnowManifest: 1,
    recipe,
    seed: recipe.seed,
    input: {
      corpusId: recipe.corpusId,
      versionId: compiled.version.id,
      version: compiled.version.version,
      documents: compiled.version.nDocs,
      shards: shards.map((s) => ({ path: s.path, docs: s.nDocs, sha256: sha256File(dataPath(s.path)) })),
      attributeSets: sets.map((s) => ({ id: s.id, name: s.name, annotators: JSON.parse(s.annotatorsJson), columns: attributeColumns(s).map((c) => c.name) })),
    },
    selection: {
      unit: preview.unit,
      tokenColumn: preview.tokenColumn,
      tokensEstimated: preview.tokensEstimated,
      groupColumn: preview.groupColumn,
      totals: preview.totals,
      groups: preview.groups,
      warnings: preview.warnings,
    },
    output: { format: recipe.output.format, files },
    timings: { startedAt: new Date(started).toISOString(), seconds: (Date.now() - started) / 1000 },
  };
  fs.writeFileSync(path.join(tmp, "manifest.json"), JSON.stringify(manifest, null, 2));
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.renameSync(tmp, outDir);
  return manifest;
};
