import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { attributeSets, runs } from "@/db/schema";
import { attributeColumns, createAttributeSet, getAttributeSetByRun, markAttributeSetFailed, markAttributeSetReady } from "@/lib/annotate/attribute-sets";
import { readShardDocs } from "@/lib/annotate/read-shard-docs";
import { buildDocumentRelation } from "@/lib/corpora/document-relation";
import { dataPath, shardFileName } from "@/lib/corpora/paths";
import { getReadyVersionOrThrow, getVersionOrThrow, listShards } from "@/lib/corpora/versions";
import { getDb } from "@/lib/db/client";
import { openParquetSink } from "@/lib/duckdb/write-parquet";
import { AppError } from "@/lib/errors";
import { ZFastTextParamsSchema, ZHeldOutFractionSchema } from "@/lib/fasttext/hyper-params";
import { ZStudentMaxCharsSchema } from "@/lib/student/student-fields";
import { createModel, getModelByRun, markModelFailed, modelFilePath } from "@/lib/models/models";
import { loadStudentPredictor } from "@/lib/student/student-model";
import { resolveTargets, studentColumns } from "@/lib/student/targets";
import { trainStudent } from "@/lib/student/train-student";
import { ZLinearParamsSchema } from "@/lib/student/linear-learner";
import type { TRunType } from "@/lib/runs/types";

/**
 * Student fastText defaults: DCLM's hyper-parameters except for the size of the data. A rated sample
 * holds thousands of documents, not DCLM's 200k, so 25 epochs at lr 0.5 (fastText's advice for small
 * data sets) and 2^20 buckets.
 */
const ZStudentFastTextParamsSchema = ZFastTextParamsSchema.omit({ loss: true }).extend({
  lr: z.number().positive().max(10).default(0.5),
  epoch: z.number().int().min(1).max(1000).default(25),
  bucket: z.number().int().min(0).max(100_000_000).default(1 << 20),
});

export const ZTrainStudentConfigSchema = z
  .object({
    corpusId: z.string().min(1),
    versionId: z.string().min(1).optional(),
    /** The attribute set holding the ratings (e.g. the dataman rater's). */
    attributeSetId: z.string().min(1),
    /** Numeric columns to predict (e.g. dataman.overall_score and each criterion). */
    scoreTargets: z.array(z.string().min(1)).max(64).default([]),
    /** A categorical column to predict (e.g. dataman.domain). */
    categoryTarget: z.string().min(1).nullable().default(null),
    name: z.string().trim().min(1).max(200).optional(),
    /** Namespace of the written columns: `<prefix>.overall_score`. */
    prefix: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, "prefix: a lowercase identifier")
      .default("student"),
    heldOutFraction: ZHeldOutFractionSchema,
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(0),
    /** Characters of text the learners see (0 = all); about DataMan's 1,894-token input budget. */
    maxChars: ZStudentMaxCharsSchema,
    learners: z
      .object({ fasttext: z.boolean().default(true), linear: z.boolean().default(true) })
      .default({ fasttext: true, linear: true })
      .refine((l) => l.fasttext || l.linear, "enable at least one learner"),
    fasttext: ZStudentFastTextParamsSchema.default(ZStudentFastTextParamsSchema.parse({})),
    linear: ZLinearParamsSchema.default(ZLinearParamsSchema.parse({})),
    batchSize: z.number().int().min(1).max(100_000).default(1000),
  })
  .refine((c) => c.scoreTargets.length > 0 || c.categoryTarget !== null, { message: "choose at least one target column", path: ["scoreTargets"] });
export type TTrainStudentConfig = z.infer<typeof ZTrainStudentConfigSchema>;

const TABLE = "student";

const sourceSetOrThrow = (config: TTrainStudentConfig, versionId: string) => {
  const set = getDb().select().from(attributeSets).where(eq(attributeSets.id, config.attributeSetId)).get();
  if (!set) throw new AppError("NOT_FOUND", `Attribute set ${config.attributeSetId} not found`);
  if (set.status !== "ready") throw new AppError("UNPROCESSABLE", `Attribute set "${set.name}" is ${set.status}, not ready`);
  if (set.corpusVersionId !== versionId) throw new AppError("UNPROCESSABLE", `Attribute set "${set.name}" belongs to another corpus version`);
  return set;
};

