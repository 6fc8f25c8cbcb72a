import data from "@/lib/text/data/spacy-en.json";
import * as pyUnicode from "@/lib/text/py-unicode";

// Module-local copies: under tsx/esbuild every imported binding is a getter, too slow for hot loops.
const { isPySpace } = pyUnicode;

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

/**
 * The MATCHER patterns whose retokenization can change token texts. A matched span's text is its
 * tokens joined with "" or " " (by their trailing spaces); when no join is a special case whose
 * tokens differ from the pattern, retokenizing keeps the same texts (e.g. "He" "'s" → "He's" →
 * "He" "'s"), and it cannot change the texts by blocking another match either when no pattern
 * that changes texts matches. Map: first token → such patterns.
 */
const TEXT_CHANGING_MATCHER = (() => {
  const sameTexts = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  const changesTexts = (p: string[]): boolean => {
    for (let mask = 0; mask < 1 << (p.length - 1); mask++) {
      let text = p[0];
      for (let j = 1; j < p.length; j++) text += (mask & (1 << (j - 1)) ? " " : "") + p[j];
      const rule = SPECIALS.get(text);
      if (rule && !sameTexts(rule, p)) return true;
    }
    return false;
  };
  const m = new Map<string, string[][]>();
  for (const [first, pats] of MATCHER) {
    const changing = pats.filter(changesTexts);
    if (changing.length) m.set(first, changing);
  }
  return m;
})();

/** Does a multi-token special case that changes token texts match? Only then can `applySpecialCases` change the texts. */
const hasTextChangingMatch = (texts: string[]): boolean => {
  for (let i = 0; i < texts.length; i++) {
    const pats = TEXT_CHANGING_MATCHER.get(texts[i]);
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
  return hasTextChangingMatch(texts) ? spacyTokens(text).map((t) => t.text) : texts;
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

const isAsciiAlnum = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isAlnumToken = (t: string): boolean => {
  for (let k = 0; k < t.length; k++) if (!isAsciiAlnum(t.charCodeAt(k))) return false;
  return t.length > 0;
};

/**
 * Stand-in for the tokens of a whitespace-delimited span of ASCII letters and digits (most words):
 * whatever spaCy splits such a span into, its tokens are letters and digits only (tokens partition
 * their span), so for the sentencizer each is "not punctuation", and one such token counts as
 * several in a row do. The empty string is no token.
 */
const ALNUM_SPAN = "";

/** Text-changing patterns that start with a letter/digit token; the tokens that can follow such a leading run. */
const ALNUM_LEAD = (() => {
  const patterns: string[][] = [];
  const next = new Set<string>();
  let allAlnum = false;
  let twoAlnumLead = false;
  for (const pats of TEXT_CHANGING_MATCHER.values()) {
    for (const p of pats) {
      if (!isAlnumToken(p[0])) continue;
      patterns.push(p);
      let k = 0;
      while (k < p.length && isAlnumToken(p[k])) next.add(p[++k] ?? "");
      if (k === p.length) allAlnum = true;
      if (k >= 2) twoAlnumLead = true;
    }
  }
  return { patterns, next, allAlnum, twoAlnumLead };
})();

/** Does `p[j…]` match `texts[i…]`, where an ALNUM_SPAN stands for any run of one or more letter/digit tokens? */
const matchesFrom = (p: string[], j: number, texts: string[], i: number): boolean => {
  if (j === p.length) return true;
  if (i >= texts.length) return false;
  const t = texts[i];
  if (t !== ALNUM_SPAN) return t === p[j] && matchesFrom(p, j + 1, texts, i + 1);
  for (let k = j; k < p.length && isAlnumToken(p[k]); k++) if (matchesFrom(p, k + 1, texts, i + 1)) return true;
  return false;
};

/**
 * Could a text-changing special case match the real tokens behind `texts` (with ALNUM_SPAN
 * stand-ins)? Never false when one does: a match over real tokens is a match here with each span
 * of letters and digits read as the run of pattern tokens it holds.
 */
const mayHaveTextChangingMatch = (texts: string[]): boolean => {
  for (let i = 0; i < texts.length; i++) {
    const t = texts[i];
    if (t !== ALNUM_SPAN) {
      const pats = TEXT_CHANGING_MATCHER.get(t);
      if (pats) for (const p of pats) if (matchesFrom(p, 0, texts, i)) return true;
      continue;
    }
    // A match starting in this span goes on past it (unless a pattern is letters and digits only).
    if (!ALNUM_LEAD.allAlnum) {
      const next = texts[i + 1];
      if (next === undefined) continue;
      if (next === ALNUM_SPAN ? !ALNUM_LEAD.twoAlnumLead : !ALNUM_LEAD.next.has(next)) continue;
    }
    for (const p of ALNUM_LEAD.patterns) if (matchesFrom(p, 0, texts, i)) return true;
  }
  return false;
};

/**
 * The number of sentences spaCy's sentencizer finds in `text` (1 for a text without tokens), as
 * `sentenceStarts(spacyTokenTexts(text)).length`, without tokenizing spans of ASCII letters and
 * digits (read as one ALNUM_SPAN each); the full tokenization runs when a special case that
 * changes token texts may match.
 */
export const spacySentenceCount = (text: string): number => {
  const texts: string[] = [];
  const n = text.length;
  const addSpan = (a: number, b: number) => {
    let alnum = true;
    for (let k = a; k < b && alnum; k++) alnum = isAsciiAlnum(text.charCodeAt(k));
    if (alnum) texts.push(ALNUM_SPAN);
    else for (const t of cachedSpan(text.slice(a, b)).texts) texts.push(t);
  };
  if (n > 0) {
    let start = 0;
    let inWs = isPySpace(text.charCodeAt(0));
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (isPySpace(c) !== inWs) {
        if (start < i) addSpan(start, i);
        start = c === 32 ? i + 1 : i;
        inWs = !inWs;
      }
    }
    if (start < n) addSpan(start, n);
  }
  const tokens = mayHaveTextChangingMatch(texts) ? spacyTokenTexts(text) : texts;
  return tokens.length === 0 ? 1 : sentenceStarts(tokens).length;
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
