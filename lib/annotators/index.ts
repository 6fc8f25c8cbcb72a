import { AppError } from "@/lib/errors";
import { statsAnnotator } from "@/lib/annotators/stats";
import type { TAnnotator } from "@/lib/annotators/types";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const ANNOTATORS: TAnnotator<any>[] = [statsAnnotator];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const listAnnotators = (): TAnnotator<any>[] => ANNOTATORS;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const getAnnotatorOrThrow = (id: string): TAnnotator<any> => {
  const a = ANNOTATORS.find((x) => x.id === id);
  if (!a) throw new AppError("UNPROCESSABLE", `Unknown annotator "${id}". Known: ${ANNOTATORS.map((x) => x.id).join(", ")}`);
  return a;
};
