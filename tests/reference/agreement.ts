/**
 * Keep/drop and first-failing-rule agreement of Winnow's rule annotators with the reference
 * runners in ../shared/oracle (datatrove main and v0.3, DCLM), per annotator and preset.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { c4Annotator } from "@/lib/annotators/c4";
import { finewebAnnotator } from "@/lib/annotators/fineweb";
import { gopherQualityAnnotator } from "@/lib/annotators/gopher-quality";
import { gopherRepetitionAnnotator } from "@/lib/annotators/gopher-repetition";
import type { TAnyAnnotator } from "@/lib/annotators/types";
import type { TRefDoc } from "@/tests/reference/corpus";

export const REPO_ROOT = path.resolve(__dirname, "../..");
/** The reference runners: `../shared/oracle` beside the clone (as in CI); WINNOW_ORACLE_DIR overrides it. */
export const ORACLE_DIR = process.env.WINNOW_ORACLE_DIR ? path.resolve(process.env.WINNOW_ORACLE_DIR) : path.resolve(REPO_ROOT, "../shared/oracle");
export const PYTHON = "/usr/bin/python3";

/** Why the oracle cannot run here, or null when it can. */
export const oracleUnavailable = (): string | null => {
  if (!fs.existsSync(path.join(ORACLE_DIR, "datatrove_ref.py"))) return `reference runners not found at ${ORACLE_DIR}`;
  if (!fs.existsSync(PYTHON)) return `${PYTHON} not found (apt-get install -y python3)`;
  const r = spawnSync(PYTHON, ["-c", "import numpy, regex, nltk"], { encoding: "utf8" });
  if (r.status !== 0) return `Debian packages missing (apt-get install -y python3-numpy python3-regex python3-nltk python3-fasttext python3-pytest): ${r.stderr.trim().split("\n").pop()}`;
  return null;
};

export type TProfile = "head" | "v0.3" | "dclm";

