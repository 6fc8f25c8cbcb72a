import path from "node:path";
import { z } from "zod";
import type { TAnnotator, TColumnSpec } from "@/lib/annotators/types";
import { AppError } from "@/lib/errors";
import { getModel, modelFilePath, type TModelRow } from "@/lib/models/models";
import { loadStudentPredictor } from "@/lib/student/student-model";
import { studentColumns, type TStudentTarget } from "@/lib/student/targets";

const ZConfig = z.object({
  /** A student trained in the studio (`mdl_…`, kind student). */
  model: z.string().default(""),
});
export type TStudentConfig = z.infer<typeof ZConfig>;

const readyStudent = (id: string): TModelRow => {
  if (!id.trim()) throw new AppError("UNPROCESSABLE", "Choose a student model (Train student… on a corpus page trains one)");
  const m = getModel(id.trim());
  if (!m) throw new AppError("NOT_FOUND", `Model ${id} not found`);
  if (m.kind !== "student") throw new AppError("UNPROCESSABLE", `Model ${id} is a ${m.kind} model, not a student`);
  if (m.status !== "ready") throw new AppError("UNPROCESSABLE", `Model ${id} is ${m.status}, not ready`);
  return m;
};

const targetsOf = (m: TModelRow): TStudentTarget[] => (JSON.parse(m.configJson) as { targets?: TStudentTarget[] }).targets ?? [];

export const studentAnnotator: TAnnotator<TStudentConfig> = {
  id: "student",
  version: "1",
  title: "Student (distilled ratings)",
  description:
    "Applies a student trained in the studio (Train student…) to every document: the predicted scores (e.g. student.overall_score) and category with its probability, from the learner that won on the held-out split for each target.",
  configSchema: ZConfig,
  model: { kind: "student", configKey: "model" },
  validate: (c) => {
    readyStudent(c.model);
  },
  columns: (c): TColumnSpec[] => {
    const m = c.model.trim() ? getModel(c.model.trim()) : undefined;
    return m ? studentColumns(targetsOf(m)) : [];
  },
  annotate: (docs, c) => {
    const m = readyStudent(c.model);
    const predict = loadStudentPredictor(path.dirname(modelFilePath(m)));
    return docs.map((d) => predict(d.text));
  },
};
