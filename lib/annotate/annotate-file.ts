import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { isUtf8 } from "node:buffer";
import { getAnnotatorOrThrow } from "@/lib/annotators";
import { resolveAnnotators, ZAnnotateConfigSchema } from "@/lib/annotate/annotate-run";
import { runGlobalStep, signatureColumns } from "@/lib/annotate/global-step";
import { queryRows } from "@/lib/duckdb/instance";
import { writeRowsToParquet } from "@/lib/duckdb/write-parquet";
import { detectTextField } from "@/lib/ingest/field-mapping";
import { detectFormat } from "@/lib/ingest/formats";
import { readInputChunks, splitLines } from "@/lib/ingest/open-input";
import { jsonValue } from "@/lib/corpora/query-documents";

export type TAnnotateFileOptions = { inFile: string; outFile: string; annotators: { id: string; config?: Record<string, unknown> }[]; textField?: string; batchSize?: number };

type TRecord = { line: number; obj: Record<string, unknown>; text: string };

/** Streams the input's JSON objects in batches; lines that are not objects with a string text are skipped. */
async function* readBatches(file: string, textField: string, batchSize: number, onSkip: () => void): AsyncGenerator<TRecord[]> {
  const fmt = detectFormat(file);
  let batch: TRecord[] = [];
  for await (const l of splitLines(readInputChunks(file, fmt?.compression ?? "none", Number.MAX_SAFE_INTEGER), () => {}, () => onSkip())) {
    if (l.buf.length === 0) continue;
    let obj: unknown;
    try {
      obj = isUtf8(l.buf) ? JSON.parse(l.buf.toString("utf8")) : null;
    } catch {
      obj = null;
    }
    const text = obj && typeof obj === "object" && !Array.isArray(obj) ? (obj as Record<string, unknown>)[textField] : undefined;
    if (typeof text !== "string") {
      onSkip();
      continue;
    }
    batch.push({ line: l.lineNo, obj: obj as Record<string, unknown>, text });
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

const firstRecords = async (file: string, n: number): Promise<Record<string, unknown>[]> => {
  const out: Record<string, unknown>[] = [];
  const fmt = detectFormat(file);
  for await (const l of splitLines(readInputChunks(file, fmt?.compression ?? "none", Number.MAX_SAFE_INTEGER), () => {}, () => {})) {
    try {
      const v = JSON.parse(l.buf.toString("utf8"));
      if (v && typeof v === "object" && !Array.isArray(v)) out.push(v);
    } catch {
      /* skipped */
    }
    if (out.length >= n) break;
  }
  return out;
};

/** How a document is named in group and cluster ids: its `id` field, else its line number. */
const labelOf = (r: TRecord): string => {
  const id = r.obj.id;
  return typeof id === "string" || typeof id === "number" ? String(id) : `line ${r.line}`;
};

/**
 * Annotates a JSON lines file without the studio: each input object is written back with the
 * annotation columns added. Global annotators (dedup) take a first pass for signatures, computed
 * by the same global step as annotation runs.
 */
export const annotateFile = async (opts: TAnnotateFileOptions): Promise<{ docs: number; skipped: number; ms: number }> => {
  const started = Date.now();
  if (!fs.existsSync(opts.inFile)) throw new Error(`No such file: ${opts.inFile}`);
  const config = ZAnnotateConfigSchema.parse({ corpusId: "file", annotators: opts.annotators, batchSize: opts.batchSize ?? 1000 });
  const resolved = resolveAnnotators(config);
  const textField = opts.textField ?? detectTextField(await firstRecords(opts.inFile, 200));
  if (!textField) throw new Error("Could not detect the text field; pass --text-field");
  const local = resolved.filter((r) => !r.isDedup);
  const globals = resolved.filter((r) => r.isDedup);

  // Pass 1 (only with global annotators): signatures → the global step → per-document columns.
  let globalRows: Record<string, unknown>[] = [];
  if (globals.length > 0) {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "winnow-annotate-file-"));
    try {
      const sigs: Record<string, unknown>[] = [];
      let row = 0;
      for await (const batch of readBatches(opts.inFile, textField, config.batchSize, () => {})) {
        const docs = batch.map((r) => ({ id: labelOf(r), text: r.text }));
        const rows = docs.map((d, i) => ({ id: d.id, shard: 0, row: row + i }) as Record<string, unknown>);
        for (const g of globals) (await getAnnotatorOrThrow(g.id).annotate(docs, g.config as never)).forEach((o, i) => Object.assign(rows[i], o));
        sigs.push(...rows);
        row += batch.length;
      }
      const sigFile = path.join(tmp, "signatures.parquet");
      await writeRowsToParquet(sigFile, signatureColumns(globals), sigs);
      const out = path.join(tmp, "dedup.parquet");
      await runGlobalStep([sigFile], out, globals, () => {});
      // The global step writes its rows in corpus order.
      globalRows = (await queryRows(`SELECT * EXCLUDE (id) FROM read_parquet('${out.replaceAll("'", "''")}') `)).map((r) => jsonValue(r) as Record<string, unknown>);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }

  // Pass 2: local annotators, merged with the global columns, written line by line.
  const sink = opts.outFile === "-" ? process.stdout : fs.createWriteStream(`${opts.outFile}.tmp`);
  let docs = 0;
  let skipped = 0;
  for await (const batch of readBatches(opts.inFile, textField, config.batchSize, () => skipped++)) {
    const annotated = batch.map((r) => ({ ...r.obj }));
    for (const r of local) {
      const out = await getAnnotatorOrThrow(r.id).annotate(
        batch.map((b, i) => ({ id: String(docs + i), text: b.text })),
        r.config as never,
      );
      out.forEach((o, i) => Object.assign(annotated[i], o));
    }
    annotated.forEach((a, i) => Object.assign(a, globalRows[docs + i] ?? {}));
    const chunk = annotated.map((a) => JSON.stringify(a, (_k, v) => (typeof v === "bigint" ? Number(v) : v))).join("\n") + "\n";
    if (!sink.write(chunk)) await new Promise<void>((r) => (sink as NodeJS.WritableStream).once("drain", () => r()));
    docs += batch.length;
  }
  if (sink !== process.stdout) {
    await new Promise<void>((resolve, reject) => (sink as fs.WriteStream).end((e?: Error | null) => (e ? reject(e) : resolve())));
    fs.renameSync(`${opts.outFile}.tmp`, opts.outFile);
  }
  return { docs, skipped, ms: Date.now() - started };
};
