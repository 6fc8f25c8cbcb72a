import fs from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { attributeSets, runs, tasks } from "@/db/schema";
import { attributeColumns, createAttributeSet, listReadyAttributeSets, markAttributeSetFailed, type TAttributeSetRow } from "@/lib/annotate/attribute-sets";
import { readShardDocs, type TDoc } from "@/lib/annotate/read-shard-docs";
import { checkTokenizerName, getTokenCounter } from "@/lib/annotators/tokenizers";
import { buildDocumentRelation } from "@/lib/corpora/document-relation";
import { dataPath, shardFileName } from "@/lib/corpora/paths";
import { createChildVersion, getReadyVersionOrThrow, getVersionOrThrow, listShards, markVersionFailed, markVersionReady, type TCorpusVersionRow } from "@/lib/corpora/versions";
import { getDb } from "@/lib/db/client";
import { queryRows, quoteLiteral, toNumber, withDuck } from "@/lib/duckdb/instance";
import { openParquetSink } from "@/lib/duckdb/write-parquet";
import { AppError } from "@/lib/errors";
import { codePoints } from "@/lib/refine/execute-program";
import { InferenceError } from "@/lib/inference/errors";
import { chatFnForEndpoint } from "@/lib/refine/lm-endpoint";
import { lmProgram, type TChatFn } from "@/lib/refine/lm-source";
import { PROGRAM_COLUMNS, PROGRAM_PARQUET_COLUMNS, PROGRAMS_TABLE, programRow } from "@/lib/refine/programs-table";
import { resolveRefine, ZRefineConfigSchema, type TRefineConfig } from "@/lib/refine/refine-config";
import { refineDocument, type TLmAnswer } from "@/lib/refine/refine-document";
import { countOutcome, emptyRefineStats, mergeRefineStats, type TRefineStats } from "@/lib/refine/refine-stats";
import { ruleColumns } from "@/lib/refine/rules";
import type { TRunType, TTaskContext } from "@/lib/runs/types";

/** What a shard task reports (task output): counts, and the shard of the refined version it wrote. */
type TShardOutput = { shardIdx: number; file: string; nDocs: number; nChars: number; nBytes: number; sourceCounts: Record<string, number>; stats: TRefineStats };

/** The run's two attribute sets: the programs on the parent version, and the same files on the refined one. */
export const refineSetsOfRun = (runId: string): { parent: TAttributeSetRow | undefined; child: TAttributeSetRow | undefined; all: TAttributeSetRow[] } => {
  const all = getDb().select().from(attributeSets).where(eq(attributeSets.runId, runId)).all();
  const run = getDb().select().from(runs).where(eq(runs.id, runId)).get();
  return { parent: all.find((s) => s.corpusVersionId === run?.inputVersionId), child: all.find((s) => s.corpusVersionId === run?.outputVersionId), all };
};

const tmpDirOf = (version: TCorpusVersionRow) => `${dataPath(version.path)}.tmp`;

/** Checks the annotation columns the rules read: they must be boolean columns of the version's ready attribute sets. */
const checkRuleColumns = (version: TCorpusVersionRow, columns: string[]) => {
  if (columns.length === 0) return;
  const rel = buildDocumentRelation(version);
  for (const name of columns) {
    const c = rel.byName.get(name);
    if (!c || c.origin !== "attribute") {
      const known = rel.columns.filter((x) => x.origin === "attribute" && x.type === "BOOLEAN").map((x) => x.name);
      throw new AppError("UNPROCESSABLE", `Column "${name}" is not an annotation of this version${known.length ? ` (boolean annotations: ${known.join(", ")})` : " (annotate the version first)"}`);
    }
    if (c.type !== "BOOLEAN") throw new AppError("UNPROCESSABLE", `Column "${name}" is ${c.type}; drop rules need a boolean column (pass / keep)`);
  }
};

