import fs from "node:fs";
import path from "node:path";
import type { TColumn } from "@/lib/corpora/versions";
import type { TRenamedField } from "@/lib/ingest/field-names";
import { inspectInput } from "@/lib/ingest/inspect-input";
import { DEFAULT_MAX_LINE_BYTES } from "@/lib/ingest/open-input";
import { RecordAcceptor } from "@/lib/ingest/record-acceptor";
import { readInputFile, type TInputFile } from "@/lib/ingest/read-input-file";
import { BAD_ROW_LABELS, type TBadRowKind, type TIssueSample } from "@/lib/ingest/record-issues";
import { StagingWriter } from "@/lib/ingest/staging-writer";
import { convertStagingFile, schemaKey, shardColumns, type TShardFile } from "@/lib/ingest/write-shards";

export type TIngestFilesOptions = {
  files: TInputFile[];
  textField?: string;
  idField?: string | null;
  defaultSource: string;
  /** Scratch folder for staging files; removed afterwards. */
  workDir: string;
  /** Final shard folder; written under a temp name and renamed when complete. */
  outDir: string;
  shardDocs: number;
  shardBytes: number;
  maxDecompressedBytes: number;
  /** Largest JSON line / array element (default 32 MiB). */
  maxLineBytes?: number;
  /** Largest `.txt` document (default 64 MiB). */
  maxTextFileBytes?: number;
  onBytes?: (n: number) => void;
  onIssue?: (kind: string, sample: TIssueSample) => void;
  onPhase?: (phase: string, message: string) => void;
  checkpoint?: () => void;
};

export type TIngestSummary = {
  textField: string;
  idField: string | null;
  files: number;
  docsIn: number;
  docsOut: number;
  blankLines: number;
  badRows: Partial<Record<TBadRowKind, number>>;
  badRowTotal: number;
  duplicateIds: number;
  samples: Record<string, TIssueSample[]>;
  /** Metadata fields stored under another column name (reserved, empty, `__…`, case twins). */
  renamedFields: TRenamedField[];
  shards: number;
  nChars: number;
  nBytes: number;
  durationMs: number;
};

export type TIngestResult = {
  summary: TIngestSummary;
  shards: { file: string; nDocs: number; nBytes: number }[];
  columns: TColumn[];
  sourceCounts: Record<string, number>;
};

const DEFAULT_MAX_TEXT_FILE_BYTES = 64 << 20;

/** Reads, validates and shards the input files into zstd Parquet in `outDir`. */
export const ingestFiles = async (opts: TIngestFilesOptions): Promise<TIngestResult> => {
  const started = Date.now();
  const checkpoint = opts.checkpoint ?? (() => {});
  let textField = opts.textField;
  let idField = opts.idField === undefined ? undefined : opts.idField;
  const maxLineBytes = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const maxTextFileBytes = opts.maxTextFileBytes ?? DEFAULT_MAX_TEXT_FILE_BYTES;
  if (!textField || idField === undefined) {
    const inspection = await inspectInput(opts.files, { maxDecompressedBytes: opts.maxDecompressedBytes, maxLineBytes });
    textField ??= inspection.textField ?? undefined;
    if (idField === undefined) idField = inspection.idField === textField ? null : inspection.idField;
    // No record could be sampled at all (empty files, nothing but bad rows): read with the usual
    // name, so each file's problem is reported by kind instead of a failed guess.
    if (!textField && inspection.fields.length === 0) textField = "text";
    if (!textField) {
      const names = inspection.fields.map((f) => f.name).join(", ") || "(none)";
      throw new Error(`Could not detect the text field. Fields found: ${names}. Choose one as the text field.`);
    }
  }
  opts.onPhase?.("read", `Reading ${opts.files.length} file(s); text field "${textField}", id field ${idField ? `"${idField}"` : "(derived from content)"}`);

  const stagingDir = path.join(opts.workDir, "staging");
  const tmpOut = `${opts.outDir}.tmp`;
  fs.rmSync(opts.workDir, { recursive: true, force: true });
  fs.rmSync(tmpOut, { recursive: true, force: true });
  const field = textField;
  // Each staging file is converted to Parquet as soon as it is complete, while the next one is
  // being read: DuckDB works on its own threads. A shard written before a later record widened
  // the schema is converted again at the end.
  const shards: TShardFile[] = [];
  let conversions: Promise<void> = Promise.resolve();
  let conversionError: unknown = null;
  const writer = new StagingWriter(stagingDir, opts.shardDocs, opts.shardBytes, (stage, idx) => {
    const metadata = acceptor.metadataFields();
    conversions = conversions.then(async () => {
      if (conversionError) return;
      try {
        shards[idx] = await convertStagingFile(stage, idx, field, metadata, tmpOut);
      } catch (e) {
        conversionError = e;
      }
    });
  });
  const acceptor = new RecordAcceptor({ textField, idField: idField ?? null }, writer, opts.onIssue);
  try {
    for (const file of opts.files) {
      await readInputFile(file, {
        acceptor,
        defaultSource: opts.defaultSource,
        scratchDir: path.join(opts.workDir, "scratch"),
        maxDecompressedBytes: opts.maxDecompressedBytes,
        maxLineBytes,
        maxTextFileBytes,
        onBytes: (n) => opts.onBytes?.(n),
        checkpoint,
      });
      checkpoint();
    }
    const staging = writer.close();
    const tally = acceptor.tally;
    if (acceptor.accepted === 0) {
      const kinds = Object.entries(tally.badRows).map(([k, n]) => `${n} × ${BAD_ROW_LABELS[k as TBadRowKind]}`);
      throw new Error(`No valid documents found${kinds.length ? `: ${kinds.join(", ")}` : " (the input is empty)"}`);
    }
    opts.onPhase?.("write", `Finishing ${staging.length} Parquet shard(s)`);
    await conversions;
    if (conversionError) throw conversionError;
    const metadata = acceptor.metadataFields();
    const finalSchema = schemaKey(field, metadata);
    for (const [idx, stage] of staging.entries()) {
      if (shards[idx]?.schema !== finalSchema) shards[idx] = await convertStagingFile(stage, idx, field, metadata, tmpOut);
      checkpoint();
    }
    fs.rmSync(opts.outDir, { recursive: true, force: true });
    fs.renameSync(tmpOut, opts.outDir);
    const final = shards.map((s) => ({ file: path.join(opts.outDir, path.basename(s.file)), nDocs: s.nDocs, nBytes: s.nBytes }));
    const docsOut = final.reduce((a, s) => a + s.nDocs, 0);
    return {
      summary: {
        textField,
        idField: idField ?? null,
        files: opts.files.length,
        docsIn: docsOut + tally.badRowTotal,
        docsOut,
        blankLines: acceptor.blankLines,
        badRows: tally.badRows,
        badRowTotal: tally.badRowTotal,
        duplicateIds: tally.duplicateIds,
        samples: tally.samples as Record<string, TIssueSample[]>,
        renamedFields: acceptor.renamedFields(),
        shards: final.length,
        nChars: shards.reduce((a, s) => a + s.nChars, 0),
        nBytes: final.reduce((a, s) => a + s.nBytes, 0),
        durationMs: Date.now() - started,
      },
      shards: final,
      columns: shardColumns(metadata),
      sourceCounts: acceptor.sourceCounts,
    };
  } finally {
    writer.close();
    await conversions;
    fs.rmSync(opts.workDir, { recursive: true, force: true });
    fs.rmSync(tmpOut, { recursive: true, force: true });
  }
};