/** Runs a reference runner over `docs`; one parsed output row per document, in order. */
export const runOracle = (docs: TRefDoc[], profile: TProfile): Record<string, unknown>[] => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "winnow-oracle-"));
  try {
    const inp = path.join(dir, "in.jsonl");
    const out = path.join(dir, "out.jsonl");
    fs.writeFileSync(inp, docs.map((d) => JSON.stringify(d)).join("\n") + "\n");
    const args = profile === "dclm" ? [path.join(ORACLE_DIR, "dclm_ref.py"), inp, out, "--no-text"] : [path.join(ORACLE_DIR, "datatrove_ref.py"), inp, out, "--profile", profile];
    execFileSync(PYTHON, args, { stdio: ["ignore", "ignore", "pipe"], maxBuffer: 64 << 20 });
    return fs
      .readFileSync(out, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
};

export type TVerdict = { keep: boolean; rule: string | null };

// datatrove drop reasons → Winnow's rule names (config keys).
const DT_RULES: Record<string, Record<string, string>> = {
  gopher_quality: {
    gopher_short_doc: "min_words",
    gopher_long_doc: "max_words",
    gopher_below_avg_threshold: "min_mean_word_length",
    gopher_above_avg_threshold: "max_mean_word_length",
    gopher_too_many_hashes: "max_hash_word_ratio",
    gopher_too_many_ellipsis: "max_ellipsis_word_ratio",
    gopher_too_many_bullets: "max_bullet_lines_ratio",
    gopher_too_many_end_ellipsis: "max_ellipsis_lines_ratio",
    gopher_below_alpha_threshold: "max_non_alpha_words_ratio",
    gopher_enough_stop_words: "min_stop_words",
  },
  gopher_repetition: {
    dup_para_frac: "max_dup_para_frac",
    dup_para_char_frac: "max_dup_para_char_frac",
    dup_line_frac: "max_dup_line_frac",
    dup_line_char_frac: "max_dup_line_char_frac",
    ...Object.fromEntries([2, 3, 4].map((n) => [`top_${n}_gram`, `max_top_${n}gram_char_frac`])),
    ...Object.fromEntries([5, 6, 7, 8, 9, 10].map((n) => [`duplicated_${n}_n_grams`, `max_dup_${n}gram_char_frac`])),
  },
  c4: { too_few_sentences: "min_sentences", lorem_ipsum: "lorem_ipsum", curly_bracket: "curly_bracket" },
  fineweb: { empty: "empty", line_punct_ratio: "min_line_punct_ratio", short_line_ratio: "max_short_line_ratio", char_dup_ratio: "max_char_dup_ratio", list_ratio: "max_newline_ratio" },
};

/** The reference verdict of one annotator for one oracle row. */
export const referenceVerdict = (row: Record<string, unknown>, annotator: string, profile: TProfile): TVerdict => {
  if (profile !== "dclm") {
    const v = row[annotator] as { pass: boolean; reason: string | null };
    if (v.pass) return { keep: true, rule: null };
    const reason = v.reason ?? "";
    if (reason.startsWith("error:")) return { keep: false, rule: "empty" };
    return { keep: false, rule: DT_RULES[annotator][reason] ?? `unmapped:${reason}` };
  }
  return dclmVerdict(row, annotator);
};

const DCLM_QUALITY: [string, string][] = [
  ["page_length_filter", "min_words|max_words"],
  ["word_length_filter", "min_mean_word_length|max_mean_word_length"],
  ["symbol_ratio_filter", "max_hash_word_ratio"],
  ["bullet_count_filter", "max_bullet_lines_ratio"],
  ["ellipsis_count_filter", "max_ellipsis_lines_ratio"],
  ["alphabetic_word_ratio_filter", "max_non_alpha_words_ratio"],
  ["stop_word_filter", "min_stop_words"],
];
const DCLM_REPETITION: Record<string, string> = {
  dup_line_frac: "max_dup_line_frac",
  dup_para_frac: "max_dup_para_frac",
  dup_line_char_frac: "max_dup_line_char_frac",
  dup_para_char_frac: "max_dup_para_char_frac",
  ...Object.fromEntries([2, 3, 4].map((n) => [`top_${n}gram_char_frac`, `max_top_${n}gram_char_frac`])),
  ...Object.fromEntries([5, 6, 7, 8, 9, 10].map((n) => [`dup_${n}gram_char_frac`, `max_dup_${n}gram_char_frac`])),
};

/**
 * DCLM: the page filters judged on the input text itself (`page_filters_on_input` when DCLM's URL
 * and newline modifiers changed the text, else the steps), and c4.yaml's page decision.
 */
const dclmVerdict = (row: Record<string, unknown>, annotator: string): TVerdict => {
  const base = row.dclm_baseline as { steps: Record<string, { result: string; first_failed?: string | null }>; page_filters_on_input?: Record<string, { pass: boolean; first_failed?: string | null }> };
  const onInput = base.page_filters_on_input;
  const passed = (step: string): boolean => (onInput ? onInput[step].pass : base.steps[step].result !== "removed");
  if (annotator === "gopher_quality") {
    for (const [step, rule] of DCLM_QUALITY) if (!passed(step)) return { keep: false, rule };
    return { keep: true, rule: null };
  }
  if (annotator === "gopher_repetition") {
    if (passed("massive_web_repetition_filters")) return { keep: true, rule: null };
    const first = onInput ? onInput.massive_web_repetition_filters.first_failed : base.steps.massive_web_repetition_filters.first_failed;
    return { keep: false, rule: first ? DCLM_REPETITION[first] : "empty" };
  }
  const c4 = row.c4 as { keep: boolean; removed_by: string | null };
  if (c4.keep) return { keep: true, rule: null };
  return { keep: false, rule: DCLM_C4[c4.removed_by ?? ""] ?? `unmapped:${c4.removed_by}` };
};

/** DCLM's c4.yaml steps → the c4 annotator's dclm rule names. */
const DCLM_C4: Record<string, string> = {
  "page_length_filter:char": "page_chars",
  word_length_modifier: "emptied_by_too_long_word",
  citation_removal_modifier: "emptied_by_citations",
  punctuation_line_modifier: "emptied_by_no_terminal_punctuation",
  line_length_modifier: "emptied_by_too_few_words",
  "substring_filter:lorem ipsum": "lorem_ipsum",
  "substring_line_modifier:javascript": "emptied_by_javascript",
  "substring_filter:{": "curly_bracket",
  "substring_line_modifier:policy": "emptied_by_policy",
  "page_length_filter:sentence": "min_sentences",
  "page_length_filter:sentence#2": "min_sentences_after_dedup",
  "substring_filter:ldnoobw": "ldnoobw",
};

/**
 * DCLM documents that its earlier modifiers emptied never reach the page filters, so their verdict
 * on the input is not known: they are left out of the gopher comparisons.
 */
export const dclmComparable = (row: Record<string, unknown>, annotator: string): boolean => {
  if (annotator === "c4") return true;
  const base = row.dclm_baseline as { steps: Record<string, { result: string }>; page_filters_on_input?: unknown };
  return base.page_filters_on_input !== undefined || base.steps.page_length_filter.result !== "not_run";
};

export const ANNOTATORS: Record<string, TAnyAnnotator> = {
  gopher_quality: gopherQualityAnnotator,
  gopher_repetition: gopherRepetitionAnnotator,
  c4: c4Annotator,
  fineweb: finewebAnnotator,
};

/** Winnow's verdicts for `docs`. */
export const winnowVerdicts = async (docs: TRefDoc[], annotator: string, preset: string): Promise<TVerdict[]> => {
  const a = ANNOTATORS[annotator];
  const rows = await a.annotate(docs, a.configSchema.parse({ preset }));
  return rows.map((r) => ({ keep: r[`${annotator}.pass`] as boolean, rule: (r[`${annotator}.first_failed_rule`] as string | null) ?? null }));
};

export type TAgreement = { docs: number; keep: number; rule: number; mismatches: { id: string; ours: TVerdict; ref: TVerdict }[] };

/** Keep/drop agreement and first-failing-rule agreement (same verdict and, when dropped, the same rule). */
export const agreement = (ids: string[], ours: TVerdict[], ref: TVerdict[], ruleMap: (r: string | null) => string | null = (r) => r): TAgreement => {
  let keep = 0;
  let rule = 0;
  const mismatches: TAgreement["mismatches"] = [];
  for (let i = 0; i < ids.length; i++) {
    const k = ours[i].keep === ref[i].keep;
    const r = k && (ours[i].keep || (ref[i].rule ?? "").split("|").includes(ruleMap(ours[i].rule) ?? ""));
    if (k) keep++;
    if (r) rule++;
    if (!r) mismatches.push({ id: ids[i], ours: ours[i], ref: ref[i] });
  }
  return { docs: ids.length, keep: keep / ids.length, rule: rule / ids.length, mismatches };
};
