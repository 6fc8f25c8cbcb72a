import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { runs } from "@/db/schema";
import { getAnnotatorOrThrow } from "@/lib/annotators";
import type { TColumnSpec } from "@/lib/annotators/types";
import {
  attributeColumns,
  createAttributeSet,
  getAttributeSetByRun,
  markAttributeSetFailed,
  markAttributeSetReady,
  type TAttributeColumn,
} from "@/lib/annotate/attribute-sets";
import { isGlobalAnnotator, runGlobalDedup, signatureColumns } from "@/lib/annotate/dedup-step";
import { computePassRates } from "@/lib/annotate/pass-rates";
import { readShardDocs } from "@/lib/annotate/read-shard-docs";
import { dataPath } from "@/lib/corpora/paths";
import { getReadyVersionOrThrow, getVersionOrThrow, listShards } from "@/lib/corpora/versions";
import { getDb } from "@/lib/db/client";
import { openParquetSink, type TParquetColumn } from "@/lib/duckdb/write-parquet";
import { AppError } from "@/lib/errors";
import type { TRunType } from "@/lib/runs/types";

export const ZAnnotateConfigSchema = z.object({
  corpusId: z.string().min(1),
  versionId: z.string().min(1).optional(),
  name: z.string().trim().max(200).optional(),
  annotators: z
    .array(z.object({ id: z.string().min(1), config: z.record(z.string(), z.unknown()).optional() }))
    .min(1, "choose at least one annotator"),
  batchSize: z.number().int().min(1).max(100_000).default(1000),
});
export type TAnnotateConfig = z.infer<typeof ZAnnotateConfigSchema>;

type TResolved = { id: string; version: string; config: unknown; columns: TColumnSpec[]; isDedup: boolean };

/** Validates each annotator's config (filling published defaults) and lists the columns it writes. */
export const resolveAnnotators = (config: TAnnotateConfig): TResolved[] => {
  const seen = new Set<string>();
  return config.annotators.map((a) => {
    if (seen.has(a.id)) throw new AppError("UNPROCESSABLE", `Annotator "${a.id}" is listed twice`);
    seen.add(a.id);
    const annotator = getAnnotatorOrThrow(a.id);
    const parsed = annotator.configSchema.safeParse(a.config ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      throw new AppError("UNPROCESSABLE", `Invalid config for annotator "${a.id}": ${issues}`);
    }
    annotator.checkConfig?.(parsed.data);
    return { id: a.id, version: annotator.version, config: parsed.data, columns: annotator.columns(parsed.data), isDedup: isGlobalAnnotator(a.id) };
  });
};

const SIGNALS = "signals";
const DEDUP = "dedup";
const SIGNATURES = "signatures";

const signalColumns = (resolved: TResolved[]): TParquetColumn[] => [
  { name: "id", type: "VARCHAR" },
  ...resolved.filter((r) => !r.isDedup).flatMap((r) => r.columns.map((c) => ({ name: c.name, type: c.type }))),
];

const shardFile = (dir: string, table: string, idx: number) => path.join(dir, table, `part-${String(idx).padStart(5, "0")}.parquet`);

