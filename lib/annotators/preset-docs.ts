import type { TRulePreset } from "@/lib/annotators/rule-presets";

/**
 * What docs/annotators.md says about the rule annotators' presets (scripts/gen-annotator-docs.ts):
 * one line per statistic and preset, the known residual differences from the reference with an
 * example each, and the agreement measured by tests/reference/agreement.test.ts.
 */
export type TPresetDoc = { definitions: string[]; differences: { difference: string; example: string }[] };

const PY_UNICODE = {
  difference: "Unicode tables: Python 3.11's `str.isalpha`/`isspace`/`isupper` (Unicode 14) vs the JavaScript engine's `\\p{L}`/`\\p{Uppercase}` (Node's ICU, newer Unicode)",
  example: "a letter assigned after Unicode 14 (e.g. U+1E4D0, Nag Mundari) is alphabetic here, not in Python 3.11 — not seen in the test corpus",
};
const HASH = {
  difference: "n-grams are counted by 53-bit hashes (datatrove compares the strings)",
  example: "two different n-grams with the same hash would be counted as one; probability ≈ n²/2⁵³ per document, none observed",
};

export const PRESET_DOCS: Record<string, Partial<Record<TRulePreset, TPresetDoc>>> = {
  gopher_quality: {
    datatrove: {
      definitions: [
        "words: spaCy English tokens (`spacy.blank(\"en\")`, ported in lib/text/spacy-en.ts), stripped, empty ones dropped",
        "`word_count`: words with a character outside datatrove's PUNCTUATION set (non-symbol words); min 50, max 100,000",
        "`mean_word_length`: mean code-point length of the non-symbol words; fails < 3 or > 10",
        "`hash_word_ratio`: `text.count('#')` / all words; fails > 0.1",
        "`ellipsis_word_ratio`: (`count('...')` + `count('…')`) / all words; fails > 0.1",
        "`bullet_lines_ratio`: lines of `text.splitlines()` (blank ones included) whose `lstrip()` starts with • or - / lines; fails > 0.9",
        "`ellipsis_lines_ratio`: lines whose `rstrip()` ends with ... or … / lines; fails > 0.3",
        "`non_alpha_words_ratio`: 1 − (words with a letter / all words); fails when the alphabetic share < 0.8",
        "`stop_words`: distinct words equal (exact case) to the, be, to, of, and, that, have, with; fails < 2",
      ],
      differences: [PY_UNICODE],
    },
    fineweb: {
      definitions: [
        "words: NLTK `word_tokenize` (Punkt English sentences, then NLTKWordTokenizer; lib/text/nltk-en.ts), stripped",
        "`stop_words`: every occurrence (exact case) of a stop word, not distinct ones",
        "every other statistic and threshold as in `datatrove`",
      ],
      differences: [PY_UNICODE],
    },
    dclm: {
      definitions: [
        "`word_count`: fastText tokens (split on the bytes ` \\n\\r\\t\\v\\f\\0`) whose first character is alphanumeric; min 50, max 100,000 (page_length_filter)",
        "`mean_word_length`: mean length of whitespace tokens (`str.split()`); fails < 3 or > 10, or with no token (word_length_filter)",
        "`hash_word_ratio`: ('#' + '...' + '. . .' + '…') / whitespace tokens; fails > 0.1 (symbol_ratio_filter)",
        "`ellipsis_word_ratio`: ('...' + '. . .' + '…') / whitespace tokens; reported, no rule (DCLM has none)",
        "`bullet_lines_ratio`: lines split on \\n, stripped, blank ones dropped, starting with ● • * -; fails when count > 0.9 × lines",
        "`ellipsis_lines_ratio`: those lines ending with ... . . . or …; fails when count > 0.3 × lines",
        "`non_alpha_words_ratio`: whitespace tokens without a letter / tokens; fails > 0.2",
        "`stop_words`: whitespace tokens equal to a stop word after `lower()`, every occurrence; fails < 2",
      ],
      differences: [
        {
          difference: "DCLM removes URLs and collapses newlines (url_removal_modifier, newline_removal_modifier) before its page filters; the preset judges the text as given",
          example: "\"see https://example.com/a-very-long-path-name\" — DCLM measures word lengths without the URL; compared here on DCLM's verdict for the input text",
        },
        PY_UNICODE,
      ],
    },
  },
  gopher_repetition: {
    datatrove: {
      definitions: [
        "paragraphs: `text.strip()` split on \\n\\n+ (empty pieces kept); lines: `text` split on \\n+",
        "`dup_para_frac` / `dup_line_frac`: segments equal to an earlier one / segments; fail > 0.3",
        "`dup_para_char_frac` / `dup_line_char_frac`: characters of those repeats / `len(text)`; fail > 0.2",
        "words: spaCy English tokens, stripped (as gopher_quality)",
        "`top_{2,3,4}gram_char_frac`: the most common n-gram of words joined by a space (the first seen among ties, even at count 1): its length × count / `len(text)`; fail > 0.2, 0.18, 0.16",
        "`dup_{5…10}gram_char_frac`: greedy scan over words joined without separator — an n-gram seen before adds its characters and skips n words — / `len(text)`; fail > 0.15 … 0.10",
        "order: paragraphs, lines, top n-grams, duplicated n-grams; an empty text fails (`empty`; datatrove raises ZeroDivisionError)",
      ],
      differences: [HASH],
    },
    fineweb: {
      definitions: ["as `datatrove`, with NLTK `word_tokenize` words"],
      differences: [HASH],
    },
    dclm: {
      definitions: [
        "lines: split on \\n; paragraphs: split on \\n\\n; stripped, empty ones dropped",
        "`dup_line_frac` / `dup_para_frac`: Σ count of segments occurring more than once (first occurrence included) / segments; fail > 0.3",
        "`dup_line_char_frac` / `dup_para_char_frac`: Σ length × count of those / total length of segments; fail > 0.2",
        "words: UAX #29 word segments starting with a letter or digit (DCLM: uniseg); fractions over Σ word lengths",
        "`top_{2,3,4}gram_char_frac`: the longest of the most frequent n-grams (0 when none repeats) × count / Σ word lengths",
        "`dup_{5…10}gram_char_frac`: characters of the union of word positions covered by repeated n-grams / Σ word lengths",
        "order: line count, paragraph count, line chars, paragraph chars, n-grams; a page without lines fails `max_dup_line_frac`",
      ],
      differences: [
        {
          difference: "word segmentation: Winnow's UAX #29 segmenter keeps apostrophes and zero-width spaces inside words like uniseg 0.7; uniseg 0.8 (the runner's default) splits them",
          example: "\"don't\" → don't (Winnow) vs don, t (uniseg 0.8); \"x\\u200by\" → one word vs x, y",
        },
        {
          difference: "\"\\r\\n\" counts as \"\\n\" (DCLM splits on \"\\n\" literally, so \"\\r\\n\\r\\n\" is no paragraph break there)",
          example: "\"p one\\r\\n\\r\\np one\\r\\n\\r\\np two\": 3 paragraphs here, 1 in DCLM",
        },
      ],
    },
  },
  c4: {
    datatrove: {
      definitions: [
        "lines: `text.splitlines()`, each stripped; blank lines count in no column",
        "`removed_too_long_word`: a whitespace word over 1000 characters",
        "citations [1], [edit], [citation needed] are removed before the punctuation check",
        "`removed_no_terminal_punctuation`: not ending in . ? ! \" ' or ending in ...",
        "`removed_too_few_words`: fewer than 3 whitespace words",
        "`has_lorem_ipsum` → fails `lorem_ipsum`; `removed_javascript`: mentions javascript; `has_curly_bracket` → fails `curly_bracket`; `removed_policy`: terms of use, privacy policy, cookie phrases",
        "`sentences`: per kept line, spaCy sentencizer sentences; fails `min_sentences` under 5",
      ],
      differences: [PY_UNICODE],
    },
    fineweb: {
      definitions: ["as `datatrove`, with sentences counted by NLTK Punkt per kept line (`len(strip_strings(sent_tokenize(line)))`)"],
      differences: [PY_UNICODE],
    },
    dclm: {
      definitions: [
        "page: fails `page_chars` when empty or over 190,000 characters",
        "lines (split on \\n) with a whitespace word over 1000 characters go; citations go",
        "lines not matching `[.!?\"…]\\s*$` (blank ones stay) and lines ending in ... or … go",
        "lines with fewer than 5 whitespace words go (blank ones stay)",
        "\"lorem ipsum\" anywhere fails; lines mentioning javascript go; \"{\" anywhere fails; policy lines go",
        "`sentences`: NLTK Punkt sentences of the remaining text; fails `min_sentences` under 3",
        "repeated lines (stripped, lower-cased) are dropped; fails `min_sentences_after_dedup` under 3; a word of the LDNOOBW list fails `ldnoobw`",
        "a step that leaves no text fails `emptied_by_<rule>`",
      ],
      differences: [PY_UNICODE],
    },
  },
  fineweb: {
    datatrove: {
      definitions: [
        "lines: `text.split(\"\\n\")`, only non-blank ones (`line.strip() != \"\"`), not stripped (a trailing \\r stays)",
        "`line_punct_ratio`: lines ending with a character of datatrove's TERMINAL_PUNCTUATION / lines; fails < 0.12",
        "`short_line_ratio`: lines of ≤ 30 code points / lines; fails > 0.67",
        "`char_dup_ratio`: characters of non-blank lines equal to an earlier one / characters of the text without \\n; fails > 0.01",
        "`newline_ratio`: count of \\n / spaCy words; fails > 0.3; no non-blank line fails `empty`",
      ],
      differences: [PY_UNICODE],
    },
    fineweb: {
      definitions: [
        "lines: every line of `text.split(\"\\n\")`, blank ones included",
        "`line_punct_ratio`: lines ending with . ' \" ! ? / lines; fails ≤ 0.12",
        "`short_line_ratio`: fails ≥ 0.67; `char_dup_ratio` (over non-blank lines): fails ≥ 0.01",
        "`newline_ratio`: count of \\n / NLTK words; fails > 0.3",
      ],
      differences: [PY_UNICODE],
    },
  },
};

