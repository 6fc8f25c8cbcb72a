import { AppError } from "@/lib/errors";
import { c4Annotator } from "@/lib/annotators/c4";
import { exactDedupAnnotator } from "@/lib/annotators/exact-dedup";
import { finewebAnnotator } from "@/lib/annotators/fineweb";
import { gopherQualityAnnotator } from "@/lib/annotators/gopher-quality";
import { gopherRepetitionAnnotator } from "@/lib/annotators/gopher-repetition";
import { langAnnotator } from "@/lib/annotators/lang";
import { minhashAnnotator } from "@/lib/annotators/minhash";
import { statsAnnotator } from "@/lib/annotators/stats";
import type { TAnnotator } from "@/lib/annotators/types";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const ANNOTATORS: TAnnotator<any>[] = [
  statsAnnotator,
  langAnnotator,
  gopherQualityAnnotator,
  gopherRepetitionAnnotator,
  c4Annotator,
  finewebAnnotator,
  exactDedupAnnotator,
  minhashAnnotator,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const listAnnotators = (): TAnnotator<any>[] => ANNOTATORS;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const getAnnotatorOrThrow = (id: string): TAnnotator<any> => {
  const a = ANNOTATORS.find((x) => x.id === id);
  if (!a) throw new AppError("UNPROCESSABLE", `Unknown annotator "${id}". Known: ${ANNOTATORS.map((x) => x.id).join(", ")}`);
  return a;
};
