import { AppError } from "@/lib/errors";
import { c4Annotator } from "@/lib/annotators/c4";
import { datamanAnnotator } from "@/lib/annotators/dataman";
import { exactDedupAnnotator } from "@/lib/annotators/exact-dedup";
import { fasttextAnnotator } from "@/lib/annotators/fasttext";
import { finewebAnnotator } from "@/lib/annotators/fineweb";
import { gopherQualityAnnotator } from "@/lib/annotators/gopher-quality";
import { gopherRepetitionAnnotator } from "@/lib/annotators/gopher-repetition";
import { langAnnotator } from "@/lib/annotators/lang";
import { minhashAnnotator } from "@/lib/annotators/minhash";
import { perplexityAnnotator } from "@/lib/annotators/perplexity";
import { statsAnnotator } from "@/lib/annotators/stats";
import { studentAnnotator } from "@/lib/annotators/student";
import type { TAnyAnnotator } from "@/lib/annotators/types";

const ANNOTATORS: TAnyAnnotator[] = [
  statsAnnotator,
  langAnnotator,
  gopherQualityAnnotator,
  gopherRepetitionAnnotator,
  c4Annotator,
  finewebAnnotator,
  exactDedupAnnotator,
  minhashAnnotator,
  datamanAnnotator,
  perplexityAnnotator,
  fasttextAnnotator,
  studentAnnotator,
];

/** Every built-in annotator, in the order the UI lists them. */
export const listAnnotators = (): TAnyAnnotator[] => ANNOTATORS;

/** Annotators that run with their defaults, in-process: no model to choose and no inference endpoint (what CPU benchmarks time). */
export const listSelfContainedAnnotators = (): TAnyAnnotator[] => ANNOTATORS.filter((a) => !a.model && !a.endpointId);

/** The annotator with this id, or undefined. */
export const getAnnotator = (id: string): TAnyAnnotator | undefined => ANNOTATORS.find((x) => x.id === id);

export const getAnnotatorOrThrow = (id: string): TAnyAnnotator => {
  const a = getAnnotator(id);
  if (!a) throw new AppError("UNPROCESSABLE", `Unknown annotator "${id}". Known: ${ANNOTATORS.map((x) => x.id).join(", ")}`);
  return a;
};
