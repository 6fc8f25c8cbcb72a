import path from "node:path";
import { AppError, errorMessage } from "@/lib/errors";
import { readFastTextHeader, type TFastTextHeader } from "@/lib/fasttext/load-model";
import { assertPathAllowed } from "@/lib/ingest/source-spec";
import { getModel, modelFilePath } from "@/lib/models/models";

/**
 * A fastText model named by a studio model id (`mdl_…`, kind fasttext, ready) or by the path of a
 * `.bin`/`.ftz` file under the allowed data roots. Returns the file and its labels, or a clear error.
 */
export const resolveFastTextModel = (ref: string): { file: string; header: TFastTextHeader } => {
  const trimmed = ref.trim();
  if (!trimmed) throw new AppError("UNPROCESSABLE", "Choose a fastText model: a trained model id (mdl_…) or the path of a .bin/.ftz file");
  let file: string;
  if (/^mdl_[a-z0-9]+$/.test(trimmed)) {
    const m = getModel(trimmed);
    if (!m) throw new AppError("NOT_FOUND", `Model ${trimmed} not found`);
    if (m.kind !== "fasttext") throw new AppError("UNPROCESSABLE", `Model ${trimmed} is a ${m.kind} model, not a fastText classifier`);
    if (m.status !== "ready") throw new AppError("UNPROCESSABLE", `Model ${trimmed} is ${m.status}, not ready`);
    file = modelFilePath(m);
  } else {
    if (!/\.(bin|ftz)$/i.test(trimmed)) throw new AppError("UNPROCESSABLE", `${trimmed}: a fastText model file ends in .bin or .ftz`);
    file = assertPathAllowed(path.resolve(trimmed));
  }
  try {
    return { file, header: readFastTextHeader(file) };
  } catch (e) {
    throw new AppError("UNPROCESSABLE", `Cannot read fastText model ${trimmed}: ${errorMessage(e)}`);
  }
};

/** `hq` → `__label__hq`; a name given with its prefix is kept. */
export const withLabelPrefix = (label: string): string => (label.startsWith("__label__") ? label : `__label__${label}`);
