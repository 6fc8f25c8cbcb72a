import { ZTrainFastTextConfigSchema } from "@/lib/classifiers/train-fasttext-run";
import { createRun } from "@/lib/runs/create-run";

/** Queues a fastText classifier training run (positive vs negative documents chosen by filters). */
export const startTrainFastText = (input: unknown): { runId: string } => ({ runId: createRun("train_fasttext", ZTrainFastTextConfigSchema.parse(input)).id });
