import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { runs } from "@/db/schema";
import { getAnnotator } from "@/lib/annotators";
import { createAttributeSet, getAttributeSetByRun, markAttributeSetFailed, markAttributeSetReady } from "@/lib/annotate/attribute-sets";
import { buildDocumentRelation } from "@/lib/corpora/document-relation";
import { dataPath } from "@/lib/corpora/paths";
import { getReadyVersionOrThrow, getVersionOrThrow, listShards, type TCorpusVersionRow } from "@/lib/corpora/versions";
import { getDb } from "@/lib/db/client";
import { quoteIdent, quoteLiteral, toNumber, withDuck } from "@/lib/duckdb/instance";
import { AppError, errorMessage } from "@/lib/errors";
import { mapDuckType } from "@/lib/imports/inspect-scores";
import { resolveScoresFile, scoresReader, ZScoresSourceSchema } from "@/lib/imports/scores-file";
import type { TRunType } from "@/lib/runs/types";

export const PREFIX_RE = /^[a-z][a-z0-9_]{0,39}$/;
const ZType = z.enum(["BIGINT", "DOUBLE", "BOOLEAN", "VARCHAR"]);

export const ZImportConfigSchema = z.object({
  corpusId: z.string().min(1),
  versionId: z.string().min(1).optional(),
  name: z.string().trim().max(200).optional(),
  source: ZScoresSourceSchema,
  /** The column holding document ids (matched against the version's `id` as text). */
  idColumn: z.string().min(1),
  /** Namespace of the imported columns: `<prefix>.<column>`. */
  prefix: z.string().regex(PREFIX_RE, "prefix must be a lower-case identifier: a letter, then letters, digits or _ (at most 40)"),
  /** What is imported: the file's column, its name in the studio, its type; `declared` = chosen by the user (values must cast). */
  columns: z
    .array(z.object({ source: z.string().min(1), name: z.string().min(1), type: ZType, declared: z.boolean().default(false) }))
    .min(1, "choose at least one column to import")
    .max(500),
});
export type TImportConfig = z.infer<typeof ZImportConfigSchema>;

const TABLE = "imported";
let tableCounter = 0;
const SAMPLES = 10;

export type TImportSummary = {
  attributeSetId: string;
  fileName: string;
  rows: number;
  matched: number;
  /** Rows whose id is not a document of the version: not imported. */
  unmatchedInFile: { count: number; samples: { id: string; row: number }[] };
  /** Documents of the version with no row in the file: their columns are null. */
  docsWithoutScore: { count: number; samples: string[] };
  columns: { source: string; name: string; type: string }[];
  warnings: string[];
};

/** Checks the prefix and the column names against the version's columns; returns shadowing warnings. */
export const checkImportNames = (version: TCorpusVersionRow, prefix: string, names: string[]): string[] => {
  if (!PREFIX_RE.test(prefix)) throw new AppError("UNPROCESSABLE", `Invalid prefix "${prefix}": a lower-case identifier (a letter, then letters, digits or _) of at most 40 characters`);
  if (getAnnotator(prefix)) throw new AppError("UNPROCESSABLE", `The prefix "${prefix}" is the id of a built-in annotator; choose another`);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new AppError("UNPROCESSABLE", `Two columns would both be named "${dup}"; rename or drop one`);
  const rel = buildDocumentRelation(version);
  const warnings: string[] = [];
  for (const n of names) {
    const existing = rel.byName.get(n);
    if (existing?.origin === "document") throw new AppError("UNPROCESSABLE", `"${n}" is a document column of this corpus; choose another prefix`);
    if (existing) warnings.push(`"${n}" already exists (attribute set ${existing.attributeSetId}); the imported column replaces it in queries (the newest set wins)`);
  }
  return warnings;
};

const sqlString = (v: string) => quoteLiteral(v);
const fmtRows = (rows: number[]) => rows.join(", ");

