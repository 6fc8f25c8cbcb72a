import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { getConfig } from "@/lib/config";
import { dataPath } from "@/lib/corpora/paths";
import { createCorpusWithVersion, getVersionOrThrow, markVersionFailed, markVersionReady } from "@/lib/corpora/versions";
import { downloadToDir } from "@/lib/ingest/download";
import { RENAME_REASON_LABELS } from "@/lib/ingest/field-names";
import { ingestFiles, type TIngestSummary } from "@/lib/ingest/ingest-files";
import { listInputFiles } from "@/lib/ingest/list-input-files";
import { BAD_ROW_LABELS, type TBadRowKind } from "@/lib/ingest/record-issues";
import { uploadFilePath, ZIngestSourceSchema, type TIngestSource } from "@/lib/ingest/source-spec";
import type { TRunType, TTaskContext } from "@/lib/runs/types";
import { getDb } from "@/lib/db/client";
import { runs } from "@/db/schema";
import { eq } from "drizzle-orm";

export const ZIngestConfigSchema = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).optional(),
  source: ZIngestSourceSchema,
  textField: z.string().min(1).optional(),
  /** An id field to use; null forces ids derived from content. */
  idField: z.string().min(1).nullable().optional(),
  /** `source` value for records without a string `source` field (default: the corpus name). */
  defaultSource: z.string().min(1).max(200).optional(),
});
export type TIngestConfig = z.infer<typeof ZIngestConfigSchema>;

/** Resolves the source to local files, downloading URLs into the run's folder first. */
const localInputPath = async (ctx: TTaskContext, source: TIngestSource): Promise<string> => {
  if (source.kind === "upload") return uploadFilePath(source.uploadId);
  if (source.kind === "path") return path.resolve(source.path);
  const { uploadMaxBytes, dataDir } = getConfig();
  ctx.log("info", "download_started", `Downloading ${source.url}`);
  let totalSet = false;
  const file = await downloadToDir(
    source.url,
    path.join(dataDir, "downloads", ctx.run.id),
    uploadMaxBytes,
    (n, total) => {
      if (!totalSet && total) {
        ctx.setTotals({ bytes: total * 2 });
        totalSet = true;
      }
      ctx.progress({ bytes: n });
    },
    ctx.signal,
  );
  ctx.log("info", "download_finished", `Downloaded ${path.basename(file)} (${fs.statSync(file).size} bytes)`);
  return file;
};

export const ingestRunType: TRunType<TIngestConfig> = {
  type: "ingest",
  configSchema: ZIngestConfigSchema,

  plan: (run, config) => {
    const { corpus, version } = createCorpusWithVersion(getDb(), { name: config.name, description: config.description, runId: run.id });
    return { tasks: [{ kind: "ingest", input: {}, maxAttempts: 2 }], corpusId: corpus.id, outputVersionId: version.id };
  },

  execute: async (ctx, config) => {
    const version = getVersionOrThrow(ctx.run.outputVersionId!);
    const inputPath = await localInputPath(ctx, config.source);
    const { files, skipped } = listInputFiles(inputPath);
    if (skipped.length > 0) {
      const shown = skipped.slice(0, 20).map((f) => `${f.name} (${f.reason})`);
      ctx.log("info", "files_skipped", `Skipped ${skipped.length} file(s): ${shown.join(", ")}${skipped.length > shown.length ? ", …" : ""}`, { files: skipped.slice(0, 200) });
    }
    const inputBytes = files.reduce((a, f) => a + f.size, 0);
    const current = getDb().select({ bytesDone: runs.bytesDone, bytesTotal: runs.bytesTotal }).from(runs).where(eq(runs.id, ctx.run.id)).get();
    ctx.setTotals({ bytes: (current?.bytesDone ?? 0) + inputBytes });
    const { shardDocs, shardBytes, maxDecompressedBytes, maxLineBytes, maxTextFileBytes, dataDir } = getConfig();
    const result = await ingestFiles({
      files,
      textField: config.textField,
      idField: config.idField,
      defaultSource: config.defaultSource ?? config.name,
      workDir: path.join(dataDir, "tmp", `ingest-${ctx.run.id}`),
      outDir: dataPath(version.path),
      shardDocs,
      shardBytes,
      maxDecompressedBytes,
      maxLineBytes,
      maxTextFileBytes,
      onBytes: (n) => ctx.progress({ bytes: n }),
      onIssue: (kind, s) =>
        ctx.log("warn", kind, `${BAD_ROW_LABELS[kind as TBadRowKind] ?? "Duplicate id"} at ${s.file}${s.line ? `:${s.line}` : ""}: ${s.message}`, s),
      onPhase: (phase, message) => ctx.log("info", `phase_${phase}`, message),
      checkpoint: () => ctx.heartbeat(),
    });
    ctx.heartbeat();
    ctx.progress({ items: result.summary.docsOut });
    markVersionReady(version.id, {
      nDocs: result.summary.docsOut,
      nChars: result.summary.nChars,
      nBytes: result.summary.nBytes,
      columns: result.columns,
      sourceCounts: result.sourceCounts,
      shards: result.shards.map((s) => ({ path: path.relative(dataDir, s.file), nDocs: s.nDocs, nBytes: s.nBytes })),
    });
    const renamed = result.summary.renamedFields;
    if (renamed.length > 0) {
      const list = renamed.map((r) => `${JSON.stringify(r.field)} → ${r.column} (${RENAME_REASON_LABELS[r.reason]})`);
      ctx.log("warn", "fields_renamed", `Stored ${renamed.length} field(s) under another column name: ${list.slice(0, 30).join("; ")}${list.length > 30 ? "; …" : ""}`, { renamedFields: renamed.slice(0, 500) });
    }
    getDb()
      .update(runs)
      .set({ summaryJson: JSON.stringify({ ...result.summary, skippedFiles: skipped.slice(0, 200) }), itemsTotal: result.summary.docsOut })
      .where(eq(runs.id, ctx.run.id))
      .run();
    ctx.log("info", "ingest_summary", summaryLine(result.summary), { badRows: result.summary.badRows, duplicateIds: result.summary.duplicateIds });
    return { docs: result.summary.docsOut, shards: result.summary.shards };
  },

  onAbort: (run) => {
    if (run.outputVersionId) markVersionFailed(run.outputVersionId);
  },
};

export const summaryLine = (s: TIngestSummary): string => {
  const bad = Object.entries(s.badRows)
    .map(([k, n]) => `${n} ${BAD_ROW_LABELS[k as TBadRowKind].toLowerCase()}`)
    .join(", ");
  return `Ingested ${s.docsOut} documents into ${s.shards} shard(s)${bad ? `; skipped ${s.badRowTotal} bad row(s): ${bad}` : "; no bad rows"}${s.duplicateIds ? `; ${s.duplicateIds} duplicate id(s) renamed` : ""}${s.renamedFields.length ? `; ${s.renamedFields.length} field(s) stored under another name` : ""}`;
};
