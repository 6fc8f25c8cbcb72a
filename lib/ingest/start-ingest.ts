import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { getConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { ZIngestConfigSchema } from "@/lib/ingest/ingest-run";
import { inspectInput, type TInspection } from "@/lib/ingest/inspect-input";
import { listInputFiles } from "@/lib/ingest/list-input-files";
import { assertPathAllowed, defaultCorpusName, uploadFilePath, ZIngestSourceSchema, type TIngestSource } from "@/lib/ingest/source-spec";
import { detectFormat } from "@/lib/ingest/formats";
import { hfToHttps } from "@/lib/ingest/download";
import { checkUrlTarget } from "@/lib/security/urls";
import { createRun } from "@/lib/runs/create-run";

export const ZStartIngestSchema = z.object({
  name: z.string().trim().max(200).optional(),
  description: z.string().max(2000).optional(),
  source: ZIngestSourceSchema,
  textField: z.string().trim().min(1).optional(),
  idField: z.string().trim().min(1).nullable().optional(),
  defaultSource: z.string().trim().min(1).max(200).optional(),
});
export type TStartIngest = z.infer<typeof ZStartIngestSchema>;

/**
 * Checks a source before any run is created. Local paths from the web must lie under the data
 * roots; `trusted` (the local CLI) skips that check.
 */
export const checkSource = (source: TIngestSource, opts: { trusted?: boolean } = {}): TIngestSource => {
  if (source.kind === "upload") {
    uploadFilePath(source.uploadId);
    return source;
  }
  if (source.kind === "path") {
    const p = opts.trusted ? path.resolve(source.path) : assertPathAllowed(source.path);
    if (!fs.existsSync(p)) throw new AppError("NOT_FOUND", `No such file or folder: ${p}`);
    listInputFiles(p);
    return { kind: "path", path: p };
  }
  // The target is checked again after DNS resolution and on every redirect when it is downloaded.
  checkUrlTarget(source.url.startsWith("hf://") ? hfToHttps(source.url) : source.url);
  return source;
};

/** Queues an ingest run; returns the run and the corpus it will fill. */
export const startIngest = (input: TStartIngest, opts: { trusted?: boolean } = {}): { runId: string; corpusId: string } => {
  const source = checkSource(input.source, opts);
  const config = ZIngestConfigSchema.parse({
    ...input,
    source,
    name: input.name && input.name.length > 0 ? input.name : defaultCorpusName(source),
  });
  const run = createRun("ingest", config);
  return { runId: run.id, corpusId: run.corpusId! };
};

/** Fields and a guessed mapping for a source, before ingesting it. URLs are inspected at ingest time. */
export const inspectSource = async (source: TIngestSource): Promise<TInspection & { inspected: boolean }> => {
  if (source.kind === "url") {
    const fmt = detectFormat(new URL(source.url.replace(/^hf:/, "https:")).pathname);
    if (!fmt) throw new AppError("UNPROCESSABLE", "Cannot tell the file type from the URL; it must end in a supported extension");
    return { ...fmt, files: 1, fields: [], textField: null, idField: null, sampleRows: [], inspected: false };
  }
  const p = source.kind === "upload" ? uploadFilePath(source.uploadId) : assertPathAllowed(source.path);
  const { files } = listInputFiles(p);
  const { maxDecompressedBytes, maxLineBytes } = getConfig();
  return { ...(await inspectInput(files, { maxDecompressedBytes, maxLineBytes })), inspected: true };
};
