import data from "@/lib/text/data/spacy-en.json";
import { isPySpace } from "@/lib/text/py-unicode";

/**
 * spaCy's rule-based English tokenizer (`spacy.blank("en")`) and its rule-based sentencizer,
 * written for Winnow in TypeScript. The algorithm follows spaCy's `Tokenizer` (spacy/tokenizer.pyx):
 * 1. the text is split into runs of whitespace and non-whitespace (Python's `str.isspace`); a single
 *    " " after a token is that token's trailing space, any other whitespace run is a token itself;
 * 2. each run is looked up in the tokenizer exceptions ("don't" → "do", "n't"); otherwise prefixes
 *    and suffixes are peeled off in turn (stopping early when what is left is an exception), the
 *    rest is kept whole when it is a URL, else split at infixes;
 * 3. exceptions that contain punctuation or spaces (":)", "a.m.", …) are then matched over the
 *    token sequence and retokenized, longest match first.
 * The data (prefix, suffix and infix patterns, URL pattern, exceptions) is spaCy's English data
 * (MIT License, ExplosionAI GmbH), converted to JavaScript patterns by scripts/gen-spacy-en-data.py.
 *
 * The sentencizer is spaCy's `Sentencizer` with its default punctuation: a token from that set
 * opens a boundary, and the next token that is neither punctuation nor in the set starts a new
 * sentence.
 */

type TTok = { text: string; space: boolean };

const join = (parts: string[], wrap: (p: string) => string): RegExp => new RegExp(parts.map(wrap).join("|"), "u");
const PREFIX = join(data.prefixes, (p) => "^" + p);
const SUFFIX = join(data.suffixes, (p) => p + "$");
const INFIX = new RegExp(data.infixes.join("|"), "gu");
const URL = new RegExp(data.url, "u");
const SPECIALS = new Map<string, string[]>(Object.entries(data.exceptions));

const findPrefix = (s: string): number => {
  const m = PREFIX.exec(s);
  return m ? m[0].length : 0;
};
const findSuffix = (s: string): number => {
  const m = SUFFIX.exec(s);
  return m ? m[0].length : 0;
};
const hasInfix = (s: string): boolean => {
  INFIX.lastIndex = 0;
  return INFIX.test(s);
};

const splitAffixes = (span: string, prefixes: string[], suffixes: string[], specials: boolean): string => {
  let s = span;
  let lastSize = -1;
  while (s.length > 0 && s.length !== lastSize) {
    if (specials && SPECIALS.has(s)) break;
    lastSize = s.length;
    const pre = findPrefix(s);
    let prefix = "";
    let minusPre = "";
    if (pre !== 0) {
      prefix = s.slice(0, pre);
      minusPre = s.slice(pre);
      if (minusPre && specials && SPECIALS.has(minusPre)) {
        prefixes.push(prefix);
        s = minusPre;
        break;
      }
    }
    const suf = findSuffix(s.slice(pre));
    let suffix = "";
    let minusSuf = "";
    if (suf !== 0) {
      suffix = s.slice(s.length - suf);
      minusSuf = s.slice(0, s.length - suf);
      if (minusSuf && specials && SPECIALS.has(minusSuf)) {
        suffixes.push(suffix);
        s = minusSuf;
        break;
      }
    }
    if (pre && suf && pre + suf <= s.length) {
      prefixes.push(prefix);
      suffixes.push(suffix);
      s = s.slice(pre, s.length - suf);
    } else if (pre) {
      prefixes.push(prefix);
      s = minusPre;
    } else if (suf) {
      suffixes.push(suffix);
      s = minusSuf;
    }
  }
  return s;
};

const attach = (out: TTok[], s: string, prefixes: string[], suffixes: string[], specials: boolean): void => {
  for (const p of prefixes) out.push({ text: p, space: false });
  if (s) {
    const rule = specials ? SPECIALS.get(s) : undefined;
    if (rule) for (const t of rule) out.push({ text: t, space: false });
    // Every URL the pattern accepts has a "." (dotted IP or domain + TLD); testing for one first
    // spares the backtracking pattern long dotless tokens (base64 lines, hashes).
    else if (s.includes(".") && URL.test(s)) out.push({ text: s, space: false });
    else {
      let start = 0;
      // exec with lastIndex, not matchAll: matchAll clones (and recompiles) the large pattern per call.
      INFIX.lastIndex = 0;
      for (let m = INFIX.exec(s); m !== null; m = INFIX.exec(s)) {
        if (m[0].length === 0) INFIX.lastIndex++;
        const a = m.index;
        const b = a + m[0].length;
        if (a === 0) continue; // an infix at the very start is not split off
        if (a !== start) out.push({ text: s.slice(start, a), space: false });
        if (a !== b) out.push({ text: s.slice(a, b), space: false });
        start = b;
      }
      if (start < s.length) out.push({ text: s.slice(start), space: false });
    }
  }
  for (let i = suffixes.length - 1; i >= 0; i--) out.push({ text: suffixes[i], space: false });
};