/** Each document's `source` and the annotation columns the rules read, for one shard. */
const shardAttributes = async (version: TCorpusVersionRow, shardPath: string, columns: string[]): Promise<Map<string, { source: string; attrs: Record<string, unknown> }>> => {
  // Only the attribute sets holding a wanted column are joined (newest first, as in the documents table).
  const sets = listReadyAttributeSets(version.id).filter((s) => attributeColumns(s).some((c) => columns.includes(c.name)));
  const rel = buildDocumentRelation(version, sets, [shardPath]);
  const cols = columns.map((n) => rel.byName.get(n)!);
  const select = [`d.id AS id`, `d.source AS source`, ...cols.map((c, i) => `${c.expr} AS "c${i}"`)].join(", ");
  const rows = await queryRows<Record<string, unknown>>(`SELECT ${select} FROM ${rel.from}`);
  const out = new Map<string, { source: string; attrs: Record<string, unknown> }>();
  for (const r of rows) {
    const attrs: Record<string, unknown> = {};
    cols.forEach((c, i) => (attrs[c.name] = r[`c${i}`]));
    out.set(String(r.id), { source: String(r.source ?? ""), attrs });
  }
  return out;
};

/**
 * Asks the refining LM for each document of a batch (concurrency is the endpoint client's
 * business). A document whose request finally fails (after the client's retries) gets an error
 * instead of a program: it stays unchanged and the error is recorded; a cancelled run stops.
 */
const lmPrograms = async (batch: TDoc[], chat: TChatFn, config: NonNullable<TRefineConfig["lm"]>, countTokens: (s: string) => number, ctx: TTaskContext, stats: TRefineStats) => {
  const out = await Promise.all(
    batch.map((d) =>
      lmProgram(d.text, chat, { stage: config.stage, countTokens, chunkTokens: config.chunkTokens, lineOverhead: config.lineOverhead, signal: ctx.signal }).then(
        (p): TLmAnswer => {
          stats.lm.requests += p.requests;
          stats.lm.cacheHits += p.cacheHits;
          stats.lm.tokensIn += p.tokensIn;
          stats.lm.tokensOut += p.tokensOut;
          return { program: p.program };
        },
        (e: unknown): TLmAnswer => {
          if (!(e instanceof InferenceError) || e.kind === "cancelled" || ctx.signal.aborted) throw e;
          stats.lm.failed++;
          return { error: `refining LM request failed (${e.kind}): ${e.message}` };
        },
      ),
    ),
  );
  ctx.heartbeat();
  return out;
};

/**
 * One input shard: program per document (LM, then rules), executed; writes the shard's programs
 * file (the attribute set) and its refined shard (kept documents, every column, new text and
 * n_chars, corpus order) into the building version's temp folder. Both are written under temp
 * names and renamed, so a re-claimed task replaces them whole.
 */
const refineShard = async (ctx: TTaskContext, config: TRefineConfig, input: { shardIdx: number; path: string }): Promise<TShardOutput> => {
  const parent = getVersionOrThrow(ctx.run.inputVersionId!);
  const child = getVersionOrThrow(ctx.run.outputVersionId!);
  const { parent: set } = refineSetsOfRun(ctx.run.id);
  if (!set) throw new Error("The run's programs attribute set is missing");
  const resolved = resolveRefine(config);
  const chat = config.lm ? chatFnForEndpoint(config.lm.endpointId) : null;
  const countTokens = config.lm ? await getTokenCounter(config.lm.tokenizer) : null;
  const meta = await shardAttributes(parent, input.path, ruleColumns(resolved.rules));

  const programsFile = path.join(dataPath(set.path), PROGRAMS_TABLE, shardFileName(input.shardIdx));
  const tmpDir = tmpDirOf(child);
  const shardFile = path.join(tmpDir, shardFileName(input.shardIdx));
  const scratchFile = path.join(tmpDir, `refined-${input.shardIdx}-${process.pid}.parquet`);
  fs.mkdirSync(path.dirname(programsFile), { recursive: true });
  fs.mkdirSync(tmpDir, { recursive: true });
  const programs = await openParquetSink(programsFile, PROGRAM_PARQUET_COLUMNS);
  const refined = await openParquetSink(scratchFile, [
    { name: "id", type: "VARCHAR" },
    { name: "text", type: "VARCHAR" },
    { name: "n_chars", type: "BIGINT" },
  ]);
  const stats = emptyRefineStats();
  const sourceCounts: Record<string, number> = {};
  let nChars = 0;
  try {
    for await (const batch of readShardDocs(dataPath(input.path), config.batchSize)) {
      const lm = chat && config.lm && countTokens ? await lmPrograms(batch, chat, config.lm, countTokens, ctx, stats) : null;
      const programRows: Record<string, unknown>[] = [];
      const textRows: Record<string, unknown>[] = [];
      batch.forEach((d, i) => {
        const m = meta.get(d.id) ?? { source: "", attrs: {} };
        const r = refineDocument({ text: d.text, attrs: m.attrs }, resolved, lm ? lm[i] : null);
        countOutcome(stats, m.source, r);
        programRows.push(programRow(d.id, r));
        if (r.text !== null) {
          const chars = codePoints(r.text);
          textRows.push({ id: d.id, text: r.text, n_chars: chars });
          nChars += chars;
          sourceCounts[m.source] = (sourceCounts[m.source] ?? 0) + 1;
        }
      });
      programs.append(programRows);
      refined.append(textRows);
      ctx.progress({ items: batch.length });
    }
  } catch (e) {
    await programs.abort();
    await refined.abort();
    throw e;
  }
  await programs.finish();
  const nDocs = await refined.finish();
  try {
    // Every column of the input shard, in corpus order, with the refined text and its length.
    const tmp = `${shardFile}.tmp-${process.pid}`;
    await withDuck((conn) =>
      conn.run(
        `COPY (SELECT o.* EXCLUDE (file_row_number) REPLACE (r.text AS text, r.n_chars AS n_chars)
           FROM read_parquet(${quoteLiteral(dataPath(input.path))}, file_row_number = true) AS o
           JOIN read_parquet(${quoteLiteral(scratchFile)}) AS r ON r.id = o.id
           ORDER BY o.file_row_number)
         TO ${quoteLiteral(tmp)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 20000)`,
      ),
    );
    fs.renameSync(tmp, shardFile);
  } finally {
    fs.rmSync(scratchFile, { force: true });
  }
  const [{ n }] = await queryRows<{ n: bigint }>(`SELECT count(*) AS n FROM read_parquet(${quoteLiteral(shardFile)})`);
  if (toNumber(n) !== nDocs) throw new Error(`Refined shard ${input.shardIdx} holds ${toNumber(n)} documents, expected ${nDocs}`);
  return { shardIdx: input.shardIdx, file: shardFile, nDocs, nChars, nBytes: fs.statSync(shardFile).size, sourceCounts, stats };
};

