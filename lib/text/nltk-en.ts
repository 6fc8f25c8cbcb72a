import params from "@/lib/text/data/punkt-english.json";
import { pyRstrip, pySplitWhitespace, pyStrip } from "@/lib/text/py-unicode";

/**
 * NLTK's English `sent_tokenize` (Punkt, with the English parameters NLTK ships) and
 * `word_tokenize` (Punkt sentences, then the improved Treebank word tokenizer, `NLTKWordTokenizer`),
 * written for Winnow in TypeScript after NLTK 3.8's algorithm (nltk/tokenize/punkt.py and
 * destructive.py). The Punkt parameters (abbreviations, collocations, sentence starters,
 * orthographic contexts) are NLTK's trained English model, in data/punkt-english.json.
 *
 * Python regex semantics are kept where they differ from JavaScript's: `\w`, `\d`, `\s` and `\b`
 * are Unicode-aware, and `$` also matches before a final "\n".
 */

// Python's Unicode classes.
const S = "\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const WS = `[${S}]`;
const NWS = `[^${S}]`;
const W = "[\\p{L}\\p{N}_]";
/** Python's `\b`. */
const B = `(?:(?<=${W})(?!${W})|(?<!${W})(?=${W}))`;
/** Python's `$` without MULTILINE. */
const END = "(?=\\n?$)";

// ------------------------------------------------------------------------------------------
// Punkt
// ------------------------------------------------------------------------------------------
const ORTHO_BEG_UC = 1 << 1;
const ORTHO_MID_UC = 1 << 2;
const ORTHO_UNK_UC = 1 << 3;
const ORTHO_BEG_LC = 1 << 4;
const ORTHO_MID_LC = 1 << 5;
const ORTHO_UNK_LC = 1 << 6;
const ORTHO_UC = ORTHO_BEG_UC + ORTHO_MID_UC + ORTHO_UNK_UC;
const ORTHO_LC = ORTHO_BEG_LC + ORTHO_MID_LC + ORTHO_UNK_LC;

const ABBREV = new Set<string>(params.abbrev_types);
const COLLOCATIONS = new Set<string>(params.collocations.map(([a, b]) => `${a}\u0000${b}`));
const SENT_STARTERS = new Set<string>(params.sent_starters);
const ORTHO = new Map<string, number>(Object.entries(params.ortho_context));
const ortho = (typ: string): number => ORTHO.get(typ) ?? 0;

const SENT_END_CHARS = new Set([".", "?", "!"]);
const NON_WORD = `(?:[)";}\\]*:@'({\\[?!])`;
const MULTI_CHAR = `(?:-{2,}|\\.{2,}|(?:\\.${WS}){2,}\\.)`;
const WORD_START = `[^("\`{\\[:;&#*@)}\\]\\-,]`;
const WORD_RE = new RegExp(
  `${MULTI_CHAR}|(?=${WORD_START})${NWS}+?(?=${WS}|$|${NON_WORD}|${MULTI_CHAR}|,(?=$|${WS}|${NON_WORD}|${MULTI_CHAR}))|${NWS}`,
  "gu",
);
const PERIOD_CONTEXT = new RegExp(`[.?!](?=(?<after>${NON_WORD}|${WS}+(?<next>${NWS}+)))`, "gud");
const REALIGN = new RegExp(`^["')\\]}]+?(?:${WS}+|(?=--)|(?=\\n|$))`, "u");
const RE_NUMERIC = new RegExp(`^-?[.,]?\\p{Nd}[\\p{Nd},.\\-]*\\.?${END}`, "u");
const NOT_DIGIT_WORD = `(?:(?!\\p{Nd})${W})`;
const RE_INITIAL = new RegExp(`^${NOT_DIGIT_WORD}\\.${END}`, "u");
const ELLIPSIS = new RegExp(`^\\.\\.+${END}`, "u");
const UPPER = /^\p{Uppercase}/u;
const LOWER = /^\p{Lowercase}/u;
const PUNKT_PUNCT = new Set([";", ":", ",", ".", "!", "?"]);

type TPunktTok = {
  tok: string;
  type: string;
  periodFinal: boolean;
  parastart: boolean;
  linestart: boolean;
  sentbreak: boolean;
  abbr: boolean;
  ellipsis: boolean;
};

const makeTok = (tok: string, parastart = false, linestart = false): TPunktTok => {
  const lower = tok.toLowerCase();
  return { tok, type: RE_NUMERIC.test(lower) ? "##number##" : lower, periodFinal: tok.endsWith("."), parastart, linestart, sentbreak: false, abbr: false, ellipsis: false };
};
const typeNoPeriod = (t: TPunktTok): string => (t.type.length > 1 && t.type.endsWith(".") ? t.type.slice(0, -1) : t.type);
const typeNoSentPeriod = (t: TPunktTok): string => (t.sentbreak ? typeNoPeriod(t) : t.type);