/**
 * spaCy caches the tokens of every whitespace-delimited span it has seen; so does this port (the
 * cache is bounded: cleared when full). Only the special-case pass (`specials` = true) is cached.
 */
type TCachedSpan = { texts: string[] };
const SPAN_CACHE = new Map<string, TCachedSpan>();
const SPAN_CACHE_MAX = 200_000;

const cachedSpan = (span: string): TCachedSpan => {
  let hit = SPAN_CACHE.get(span);
  if (!hit) {
    const tmp: TTok[] = [];
    tokenizeSpanUncached(tmp, span, true);
    hit = { texts: tmp.map((t) => t.text) };
    if (SPAN_CACHE.size >= SPAN_CACHE_MAX) SPAN_CACHE.clear();
    SPAN_CACHE.set(span, hit);
  }
  return hit;
};

const tokenizeSpan = (out: TTok[], span: string, specials: boolean): void => {
  if (specials) {
    for (const t of cachedSpan(span).texts) out.push({ text: t, space: false });
    return;
  }
  tokenizeSpanUncached(out, span, false);
};

const tokenizeSpanUncached = (out: TTok[], span: string, specials: boolean): void => {
  const rule = specials ? SPECIALS.get(span) : undefined;
  if (rule) {
    for (const t of rule) out.push({ text: t, space: false });
    return;
  }
  const prefixes: string[] = [];
  const suffixes: string[] = [];
  const rest = splitAffixes(span, prefixes, suffixes, specials);
  attach(out, rest, prefixes, suffixes, specials);
};

const tokenizeAffixes = (text: string, specials: boolean): TTok[] => {
  const out: TTok[] = [];
  const n = text.length;
  if (n === 0) return out;
  let start = 0;
  let inWs = isPySpace(text.charCodeAt(0));
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (isPySpace(c) !== inWs) {
      if (start < i) tokenizeSpan(out, text.slice(start, i), specials);
      if (c === 32) {
        out[out.length - 1].space = true;
        start = i + 1;
      } else start = i;
      inWs = !inWs;
    }
  }
  if (start < n) {
    tokenizeSpan(out, text.slice(start), specials);
    out[out.length - 1].space = text.charCodeAt(n - 1) === 32 && !inWs;
  }
  return out;
};

/** Special cases whose key contains affixes or spaces, matched over tokens: first token → token sequences. */
const MATCHER = (() => {
  const m = new Map<string, string[][]>();
  for (const key of [...SPECIALS.keys()].sort()) {
    if (!(findPrefix(key) || hasInfix(key) || findSuffix(key) || key.includes(" "))) continue;
    if (key.split("").every((ch) => isPySpace(ch.charCodeAt(0)))) continue;
    const pattern = tokenizeAffixes(key, false).map((t) => t.text);
    if (pattern.length === 0) continue;
    const list = m.get(pattern[0]) ?? [];
    if (!list.some((p) => p.length === pattern.length && p.every((x, i) => x === pattern[i]))) list.push(pattern);
    m.set(pattern[0], list);
  }
  return m;
})();

const applySpecialCases = (toks: TTok[]): TTok[] => {
  const matches: [number, number][] = [];
  for (let i = 0; i < toks.length; i++) {
    const pats = MATCHER.get(toks[i].text);
    if (!pats) continue;
    for (const p of pats) {
      if (i + p.length > toks.length) continue;
      let ok = true;
      for (let j = 0; j < p.length && ok; j++) ok = toks[i + j].text === p[j];
      if (ok && !matches.some(([s, e]) => s === i && e === i + p.length)) matches.push([i, i + p.length]);
    }
  }
  if (matches.length === 0) return toks;
  // Longest first, then leftmost; a span is dropped when its first or last token is already taken
  // (by any earlier span, kept or not).
  matches.sort((a, b) => b[1] - b[0] - (a[1] - a[0]) || a[0] - b[0]);
  const seen = new Set<number>();
  const kept = new Map<number, number>();
  for (const [s, e] of matches) {
    if (!seen.has(s) && !seen.has(e - 1)) kept.set(s, e);
    for (let k = s; k < e; k++) seen.add(k);
  }
  const out: TTok[] = [];
  for (let i = 0; i < toks.length; ) {
    const e = kept.get(i);
    if (e === undefined) {
      out.push(toks[i++]);
      continue;
    }
    let text = "";
    for (let k = i; k < e; k++) text += toks[k].text + (toks[k].space && k < e - 1 ? " " : "");
    const rule = SPECIALS.get(text);
    if (!rule) for (let k = i; k < e; k++) out.push(toks[k]);
    else {
      for (const t of rule) out.push({ text: t, space: false });
      out[out.length - 1].space = toks[e - 1].space;
    }
    i = e;
  }
  return out;
};