/** Every shard task's output, in shard order. */
const shardOutputs = (runId: string): TShardOutput[] =>
  getDb()
    .select({ output: tasks.outputJson })
    .from(tasks)
    .where(and(eq(tasks.runId, runId), eq(tasks.kind, "refine_shard")))
    .orderBy(tasks.idx)
    .all()
    .map((t) => JSON.parse(t.output ?? "null") as TShardOutput);

/** Moves the refined shards into place, registers the version (it becomes current) and both attribute sets, writes the summary. */
const finalize = async (ctx: TTaskContext, config: TRefineConfig) => {
  const parent = getVersionOrThrow(ctx.run.inputVersionId!);
  const child = getVersionOrThrow(ctx.run.outputVersionId!);
  const { parent: set, child: childSet } = refineSetsOfRun(ctx.run.id);
  if (!set || !childSet) throw new Error("The run's attribute sets are missing");
  const outputs = shardOutputs(ctx.run.id);
  const inputShards = listShards(parent.id);
  if (outputs.length !== inputShards.length || outputs.some((o) => !o)) throw new Error(`Expected ${inputShards.length} refined shards, found ${outputs.filter(Boolean).length}`);
  const finalDir = dataPath(child.path);
  const tmpDir = tmpDirOf(child);
  // A finalize re-run after a crash finds the folder already renamed.
  if (fs.existsSync(tmpDir)) {
    for (const o of outputs) if (!fs.existsSync(o.file)) throw new Error(`Refined shard ${o.shardIdx} is missing (${o.file})`);
    fs.rmSync(finalDir, { recursive: true, force: true });
    fs.renameSync(tmpDir, finalDir);
  }
  const rel = (f: string) => path.relative(dataPath(""), f);
  const shards = outputs.map((o) => ({ path: rel(path.join(finalDir, shardFileName(o.shardIdx))), nDocs: o.nDocs, nBytes: o.nBytes }));
  for (const s of shards) if (!fs.existsSync(dataPath(s.path))) throw new Error(`Refined shard ${s.path} is missing`);
  const sourceCounts: Record<string, number> = {};
  for (const o of outputs) for (const [k, v] of Object.entries(o.sourceCounts)) sourceCounts[k] = (sourceCounts[k] ?? 0) + v;
  const stats = mergeRefineStats(outputs.map((o) => o.stats));
  const programFiles = inputShards.map((s) => rel(path.join(dataPath(set.path), PROGRAMS_TABLE, shardFileName(s.idx))));
  for (const f of programFiles) if (!fs.existsSync(dataPath(f))) throw new Error(`Programs file ${f} is missing`);

  const db = getDb();
  const nDocs = outputs.reduce((a, o) => a + o.nDocs, 0);
  db.transaction((tx) => {
    tx.update(attributeSets).set({ status: "ready", tablesJson: JSON.stringify({ [PROGRAMS_TABLE]: programFiles }), nDocs: parent.nDocs }).where(eq(attributeSets.id, set.id)).run();
    tx.update(attributeSets).set({ status: "ready", tablesJson: JSON.stringify({ [PROGRAMS_TABLE]: programFiles }), nDocs }).where(eq(attributeSets.id, childSet.id)).run();
  });
  markVersionReady(child.id, {
    nDocs,
    nChars: outputs.reduce((a, o) => a + o.nChars, 0),
    nBytes: outputs.reduce((a, o) => a + o.nBytes, 0),
    columns: JSON.parse(parent.columnsJson),
    sourceCounts,
    shards,
  });
  const summary = {
    refine: {
      corpusId: parent.corpusId,
      inputVersionId: parent.id,
      inputVersion: parent.version,
      outputVersionId: child.id,
      outputVersion: child.version,
      programsAttributeSetId: set.id,
      rules: resolveRefine(config).rules.map((r) => r.rule.id),
      lmStage: config.lm?.stage ?? null,
      acceptance: resolveRefine(config).acceptance,
      ...stats,
    },
  };
  db.update(runs).set({ summaryJson: JSON.stringify(summary), errorCount: stats.totals.docsWithErrors }).where(eq(runs.id, ctx.run.id)).run();
  const t = stats.totals;
  ctx.log(
    "info",
    "version_ready",
    `v${child.version} ready: ${t.docsOut} of ${t.docs} documents kept (${t.dropped} dropped, ${t.changed} changed), ${t.linesRemoved} lines and ${t.charsRemoved} characters removed, ${t.errors} program errors`,
  );
  return { versionId: child.id, docs: nDocs };
};

