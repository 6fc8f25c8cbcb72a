import { createRun } from "@/lib/runs/create-run";
import { ZTrainStudentConfigSchema } from "@/lib/student/train-student-run";

/** Queues a student run: train on an attribute set's rated sample, then predict every document. */
export const startTrainStudent = (input: unknown): { runId: string } => ({ runId: createRun("train_student", ZTrainStudentConfigSchema.parse(input)).id });