/** spaCy's English tokens of `text` (whitespace tokens other than single trailing spaces included). */
export const spacyTokens = (text: string): TTok[] => applySpecialCases(tokenizeAffixes(text, true));

/**
 * The token texts of `tokenizeAffixes(text, true)`, read from the span cache without building token
 * objects (the same walk over whitespace runs: a single " " after a span is that span's trailing
 * space, any other whitespace run is a span of its own).
 */
const affixTokenTexts = (text: string): string[] => {
  const out: string[] = [];
  const n = text.length;
  if (n === 0) return out;
  let start = 0;
  let inWs = isPySpace(text.charCodeAt(0));
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (isPySpace(c) !== inWs) {
      if (start < i) for (const t of cachedSpan(text.slice(start, i)).texts) out.push(t);
      start = c === 32 ? i + 1 : i;
      inWs = !inWs;
    }
  }
  if (start < n) for (const t of cachedSpan(text.slice(start)).texts) out.push(t);
  return out;
};

/** Does any multi-token special case (MATCHER) match the token texts? Only then does `applySpecialCases` change anything. */
const hasSpecialMatch = (texts: string[]): boolean => {
  for (let i = 0; i < texts.length; i++) {
    const pats = MATCHER.get(texts[i]);
    if (!pats) continue;
    for (const p of pats) {
      if (i + p.length > texts.length) continue;
      let ok = true;
      for (let j = 1; j < p.length && ok; j++) ok = texts[i + j] === p[j];
      if (ok) return true;
    }
  }
  return false;
};

/** The token texts only. */
export const spacyTokenTexts = (text: string): string[] => {
  const texts = affixTokenTexts(text);
  return hasSpecialMatch(texts) ? spacyTokens(text).map((t) => t.text) : texts;
};

/** spaCy's Sentencizer default punctuation (sentence-final characters). */
export const SENTENCIZER_PUNCT = new Set([
  ..."!.?։؟۔܀܁܂߹।॥၊။።፧፨᙮᜵᜶᠃᠉᥄᥅᪨᪩᪪᪫᭚᭛᭞᭟᰻᰼᱾᱿‼‽⁇⁈⁉⸮⸼꓿꘎꘏꛳꛷꡶꡷꣎꣏꤯꧈꧉꩝꩞꩟꫰꫱꯫﹒﹖﹗！．？𐩖𐩗𑁇𑁈𑂾𑂿𑃀𑃁𑅁𑅂𑅃𑇅𑇆𑇍𑇞𑇟𑈸𑈹𑈻𑈼𑊩𑑋𑑌𑗂𑗃𑗉𑗊𑗋𑗌𑗍𑗎𑗏𑗐𑗑𑗒𑗓𑗔𑗕𑗖𑗗𑙁𑙂𑜼𑜽𑜾𑩂𑩃𑪛𑪜𑱁𑱂𖩮𖩯𖫵𖬷𖬸𖭄𛲟𝪈｡。",
]);

const ALL_PUNCT = /^\p{P}+$/u;

/**
 * Sentence start indices over `tokens` (spaCy's Sentencizer): the first token starts a sentence;
 * after a token in SENTENCIZER_PUNCT, the next token that is not punctuation starts one.
 */
export const sentenceStarts = (tokens: string[]): number[] => {
  if (tokens.length === 0) return [];
  const starts = [0];
  let seenPeriod = false;
  let start = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const inPunct = SENTENCIZER_PUNCT.has(t);
    if (seenPeriod && !inPunct && !ALL_PUNCT.test(t)) {
      if (i !== start) starts.push(i);
      start = i;
      seenPeriod = false;
    } else if (inPunct) seenPeriod = true;
  }
  return starts;
};

/** Sentences of `text` as spaCy's `doc.sents` would give them (token texts joined with their spaces). */
export const spacySentences = (text: string): string[] => {
  const toks = spacyTokens(text);
  const starts = sentenceStarts(toks.map((t) => t.text));
  const out: string[] = [];
  for (let k = 0; k < starts.length; k++) {
    const end = k + 1 < starts.length ? starts[k + 1] : toks.length;
    let s = "";
    for (let i = starts[k]; i < end; i++) s += toks[i].text + (toks[i].space ? " " : "");
    out.push(s);
  }
  return out;
};