export const refineRunType: TRunType<TRefineConfig> = {
  type: "refine",
  configSchema: ZRefineConfigSchema,

  plan: (run, config) => {
    const parent = getReadyVersionOrThrow(config.corpusId, config.versionId);
    const resolved = resolveRefine(config);
    checkRuleColumns(parent, ruleColumns(resolved.rules));
    // An unknown refining-LM endpoint fails the launch here, before anything is written.
    if (config.lm) {
      chatFnForEndpoint(config.lm.endpointId);
      checkTokenizerName(config.lm.tokenizer);
    }
    const child = createChildVersion(getDb(), { parent, runId: run.id });
    const sources = [...(config.lm ? [`lm (${config.lm.stage})`] : []), ...resolved.rules.map((r) => r.rule.id)].join(" + ");
    const name = config.name || `refine: ${sources}`;
    const annotators = [{ id: "refine", version: "1", config }];
    createAttributeSet({ corpusVersionId: parent.id, runId: run.id, name, annotators, columns: PROGRAM_COLUMNS });
    createAttributeSet({ corpusVersionId: child.id, runId: run.id, name: `${name} (v${parent.version} → v${child.version})`, annotators, columns: PROGRAM_COLUMNS });
    const shardTasks = listShards(parent.id).map((s) => ({ kind: "refine_shard", input: { shardIdx: s.idx, path: s.path }, maxAttempts: 3 }));
    return {
      tasks: [...shardTasks, { kind: "finalize", input: {}, dependsOn: shardTasks.map((_, i) => i), maxAttempts: 2 }],
      corpusId: config.corpusId,
      inputVersionId: parent.id,
      outputVersionId: child.id,
      itemsTotal: parent.nDocs,
    };
  },

  execute: async (ctx, config, input) => {
    if (ctx.task.kind === "refine_shard") return refineShard(ctx, config, input as { shardIdx: number; path: string });
    return finalize(ctx, config);
  },

  onAbort: (run) => {
    if (run.outputVersionId) {
      markVersionFailed(run.outputVersionId);
      fs.rmSync(tmpDirOf(getVersionOrThrow(run.outputVersionId)), { recursive: true, force: true });
    }
    for (const s of refineSetsOfRun(run.id).all) markAttributeSetFailed(s.id);
  },
};
