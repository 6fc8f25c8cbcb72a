import { pyStrip } from "@/lib/text/py-unicode";

/** Python's str.splitlines() boundaries (\r\n counts once). */
const LINE_BREAKS = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/g;

/**
 * The text a DCLM fastText classifier sees: `" ".join(text.strip().splitlines())`
 * (`classify_fasttext_hq_prob_enricher`). Used for training and for prediction alike.
 */
export const dclmInput = (text: string): string => pyStrip(text).replace(LINE_BREAKS, " ");
