import { z } from "zod";
import type { TRefineRule } from "@/lib/refine/rules/types";

const ZConfig = z.object({
  /**
   * Boolean annotation columns of the version (`gopher_quality.pass`, `c4.pass`, `fineweb.pass`,
   * `gopher_repetition.pass`, `exact_dedup.keep`, `minhash_dedup.keep`): a document is dropped when any
   * of them is false. A document without a value (not annotated) is kept.
   */
  columns: z.array(z.string().min(1)).min(1, "choose at least one boolean annotation column").default(["gopher_quality.pass"]),
});
type TConfig = z.infer<typeof ZConfig>;

export const dropFailingRule: TRefineRule<TConfig> = {
  id: "drop_failing",
  title: "Drop documents failing annotation rules",
  description:
    "Writes drop_doc() for documents whose chosen boolean annotation columns (gopher_quality.pass, c4.pass, fineweb.pass, exact_dedup.keep, minhash_dedup.keep, …) are false. Needs a ready annotation run on the version.",
  level: "doc",
  configSchema: ZConfig,
  columns: (c) => c.columns,
  generate: ({ attrs }, c) => (c.columns.some((col) => attrs[col] === false) ? "drop_doc()" : ""),
};