/** Punkt's word tokens of `text`, line by line, with paragraph/line starts. */
const punktWords = (text: string): TPunktTok[] => {
  const out: TPunktTok[] = [];
  let parastart = false;
  for (const line of text.split("\n")) {
    if (pyStrip(line)) {
      const toks: string[] = line.match(WORD_RE) ?? [];
      if (toks.length === 0) continue;
      out.push(makeTok(toks[0], parastart, true));
      parastart = false;
      for (let i = 1; i < toks.length; i++) out.push(makeTok(toks[i]));
    } else parastart = true;
  }
  return out;
};

const firstPass = (t: TPunktTok): void => {
  const tok = t.tok;
  if (SENT_END_CHARS.has(tok)) t.sentbreak = true;
  else if (ELLIPSIS.test(tok)) t.ellipsis = true;
  else if (t.periodFinal && !tok.endsWith("..")) {
    const stem = tok.slice(0, -1).toLowerCase();
    const parts = stem.split("-");
    if (ABBREV.has(stem) || ABBREV.has(parts[parts.length - 1])) t.abbr = true;
    else t.sentbreak = true;
  }
};

const orthoHeuristic = (t: TPunktTok): boolean | "unknown" => {
  if (PUNKT_PUNCT.has(t.tok)) return false;
  const ctx = ortho(typeNoSentPeriod(t));
  if (UPPER.test(t.tok) && ctx & ORTHO_LC && !(ctx & ORTHO_MID_UC)) return true;
  if (LOWER.test(t.tok) && (ctx & ORTHO_UC || !(ctx & ORTHO_BEG_LC))) return false;
  return "unknown";
};

const secondPass = (t1: TPunktTok, t2: TPunktTok): void => {
  if (!t1.periodFinal) return;
  const typ = typeNoPeriod(t1);
  const nextTyp = typeNoSentPeriod(t2);
  const initial = RE_INITIAL.test(t1.tok);
  if (COLLOCATIONS.has(`${typ}\u0000${nextTyp}`)) {
    t1.sentbreak = false;
    t1.abbr = true;
    return;
  }
  if ((t1.abbr || t1.ellipsis) && !initial) {
    const starter = orthoHeuristic(t2);
    if (starter === true) {
      t1.sentbreak = true;
      return;
    }
    if (UPPER.test(t2.tok) && SENT_STARTERS.has(nextTyp)) {
      t1.sentbreak = true;
      return;
    }
  }
  if (initial || typ === "##number##") {
    const starter = orthoHeuristic(t2);
    if (starter === false) {
      t1.sentbreak = false;
      t1.abbr = true;
      return;
    }
    if (starter === "unknown" && initial && UPPER.test(t2.tok) && !(ortho(nextTyp) & ORTHO_LC)) {
      t1.sentbreak = false;
      t1.abbr = true;
    }
  }
};

/** Does `text` contain a sentence break before its last token (Punkt's text_contains_sentbreak)? */
const containsSentbreak = (text: string): boolean => {
  const toks = punktWords(text);
  for (const t of toks) firstPass(t);
  for (let i = 0; i + 1 < toks.length; i++) {
    secondPass(toks[i], toks[i + 1]);
    if (toks[i].sentbreak) return true;
  }
  return false;
};

const ASCII_WS = new Set([" ", "\t", "\n", "\r", "\x0b", "\x0c"]);
const lastAsciiWhitespace = (s: string): number => {
  for (let i = s.length - 1; i >= 0; i--) if (ASCII_WS.has(s[i])) return i;
  return 0;
};

type TSlice = [number, number];

const slicesFromText = (text: string): TSlice[] => {
  const out: TSlice[] = [];
  let lastBreak = 0;
  // Potential ends with their context (the word before, the end char, what follows).
  let prevSlice: TSlice = [0, 0];
  let prevMatch: RegExpExecArray | null = null;
  const decide = (m: RegExpExecArray, ctxStart: number, ctxEnd: number) => {
    const context = text.slice(ctxStart, ctxEnd) + m[0] + (m.groups?.after ?? "");
    if (containsSentbreak(context)) {
      const end = m.index + m[0].length;
      out.push([lastBreak, end]);
      const next = m.indices?.groups?.next;
      lastBreak = next ? next[0] : end;
    }
  };
  PERIOD_CONTEXT.lastIndex = 0;
  for (let m = PERIOD_CONTEXT.exec(text); m; m = PERIOD_CONTEXT.exec(text)) {
    const before = text.slice(prevSlice[1], m.index);
    let after = lastAsciiWhitespace(before);
    if (after) after += prevSlice[1] + 1;
    else after = prevSlice[0];
    const wordSlice: TSlice = [after, m.index];
    if (prevMatch && prevSlice[1] <= wordSlice[0]) decide(prevMatch, prevSlice[0], prevSlice[1]);
    prevMatch = m;
    prevSlice = wordSlice;
    if (m[0].length === 0) PERIOD_CONTEXT.lastIndex++;
  }
  if (prevMatch) decide(prevMatch, prevSlice[0], prevSlice[1]);
  out.push([lastBreak, pyRstrip(text).length]);
  return out;
};

