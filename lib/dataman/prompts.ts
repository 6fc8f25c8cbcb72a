import type { TChatMessage } from "@/lib/inference/client";
import { DATAMAN_DOMAINS, DATAMAN_RATINGS, RATING_KEYS } from "@/lib/dataman/criteria";

/**
 * The two prompt styles:
 * - `dataman`: the released DataMan models' own `all_rating` request (`data_tools/dataman_annotate.py`),
 *   answered with 15 lines (the domain letter, then the 14 scores);
 * - `instruct`: for general chat models, DataMan's GPT annotation prompt (criteria with their
 *   definitions, `sft/prepare_data.py`) asking for one JSON object instead of free text.
 */
export const PROMPT_STYLES = ["dataman", "instruct"] as const;
export type TPromptStyle = (typeof PROMPT_STYLES)[number];

/** Part of the cache key: bump when a template (or what its parser accepts) changes. */
export const PROMPT_VERSIONS: Record<TPromptStyle, string> = { dataman: "dataman-all_rating-en-v1", instruct: "dataman-instruct-json-en-v1" };

const DOMAIN_LINE = `Domain Types: ${DATAMAN_DOMAINS.map((d) => `[${d.letter}]${d.name}`).join(" ")}`;

export const datamanRequest = (text: string): string =>
  [
    "Please score the text on fourteen evaluation criteria and specify its domain:",
    `Text: ${text}`,
    "Domain:_",
    ...DATAMAN_RATINGS.map((r, i) => `[${i + 1}]${r.short}:_/5`),
  ].join("\n");

/** DataMan's system message for its own models (Qwen's default). */
export const DATAMAN_SYSTEM = "You are a helpful assistant.";
/** The system message of DataMan's GPT annotation requests. */
export const INSTRUCT_SYSTEM =
  "You are an expert to evaluate the text quality with high accuracy and confidence. Don't hesitate to use the full range of the score scale, including extreme scores if the text warrants it.";

const JSON_SHAPE = `{"domain": "<letter A-O>", ${RATING_KEYS.map((k) => `"${k}": <1-5>`).join(", ")}}`;

export const instructRequest = (text: string): string =>
  [
    "Please carefully read and analyze the following text, score it based on fourteen evaluation criteria and their respective scoring definitions. ",
    "Additionally, select the most appropriate category from the fifteen domain types that best matches the content of the text.",
    `Text: ${text}`,
    DOMAIN_LINE,
    "Evaluation Criteria:",
    ...DATAMAN_RATINGS.map((r, i) => `[${i + 1}]${r.long}: ${r.definition}${r.key === "overall_score" ? "" : " _/5"}`),
    "",
    `Answer with only one JSON object and nothing else: integer scores from 1 to 5 and the domain's letter, in this form:`,
    JSON_SHAPE,
  ].join("\n");

/**
 * Qwen's chat template with the generation prompt, for servers that take a raw prompt (TGI's
 * /generate): what DataMan's `apply_chat_template(..., add_generation_prompt=True)` produces.
 */
export const qwenChatPrompt = (messages: TChatMessage[]): string => `${messages.map((m) => `<|im_start|>${m.role}\n${m.content}<|im_end|>\n`).join("")}<|im_start|>assistant\n`;

/** Qwen's `<|endoftext|>` and `<|im_end|>` (DataMan stops on their ids 151643 and 151645). */
export const QWEN_STOP = ["<|im_end|>", "<|endoftext|>"];

export const promptMessages = (style: TPromptStyle, text: string): TChatMessage[] =>
  style === "dataman"
    ? [
        { role: "system", content: DATAMAN_SYSTEM },
        { role: "user", content: datamanRequest(text) },
      ]
    : [
        { role: "system", content: INSTRUCT_SYSTEM },
        { role: "user", content: instructRequest(text) },
      ];
