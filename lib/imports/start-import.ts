import { z } from "zod";
import { getReadyVersionOrThrow } from "@/lib/corpora/versions";
import { AppError } from "@/lib/errors";
import { checkImportNames, ZImportConfigSchema } from "@/lib/imports/import-run";
import { inspectScores, type TScoresInspection } from "@/lib/imports/inspect-scores";
import { columnSuffix, resolveScoresFile, ZScoresSourceSchema, type TScoresSource } from "@/lib/imports/scores-file";
import { createRun } from "@/lib/runs/create-run";

export const ZStartImportSchema = z.object({
  corpusId: z.string().min(1),
  versionId: z.string().min(1).optional(),
  name: z.string().trim().max(200).optional(),
  source: ZScoresSourceSchema,
  /** Default: a column named id, doc_id, document_id or *_id. */
  idColumn: z.string().min(1).optional(),
  /** Default: from the file name (`pds-scores.jsonl` → `pds_scores`). */
  prefix: z.string().trim().optional(),
  /** Columns to import (default: every importable column besides the id). */
  columns: z.array(z.string().min(1)).max(500).optional(),
  /** Types chosen instead of DuckDB's inference; every value must convert. */
  types: z.record(z.string(), z.enum(["BIGINT", "DOUBLE", "BOOLEAN", "VARCHAR"])).optional(),
});
export type TStartImport = z.infer<typeof ZStartImportSchema>;

/** Columns, types, first rows, a guessed id column and prefix of a scores file. */
export const inspectScoresSource = async (source: TScoresSource): Promise<TScoresInspection> => inspectScores(resolveScoresFile(source));

/** Checks the file and the choices, then queues an import_attributes run. */
export const startImport = async (input: unknown): Promise<{ runId: string; columns: { source: string; name: string; type: string }[]; warnings: string[] }> => {
  const q = ZStartImportSchema.parse(input);
  const version = getReadyVersionOrThrow(q.corpusId, q.versionId);
  const ins = await inspectScoresSource(q.source);
  const byName = new Map(ins.columns.map((c) => [c.name, c]));
  const known = ins.columns.map((c) => c.name).join(", ");
  const idColumn = q.idColumn ?? ins.idColumn;
  if (!idColumn) throw new AppError("UNPROCESSABLE", `Choose the id column of ${ins.fileName}; its columns: ${known}`);
  if (!byName.has(idColumn)) throw new AppError("UNPROCESSABLE", `${ins.fileName} has no column "${idColumn}" for the ids. Its columns: ${known}`);
  const chosen = q.columns ?? ins.columns.filter((c) => c.name !== idColumn && c.type !== null).map((c) => c.name);
  for (const name of [...chosen, ...Object.keys(q.types ?? {})]) {
    const c = byName.get(name);
    if (!c) throw new AppError("UNPROCESSABLE", `${ins.fileName} has no column "${name}". Its columns: ${known}`);
    if (name === idColumn) throw new AppError("UNPROCESSABLE", `"${name}" is the id column; it is not imported as a score`);
    if (c.type === null) throw new AppError("UNPROCESSABLE", `Column "${name}" is ${c.duckType}: lists, structs, maps and blobs cannot be imported`);
  }
  if (chosen.length === 0) throw new AppError("UNPROCESSABLE", `${ins.fileName} has no column to import besides the id "${idColumn}"`);
  const prefix = q.prefix || ins.prefix;
  const columns = chosen.map((name) => {
    const declared = q.types?.[name];
    return { source: name, name: `${prefix}.${columnSuffix(name)}`, type: declared ?? byName.get(name)!.type!, declared: declared !== undefined };
  });
  const warnings = checkImportNames(
    version,
    prefix,
    columns.map((c) => c.name),
  );
  const skipped = ins.columns.filter((c) => c.type === null && !chosen.includes(c.name));
  if (skipped.length && !q.columns) warnings.push(`Not imported (unsupported types): ${skipped.map((c) => `${c.name} (${c.duckType})`).join(", ")}`);
  const config = ZImportConfigSchema.parse({ corpusId: q.corpusId, versionId: version.id, name: q.name, source: q.source, idColumn, prefix, columns });
  const run = createRun("import_attributes", config);
  return { runId: run.id, columns: columns.map(({ source, name, type }) => ({ source, name, type })), warnings };
};