export const annotateRunType: TRunType<TAnnotateConfig> = {
  type: "annotate",
  configSchema: ZAnnotateConfigSchema,

  plan: (run, config) => {
    const version = getReadyVersionOrThrow(config.corpusId, config.versionId);
    const resolved = resolveAnnotators(config);
    const shards = listShards(version.id);
    const columns: TAttributeColumn[] = resolved.flatMap((r) => r.columns.map((c) => ({ ...c, table: r.isDedup ? DEDUP : SIGNALS })));
    createAttributeSet({
      corpusVersionId: version.id,
      runId: run.id,
      name: config.name || resolved.map((r) => r.id).join(" + "),
      annotators: resolved.map((r) => ({ id: r.id, version: r.version, config: r.config })),
      columns,
    });
    const shardTasks = shards.map((s) => ({ kind: "annotate_shard", input: { shardIdx: s.idx, path: s.path }, maxAttempts: 3 }));
    const tasks: { kind: string; input: unknown; dependsOn?: number[]; maxAttempts?: number }[] = [...shardTasks];
    const shardIdxs = shardTasks.map((_, i) => i);
    if (resolved.some((r) => r.isDedup)) tasks.push({ kind: "dedup", input: {}, dependsOn: shardIdxs, maxAttempts: 2 });
    tasks.push({ kind: "finalize", input: {}, dependsOn: tasks.map((_, i) => i), maxAttempts: 2 });
    return { tasks, corpusId: config.corpusId, inputVersionId: version.id, itemsTotal: version.nDocs };
  },

  execute: async (ctx, config, input) => {
    const set = getAttributeSetByRun(ctx.run.id);
    if (!set) throw new Error("The run's attribute set is missing");
    const dir = dataPath(set.path);
    const resolved = resolveAnnotators(config);
    const dedups = resolved.filter((r) => r.isDedup);

    if (ctx.task.kind === "annotate_shard") {
      const { shardIdx, path: shardPath } = input as { shardIdx: number; path: string };
      const local = resolved.filter((r) => !r.isDedup);
      // Rows go to DuckDB batch by batch: worker memory stays bounded by the batch, not the shard.
      fs.mkdirSync(path.join(dir, SIGNALS), { recursive: true });
      fs.mkdirSync(path.join(dir, SIGNATURES), { recursive: true });
      const signals = local.length > 0 ? await openParquetSink(shardFile(dir, SIGNALS, shardIdx), signalColumns(resolved)) : null;
      const signatures = dedups.length > 0 ? await openParquetSink(shardFile(dir, SIGNATURES, shardIdx), signatureColumns(dedups)) : null;
      let docs = 0;
      try {
        for await (const batch of readShardDocs(dataPath(shardPath), config.batchSize)) {
          if (signals) {
            const rows = batch.map((d) => ({ id: d.id }) as Record<string, unknown>);
            for (const r of local) {
              const out = await getAnnotatorOrThrow(r.id).annotate(batch, r.config as never);
              out.forEach((o, i) => Object.assign(rows[i], o));
            }
            signals.append(rows);
          }
          if (signatures) {
            const rows = batch.map((d, i) => ({ id: d.id, shard: shardIdx, row: docs + i }) as Record<string, unknown>);
            for (const g of dedups) {
              const out = await getAnnotatorOrThrow(g.id).annotate(batch, g.config as never);
              out.forEach((o, i) => Object.assign(rows[i], o));
            }
            signatures.append(rows);
          }
          docs += batch.length;
          ctx.progress({ items: batch.length });
        }
      } catch (e) {
        await signals?.abort();
        await signatures?.abort();
        throw e;
      }
      await signals?.finish();
      await signatures?.finish();
      return { docs };
    }

    if (ctx.task.kind === "dedup") {
      fs.mkdirSync(path.join(dir, DEDUP), { recursive: true });
      const sigDir = path.join(dir, SIGNATURES);
      const files = fs
        .readdirSync(sigDir)
        .filter((f) => f.endsWith(".parquet"))
        .sort()
        .map((f) => path.join(sigDir, f));
      const stats = await runGlobalDedup(files, shardFile(dir, DEDUP, 0), dedups, () => ctx.heartbeat());
      ctx.log("info", "dedup_done", `Dedup: ${JSON.stringify(stats)}`, stats);
      return stats;
    }

    // finalize
    const rel = (f: string) => path.relative(dataPath(""), f);
    const list = (table: string) =>
      fs.existsSync(path.join(dir, table))
        ? fs
            .readdirSync(path.join(dir, table))
            .filter((f) => f.endsWith(".parquet"))
            .sort()
            .map((f) => rel(path.join(dir, table, f)))
        : [];
    const tables: Record<string, string[]> = {};
    if (resolved.some((r) => !r.isDedup)) tables[SIGNALS] = list(SIGNALS);
    if (dedups.length > 0) tables[DEDUP] = list(DEDUP);
    const version = getVersionOrThrow(set.corpusVersionId);
    const expectedShards = listShards(version.id).length;
    if (tables[SIGNALS] && tables[SIGNALS].length !== expectedShards) {
      throw new Error(`Expected ${expectedShards} signal shards, found ${tables[SIGNALS].length}`);
    }
    fs.rmSync(path.join(dir, SIGNATURES), { recursive: true, force: true });
    markAttributeSetReady(set.id, tables, version.nDocs);
    const passRates = await computePassRates(version, { ...set, tablesJson: JSON.stringify(tables) }, attributeColumns(set));
    getDb().update(runs).set({ summaryJson: JSON.stringify({ attributeSetId: set.id, docs: version.nDocs, passRates }) }).where(eq(runs.id, ctx.run.id)).run();
    ctx.log("info", "attribute_set_ready", `Attribute set "${set.name}" ready with ${attributeColumns(set).length} columns`);
    return { attributeSetId: set.id };
  },

  onAbort: (run) => {
    const set = getAttributeSetByRun(run.id);
    if (set) markAttributeSetFailed(set.id);
  },
};
