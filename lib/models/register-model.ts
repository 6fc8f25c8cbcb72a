import { z } from "zod";
import { resolveFastTextModel } from "@/lib/models/fasttext-model-ref";
import { describeModel, insertReadyModel } from "@/lib/models/models";

export const ZRegisterModelSchema = z.object({
  kind: z.literal("fasttext"),
  name: z.string().trim().min(1).max(200),
  /** A fastText .bin/.ftz file under the allowed data roots. */
  path: z.string().trim().min(1),
});

/** Registers an existing fastText model file (e.g. DCLM's OH-2.5+ELI5 classifier) so the studio can pick it. */
export const registerModelFile = (input: unknown) => {
  const { name, path } = ZRegisterModelSchema.parse(input);
  const { file, header } = resolveFastTextModel(path);
  const m = insertReadyModel({ kind: "fasttext", name, absPath: file, config: { labels: header.labels.map((l) => l.label.replace(/^__label__/, "")), args: header.args, words: header.words } });
  return describeModel(m);
};
