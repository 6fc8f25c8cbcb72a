import { AppError } from "@/lib/errors";
import { annotateRunType } from "@/lib/annotate/annotate-run";
import { importRunType } from "@/lib/imports/import-run";
import { trainFastTextRunType } from "@/lib/classifiers/train-fasttext-run";
import { ingestRunType } from "@/lib/ingest/ingest-run";
import { trainNgramRunType } from "@/lib/ngram/train-run";
import { exportRunType } from "@/lib/recipes/export-run";
import { refineRunType } from "@/lib/refine/refine-run";
import { trainStudentRunType } from "@/lib/student/train-student-run";
import type { TRunType } from "@/lib/runs/types";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const RUN_TYPES: Record<string, TRunType<any>> = {
  [ingestRunType.type]: ingestRunType,
  [annotateRunType.type]: annotateRunType,
  [exportRunType.type]: exportRunType,
  [trainNgramRunType.type]: trainNgramRunType,
  [importRunType.type]: importRunType,
  [refineRunType.type]: refineRunType,
  [trainFastTextRunType.type]: trainFastTextRunType,
  [trainStudentRunType.type]: trainStudentRunType,
};

/** Adds a run type (built-ins are registered above; tests register their own). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const registerRunType = (runType: TRunType<any>): void => {
  RUN_TYPES[runType.type] = runType;
};

export const runTypeNames = (): string[] => Object.keys(RUN_TYPES);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const getRunType = (type: string): TRunType<any> => {
  const t = RUN_TYPES[type];
  if (!t) throw new AppError("BAD_REQUEST", `Unknown run type "${type}". Known: ${runTypeNames().join(", ")}`);
  return t;
};