export const trainStudentRunType: TRunType<TTrainStudentConfig> = {
  type: "train_student",
  configSchema: ZTrainStudentConfigSchema,

  plan: (run, config) => {
    const version = getReadyVersionOrThrow(config.corpusId, config.versionId);
    const set = sourceSetOrThrow(config, version.id);
    const targets = resolveTargets(set, config.scoreTargets, config.categoryTarget, config.prefix);
    const name = config.name ?? `student of ${set.name}`;
    const model = createModel({ kind: "student", name, runId: run.id, corpusVersionId: version.id, config: { ...config, targets }, fileName: "student.json" });
    createAttributeSet({
      corpusVersionId: version.id,
      runId: run.id,
      name,
      annotators: [{ id: "student", version: "1", config: { model: model.id } }],
      columns: studentColumns(targets).map((c) => ({ ...c, table: TABLE })),
    });
    const shards = listShards(version.id);
    const tasks = [
      { kind: "train", input: {}, maxAttempts: 2 },
      ...shards.map((s) => ({ kind: "apply_shard", input: { shardIdx: s.idx, path: s.path }, dependsOn: [0], maxAttempts: 3 })),
    ];
    tasks.push({ kind: "finalize", input: {}, dependsOn: tasks.map((_, i) => i), maxAttempts: 2 });
    return { tasks, corpusId: config.corpusId, inputVersionId: version.id, itemsTotal: version.nDocs };
  },

  execute: async (ctx, config, input) => {
    const model = getModelByRun(ctx.run.id);
    const set = getAttributeSetByRun(ctx.run.id);
    if (!model || !set) throw new Error("The run's model or attribute set is missing");
    const version = getVersionOrThrow(ctx.run.inputVersionId!);
    const modelDir = path.dirname(modelFilePath(model));

    if (ctx.task.kind === "train") {
      const source = sourceSetOrThrow(config, version.id);
      const targets = resolveTargets(source, config.scoreTargets, config.categoryTarget, config.prefix);
      const rel = buildDocumentRelation(version, [source]);
      const summary = await trainStudent({ ctx, config, targets, rel, model, dir: modelDir });
      getDb().update(runs).set({ summaryJson: JSON.stringify(summary) }).where(eq(runs.id, ctx.run.id)).run();
      return { modelId: model.id };
    }

    const dir = dataPath(set.path);
    if (ctx.task.kind === "apply_shard") {
      const { shardIdx, path: shardPath } = input as { shardIdx: number; path: string };
      const predict = loadStudentPredictor(modelDir);
      const columns = [{ name: "id", type: "VARCHAR" as const }, ...attributeColumns(set).map((c) => ({ name: c.name, type: c.type as "DOUBLE" | "VARCHAR" }))];
      fs.mkdirSync(path.join(dir, TABLE), { recursive: true });
      const sink = await openParquetSink(path.join(dir, TABLE, shardFileName(shardIdx)), columns);
      let docs = 0;
      try {
        for await (const batch of readShardDocs(dataPath(shardPath), config.batchSize)) {
          sink.append(batch.map((d) => ({ id: d.id, ...predict(d.text) })));
          docs += batch.length;
          ctx.progress({ items: batch.length });
        }
      } catch (e) {
        await sink.abort();
        throw e;
      }
      await sink.finish();
      return { docs };
    }

    // finalize
    const files = fs
      .readdirSync(path.join(dir, TABLE))
      .filter((f) => f.endsWith(".parquet"))
      .sort()
      .map((f) => path.relative(dataPath(""), path.join(dir, TABLE, f)));
    const expected = listShards(version.id).length;
    if (files.length !== expected) throw new Error(`Expected ${expected} student shards, found ${files.length}`);
    markAttributeSetReady(set.id, { [TABLE]: files }, version.nDocs);
    const run = getDb().select({ summaryJson: runs.summaryJson }).from(runs).where(eq(runs.id, ctx.run.id)).get();
    const summary = { ...(JSON.parse(run?.summaryJson ?? "{}") as Record<string, unknown>), attributeSetId: set.id, docs: version.nDocs };
    getDb().update(runs).set({ summaryJson: JSON.stringify(summary) }).where(eq(runs.id, ctx.run.id)).run();
    ctx.log("info", "attribute_set_ready", `Attribute set "${set.name}" ready: ${attributeColumns(set).map((c) => c.name).join(", ")} for ${version.nDocs} documents`);
    return { attributeSetId: set.id };
  },

  onAbort: (run) => {
    const model = getModelByRun(run.id);
    if (model) markModelFailed(model.id);
    const set = getAttributeSetByRun(run.id);
    if (set) markAttributeSetFailed(set.id);
  },
};