const realign = (text: string, slices: TSlice[]): TSlice[] => {
  const out: TSlice[] = [];
  let shift = 0;
  for (let k = 0; k < slices.length; k++) {
    const s1: TSlice = [slices[k][0] + shift, slices[k][1]];
    const s2 = slices[k + 1];
    if (!s2) {
      if (s1[1] > s1[0]) out.push(s1);
      continue;
    }
    const m = REALIGN.exec(text.slice(s2[0], s2[1]));
    if (m) {
      out.push([s1[0], s2[0] + pyRstrip(m[0]).length]);
      shift = m[0].length;
    } else {
      shift = 0;
      if (s1[1] > s1[0]) out.push(s1);
    }
  }
  return out;
};

/** NLTK's `sent_tokenize(text, "english")`. */
export const punktSentences = (text: string): string[] => realign(text, slicesFromText(text)).map(([a, b]) => text.slice(a, b));

// ------------------------------------------------------------------------------------------
// NLTKWordTokenizer (improved Treebank)
// ------------------------------------------------------------------------------------------
type TSub = [RegExp, string];
const re = (src: string, flags = "") => new RegExp(src, "gu" + flags);

const STARTING_QUOTES: TSub[] = [
  [re("([«“‘„]|[`]+)"), " $1 "],
  [re('^"'), "``"],
  [re("(``)"), " $1 "],
  [re(`([ (\\[{<])("|'{2})`), "$1 `` "],
  [re(`(')(?!re|ve|ll|m|t|s|d|n)(${W})${B}`, "i"), "$1 $2"],
];
const ENDING_QUOTES: TSub[] = [
  [re("([»”’])"), " $1 "],
  [re("''"), " '' "],
  [re('"'), " '' "],
  [re("([^' ])('[sS]|'[mM]|'[dD]|') "), "$1 $2 "],
  [re("([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) "), "$1 $2 "],
];
const PUNCTUATION: TSub[] = [
  [re(`([^.])(\\.)([\\])}>"'»”’ ]*)${WS}*${END}`), "$1 $2 $3 "],
  [re("([:,])([^\\p{Nd}])"), " $1 $2"],
  [re(`([:,])${END}`), " $1 "],
  [re("\\.{2,}"), " $& "],
  [re("[;@#$%&]"), " $& "],
  [re(`([^.])(\\.)([\\])}>"']*)${WS}*${END}`), "$1 $2$3 "],
  [re("[?!]"), " $& "],
  [re("([^'])' "), "$1 ' "],
  [re("[*]"), " $& "],
];
const PARENS_BRACKETS: TSub = [re("[\\][(){}<>]"), " $& "];
const DOUBLE_DASHES: TSub = [re("--"), " -- "];
const CONTRACTIONS2 = ["(can)(not)", "(d)('ye)", "(gim)(me)", "(gon)(na)", "(got)(ta)", "(lem)(me)", "(more)('n)"].map((p) => re(`${B}${p}${B}`, "i"));
CONTRACTIONS2.push(re(`${B}(wan)(na)(?=${WS})`, "i"));
const CONTRACTIONS3 = [re(` ('t)(is)${B}`, "i"), re(` ('t)(was)${B}`, "i")];

/**
 * Python's `re.sub` replaces non-overlapping matches left to right, like JavaScript's global
 * `replace`; `\1` / `\g<0>` become `$1` / `$&`.
 */
const sub = (text: string, [r, s]: TSub): string => text.replace(r, s);

/** NLTK's `NLTKWordTokenizer().tokenize(sentence)`. */
export const treebankTokens = (sentence: string): string[] => {
  let t = sentence;
  for (const s of STARTING_QUOTES) t = sub(t, s);
  for (const s of PUNCTUATION) t = sub(t, s);
  t = sub(t, PARENS_BRACKETS);
  t = sub(t, DOUBLE_DASHES);
  t = " " + t + " ";
  for (const s of ENDING_QUOTES) t = sub(t, s);
  for (const r of CONTRACTIONS2) t = t.replace(r, " $1 $2 ");
  for (const r of CONTRACTIONS3) t = t.replace(r, " $1 $2 ");
  return pySplitWhitespace(t);
};

/** NLTK's `word_tokenize(text, "english")`: Punkt sentences, then Treebank words. */
export const nltkWordTokens = (text: string): string[] => punktSentences(text).flatMap(treebankTokens);