/** Reads, validates and matches the file in DuckDB, then writes the attribute set's Parquet file. */
const importScores = async (config: TImportConfig, version: TCorpusVersionRow, outFile: string, heartbeat: () => void): Promise<Omit<TImportSummary, "attributeSetId" | "warnings"> & { warnings: string[] }> => {
  const file = resolveScoresFile(config.source);
  const src = scoresReader(file);
  const fileName = path.basename(file);
  const warnings: string[] = [];
  return withDuck(async (conn) => {
    let described: { name: string; type: string }[];
    try {
      described = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${src}`)).getRowObjectsJS().map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
    } catch (e) {
      throw new AppError("UNPROCESSABLE", `Could not read ${fileName}: ${errorMessage(e).split("\n")[0]}`);
    }
    const typeOf = new Map(described.map((d) => [d.name, d.type]));
    const known = described.map((d) => d.name).join(", ");
    if (!typeOf.has(config.idColumn)) throw new AppError("UNPROCESSABLE", `${fileName} has no column "${config.idColumn}" for the ids. Its columns: ${known}`);
    for (const c of config.columns) {
      const t = typeOf.get(c.source);
      if (t === undefined) throw new AppError("UNPROCESSABLE", `${fileName} has no column "${c.source}". Its columns: ${known}`);
      if (mapDuckType(t) === null) throw new AppError("UNPROCESSABLE", `Column "${c.source}" is ${t}: lists, structs, maps and blobs cannot be imported`);
      if (c.source === config.idColumn) throw new AppError("UNPROCESSABLE", `"${c.source}" is the id column; it is not imported as a score`);
    }
    // JSON columns (values of mixed types) are read as their text: 1 → "1", "n/a" → "n/a".
    const raw = (name: string) => (typeOf.get(name) === "JSON" ? `json_extract_string(${quoteIdent(name)}, '$')` : quoteIdent(name));
    const t = `imp_${process.pid}_${++tableCounter}`;
    const cols = config.columns.map((c, i) => ({ ...c, tmp: `c${i}`, inferred: mapDuckType(typeOf.get(c.source)!)! }));
    await conn.run(
      `CREATE TEMP TABLE ${t} AS SELECT row_number() OVER () AS __row, CAST(${raw(config.idColumn)} AS VARCHAR) AS __id${cols.map((c) => `, ${raw(c.source)} AS ${c.tmp}`).join("")} FROM ${src}`,
    );
    const cids = `${t}_corpus`;
    try {
      heartbeat();
      const rows = toNumber((await conn.runAndReadAll(`SELECT count(*) FROM ${t}`)).getRowsJS()[0][0]);
      if (rows === 0) throw new AppError("UNPROCESSABLE", `${fileName} has no rows`);

      const [noId, firstNoId] = (await conn.runAndReadAll(`SELECT count(*), min(__row) FROM ${t} WHERE __id IS NULL OR trim(__id) = ''`)).getRowsJS()[0];
      if (toNumber(noId) > 0) throw new AppError("UNPROCESSABLE", `${toNumber(noId)} row(s) of ${fileName} have no "${config.idColumn}" (first at row ${toNumber(firstNoId)}); every row needs an id`);

      const dups = (
        await conn.runAndReadAll(
          `SELECT __id, count(*) AS n, list(__row ORDER BY __row)[1:3] AS at, count(*) OVER () AS ids FROM ${t} GROUP BY __id HAVING count(*) > 1 ORDER BY min(__row) LIMIT 5`,
        )
      ).getRowsJS();
      if (dups.length > 0) {
        const examples = dups.map((d) => `"${d[0]}" ×${toNumber(d[1])} (rows ${fmtRows((d[2] as bigint[]).map(toNumber))})`).join(", ");
        throw new AppError("UNPROCESSABLE", `${toNumber(dups[0][3])} id(s) occur more than once in ${fileName}: ${examples}. Ids must be unique; nothing was imported`, {
          duplicates: dups.map((d) => ({ id: d[0], count: toNumber(d[1]), rows: (d[2] as bigint[]).map(toNumber) })),
        });
      }

      // Values of a column imported as another type than inferred must all convert.
      const castErrors: string[] = [];
      for (const c of cols) {
        if (c.type === c.inferred) continue;
        const notInteger = c.type === "BIGINT" ? ` OR TRY_CAST(${c.tmp} AS DOUBLE) <> TRY_CAST(${c.tmp} AS BIGINT)` : "";
        const bad = (
          await conn.runAndReadAll(
            `SELECT __row, __id, CAST(${c.tmp} AS VARCHAR), count(*) OVER () FROM ${t} WHERE ${c.tmp} IS NOT NULL AND (TRY_CAST(${c.tmp} AS ${c.type}) IS NULL${notInteger}) ORDER BY __row LIMIT 3`,
          )
        ).getRowsJS();
        if (bad.length > 0) castErrors.push(`column "${c.source}" as ${c.type}: ${toNumber(bad[0][3])} value(s) are not, e.g. ${bad.map((b) => `"${b[2]}" (row ${toNumber(b[0])}, id "${b[1]}")`).join(", ")}`);
      }
      if (castErrors.length > 0) throw new AppError("UNPROCESSABLE", `${fileName}: ${castErrors.join("; ")}. Nothing was imported`);

      // Text columns that are mostly numbers: imported as text, with a warning naming the odd values.
      for (const c of cols) {
        if (c.type !== "VARCHAR" || c.declared) continue;
        const [num, other, example] = (
          await conn.runAndReadAll(
            `SELECT count(*) FILTER (WHERE TRY_CAST(${c.tmp} AS DOUBLE) IS NOT NULL), count(*) FILTER (WHERE ${c.tmp} IS NOT NULL AND TRY_CAST(${c.tmp} AS DOUBLE) IS NULL),
                    first(${c.tmp} ORDER BY __row) FILTER (WHERE ${c.tmp} IS NOT NULL AND TRY_CAST(${c.tmp} AS DOUBLE) IS NULL) FROM ${t}`,
          )
        ).getRowsJS()[0];
        if (toNumber(num) > 0 && toNumber(num) >= toNumber(other) && toNumber(other) > 0) {
          warnings.push(`Column "${c.source}" is mostly numbers but ${toNumber(other)} value(s) are not (e.g. "${example}"); imported as text. Import it as DOUBLE to list them as errors`);
        }
      }

      const shards = listShards(version.id).map((s) => quoteLiteral(dataPath(s.path)));
      await conn.run(`CREATE TEMP TABLE ${cids} AS SELECT id FROM read_parquet([${shards.join(", ")}])`);
      heartbeat();
      const matched = toNumber((await conn.runAndReadAll(`SELECT count(*) FROM ${t} WHERE __id IN (SELECT id FROM ${cids})`)).getRowsJS()[0][0]);
      const unmatched = (await conn.runAndReadAll(`SELECT __id, __row, count(*) OVER () FROM ${t} WHERE __id NOT IN (SELECT id FROM ${cids}) ORDER BY __row LIMIT ${SAMPLES}`)).getRowsJS();
      const missing = (await conn.runAndReadAll(`SELECT id, count(*) OVER () FROM ${cids} WHERE id NOT IN (SELECT __id FROM ${t}) LIMIT ${SAMPLES}`)).getRowsJS();
      if (matched === 0) {
        const corpusIds = (await conn.runAndReadAll(`SELECT id FROM ${cids} LIMIT 3`)).getRowsJS().map((r) => `"${r[0]}"`);
        throw new AppError(
          "UNPROCESSABLE",
          `No id in column "${config.idColumn}" of ${fileName} is a document of this corpus version (file ids: ${unmatched.slice(0, 3).map((u) => `"${u[0]}"`).join(", ")}; corpus ids: ${corpusIds.join(", ")}). Is it the right id column?`,
        );
      }

      const select = cols.map((c) => `TRY_CAST(${c.tmp} AS ${c.type}) AS ${quoteIdent(c.name)}`).join(", ");
      const tmp = `${outFile}.tmp-${process.pid}`;
      fs.mkdirSync(path.dirname(outFile), { recursive: true });
      await conn.run(`COPY (SELECT __id AS id, ${select} FROM ${t} WHERE __id IN (SELECT id FROM ${cids}) ORDER BY __row) TO ${sqlString(tmp)} (FORMAT parquet, COMPRESSION zstd)`);
      fs.renameSync(tmp, outFile);
      return {
        fileName,
        rows,
        matched,
        unmatchedInFile: { count: unmatched.length ? toNumber(unmatched[0][2]) : 0, samples: unmatched.map((u) => ({ id: String(u[0]), row: toNumber(u[1]) })) },
        docsWithoutScore: { count: missing.length ? toNumber(missing[0][1]) : 0, samples: missing.map((m) => String(m[0])) },
        columns: cols.map((c) => ({ source: c.source, name: c.name, type: c.type })),
        warnings,
      };
    } finally {
      await conn.run(`DROP TABLE IF EXISTS ${t}`);
      await conn.run(`DROP TABLE IF EXISTS ${cids}`);
    }
  });
};

export const importRunType: TRunType<TImportConfig> = {
  type: "import_attributes",
  configSchema: ZImportConfigSchema as unknown as z.ZodType<TImportConfig>,

  plan: (run, config) => {
    const version = getReadyVersionOrThrow(config.corpusId, config.versionId);
    const file = resolveScoresFile(config.source);
    checkImportNames(
      version,
      config.prefix,
      config.columns.map((c) => c.name),
    );
    const bad = config.columns.find((c) => !c.name.startsWith(`${config.prefix}.`));
    if (bad) throw new AppError("UNPROCESSABLE", `Column name "${bad.name}" must start with the prefix "${config.prefix}."`);
    createAttributeSet({
      corpusVersionId: version.id,
      runId: run.id,
      name: config.name || `Imported from ${path.basename(file)}`,
      annotators: [{ id: "import", version: "1", config: { file: path.basename(file), idColumn: config.idColumn, prefix: config.prefix } }],
      columns: config.columns.map((c) => ({ name: c.name, type: c.type, description: `Imported from ${path.basename(file)}, column "${c.source}"`, table: TABLE })),
    });
    return { tasks: [{ kind: "import", input: {}, maxAttempts: 2 }], corpusId: config.corpusId, inputVersionId: version.id };
  },

  execute: async (ctx, config) => {
    const set = getAttributeSetByRun(ctx.run.id);
    if (!set) throw new Error("The run's attribute set is missing");
    const version = getVersionOrThrow(set.corpusVersionId);
    const names = config.columns.map((c) => c.name);
    const shadowing = checkImportNames(version, config.prefix, names);
    const outFile = path.join(dataPath(set.path), TABLE, "part-00000.parquet");
    const result = await importScores(config, version, outFile, () => ctx.heartbeat());
    ctx.setTotals({ items: result.rows });
    ctx.progress({ items: result.rows });
    markAttributeSetReady(set.id, { [TABLE]: [path.join(set.path, TABLE, "part-00000.parquet")] }, result.matched);
    const summary: TImportSummary = { attributeSetId: set.id, ...result, warnings: [...shadowing, ...result.warnings] };
    getDb().update(runs).set({ summaryJson: JSON.stringify({ import: summary }) }).where(eq(runs.id, ctx.run.id)).run();
    for (const w of summary.warnings) ctx.log("warn", "import_warning", w);
    if (summary.unmatchedInFile.count > 0) {
      ctx.log("warn", "unmatched_ids", `${summary.unmatchedInFile.count} row(s) have an id that is not in the corpus; they were not imported`, summary.unmatchedInFile);
    }
    ctx.log("info", "attribute_set_ready", `Imported ${names.length} column(s) for ${result.matched} of ${version.nDocs} documents`);
    return { attributeSetId: set.id, matched: result.matched };
  },

  onAbort: (run) => {
    const set = getAttributeSetByRun(run.id);
    if (set) markAttributeSetFailed(set.id);
  },
};
