import { DATAMAN_DOMAINS, domainByLetter, RATING_KEYS, type TDatamanRating, type TDomainName } from "@/lib/dataman/criteria";
import { MalformedAnswerError } from "@/lib/inference/errors";

const SCORE_COUNT = RATING_KEYS.length;

const score = (raw: string, where: string): number => {
  if (!/^\d+$/.test(raw)) throw new MalformedAnswerError(`${where}: "${raw.slice(0, 20)}" is not an integer`);
  const n = Number(raw);
  if (n < 1 || n > 5) throw new MalformedAnswerError(`${where}: ${n} is outside 1..5`);
  return n;
};

const domainOf = (raw: string): TDomainName => {
  const name = domainByLetter(raw) ?? DATAMAN_DOMAINS.find((d) => d.name.toLowerCase() === raw.toLowerCase())?.name;
  if (!name) throw new MalformedAnswerError(`"${raw.slice(0, 30)}" is not one of the 15 domains`);
  return name;
};

/**
 * The released DataMan models' answer: exactly 15 lines, the domain letter A–O, then the 14
 * scores in criterion order, each an integer 1..5 (as `check_hf_columns` requires; the HF
 * annotator drops rows with another line count). Surrounding whitespace is ignored.
 */
export const parseDatamanAnswer = (text: string): TDatamanRating => {
  const lines = text.trim().split("\n").map((l) => l.trim());
  if (lines.length !== SCORE_COUNT + 1) throw new MalformedAnswerError(`expected ${SCORE_COUNT + 1} lines, got ${lines.length}`);
  if (!/^[A-O]$/.test(lines[0])) throw new MalformedAnswerError(`line 1: "${lines[0].slice(0, 20)}" is not a domain letter A-O`);
  return { domain: domainOf(lines[0]), scores: lines.slice(1).map((l, i) => score(l, `line ${i + 2} (${RATING_KEYS[i]})`)) };
};

/** The first `{…}` object in a text (code fences and prose around it are ignored). */
const jsonObject = (text: string): Record<string, unknown> | undefined => {
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  if (start < 0 || end <= start) return undefined;
  try {
    const v = JSON.parse(text.slice(start, end + 1)) as unknown;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};

const fromJson = (o: Record<string, unknown>): TDatamanRating => {
  if (typeof o.domain !== "string") throw new MalformedAnswerError('the JSON answer has no "domain" string');
  const domain = domainOf(o.domain.trim());
  const scores = RATING_KEYS.map((k) => {
    const v = o[k];
    if (typeof v !== "number" || !Number.isInteger(v)) throw new MalformedAnswerError(`"${k}" is ${v === undefined ? "missing" : `not an integer (${JSON.stringify(v).slice(0, 20)})`}`);
    if (v < 1 || v > 5) throw new MalformedAnswerError(`"${k}": ${v} is outside 1..5`);
    return v;
  });
  return { domain, scores };
};

// DataMan's GPT-response patterns (`sft/prepare_data.py`, gpt-4o variant), used when an answer is not JSON.
const SCORE_PATTERN = /(?:\[[1-9][0-4]?\]|\b[1-9][0-4]?\.|\b[1-9][0-4]?\)).*(?:\*+|\s+|\(+)(\d+(\.\d+)?)\/5/g;
const DOMAIN_PATTERN = /\[\s*([A-Z])\s*\]|(?<=\s)([A-Z])(?=\])(?!\]\])|\bDomain Type:\**\s*\**([A-Z])\s*(?=[()*-])/g;
const NA_PATTERN = /(?:\*\s|:\s)N\/A/;

/** DataMan's rounding of GPT scores: below 3 down, from 3 up. */
const roundScore = (s: number): number => (s < 3 ? Math.floor(s) : Math.ceil(s));

/**
 * A free-text rating as DataMan parsed GPT's: `[n]Name: x/5` scores (14, or 28 with two
 * identical halves), exactly one distinct domain letter, no `N/A`.
 */
export const parseRatingText = (text: string): TDatamanRating => {
  if (NA_PATTERN.test(text)) throw new MalformedAnswerError("the answer contains N/A");
  let scores = [...text.matchAll(SCORE_PATTERN)].map((m) => roundScore(Number(m[1])));
  if (scores.length === 2 * SCORE_COUNT && scores.slice(0, SCORE_COUNT).join() === scores.slice(SCORE_COUNT).join()) scores = scores.slice(0, SCORE_COUNT);
  if (scores.length !== SCORE_COUNT) throw new MalformedAnswerError(`expected ${SCORE_COUNT} scores, found ${scores.length}`);
  scores.forEach((s, i) => {
    if (s < 1 || s > 5) throw new MalformedAnswerError(`${RATING_KEYS[i]}: ${s} is outside 1..5`);
  });
  const letters = new Set([...text.matchAll(DOMAIN_PATTERN)].map((m) => m[1] ?? m[2] ?? m[3]));
  if (letters.size !== 1) throw new MalformedAnswerError(`expected one domain, found ${letters.size}`);
  const [letter] = letters;
  if (!domainByLetter(letter)) throw new MalformedAnswerError(`"${letter}" is not a domain letter A-O`);
  return { domain: domainOf(letter), scores };
};

/**
 * A general chat model's answer to the instruct prompt: the JSON object it was asked for
 * (strict: every score an integer 1..5, one domain). When the answer holds no JSON object, the
 * DataMan 15-line format and then DataMan's GPT patterns are tried.
 */
export const parseInstructAnswer = (text: string): TDatamanRating => {
  const o = jsonObject(text);
  if (o) return fromJson(o);
  try {
    return parseDatamanAnswer(text);
  } catch {
    return parseRatingText(text);
  }
};