/**
 * Agreement with the reference runners measured by tests/reference/agreement.test.ts on its
 * generated corpus (1,500 documents, seed 15; DCLM gopher rows leave out the 28 documents DCLM's
 * earlier modifiers emptied), 2026-12-04: keep/drop and first-failing-rule agreement in %.
 */
export const MEASURED_AGREEMENT: { annotator: string; preset: TRulePreset; reference: string; docs: number; keep: number; rule: number }[] = [
  { annotator: "gopher_quality", preset: "datatrove", reference: "datatrove main a649de7", docs: 1500, keep: 100, rule: 100 },
  { annotator: "gopher_quality", preset: "fineweb", reference: "datatrove v0.3.0", docs: 1500, keep: 100, rule: 100 },
  { annotator: "gopher_quality", preset: "dclm", reference: "DCLM 361714b", docs: 1472, keep: 100, rule: 100 },
  { annotator: "gopher_repetition", preset: "datatrove", reference: "datatrove main a649de7", docs: 1500, keep: 100, rule: 100 },
  { annotator: "gopher_repetition", preset: "fineweb", reference: "datatrove v0.3.0", docs: 1500, keep: 100, rule: 100 },
  { annotator: "gopher_repetition", preset: "dclm", reference: "DCLM 361714b (uniseg 0.8)", docs: 1472, keep: 99.8, rule: 99.73 },
  { annotator: "c4", preset: "datatrove", reference: "datatrove main a649de7", docs: 1500, keep: 100, rule: 100 },
  { annotator: "c4", preset: "fineweb", reference: "datatrove v0.3.0", docs: 1500, keep: 100, rule: 100 },
  { annotator: "c4", preset: "dclm", reference: "DCLM 361714b c4.yaml", docs: 1500, keep: 100, rule: 100 },
  { annotator: "fineweb", preset: "datatrove", reference: "datatrove main a649de7", docs: 1500, keep: 100, rule: 100 },
  { annotator: "fineweb", preset: "fineweb", reference: "datatrove v0.3.0", docs: 1500, keep: 100, rule: 100 },
];
