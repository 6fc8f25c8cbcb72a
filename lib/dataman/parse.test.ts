import { describe, expect, it } from "vitest";
import { parseDatamanAnswer, parseInstructAnswer, parseRatingText } from "@/lib/dataman/parse";
import { MalformedAnswerError } from "@/lib/inference/errors";

const GOOD_SCORES = [4, 3, 5, 2, 1, 4, 3, 3, 5, 4, 2, 5, 5, 4];
const lines = (letter: string, scores: (number | string)[]) => [letter, ...scores].join("\n");
const KEYS = ["accuracy", "coherence", "language_consistency", "semantic_density", "knowledge_novelty", "topic_focus", "creativity", "professionalism", "style_consistency", "grammatical_diversity", "structural_standardization", "originality", "sensitivity", "overall_score"];
const json = (o: Record<string, unknown>) => JSON.stringify(o);
const goodJson = { domain: "B", ...Object.fromEntries(KEYS.map((k, i) => [k, GOOD_SCORES[i]])) };

describe("parseDatamanAnswer (the released models' 15 lines)", () => {
  it.each([
    ["exact", lines("B", GOOD_SCORES), "Finance"],
    ["surrounding whitespace and CRLF", `\n ${lines("H", GOOD_SCORES).replaceAll("\n", "\r\n")} \n`, "Coding"],
    ["domain O", lines("O", GOOD_SCORES), "Other"],
  ])("accepts %s", (_name, text, domain) => {
    expect(parseDatamanAnswer(text)).toEqual({ domain, scores: GOOD_SCORES });
  });

  it.each([
    ["14 lines (one score missing)", lines("B", GOOD_SCORES.slice(1))],
    ["16 lines", lines("B", [...GOOD_SCORES, 3])],
    ["a score of 6", lines("B", [...GOOD_SCORES.slice(0, 13), 6])],
    ["a score of 0", lines("B", [0, ...GOOD_SCORES.slice(1)])],
    ["a decimal score", lines("B", ["3.5", ...GOOD_SCORES.slice(1)])],
    ["a word instead of a score", lines("B", ["four", ...GOOD_SCORES.slice(1)])],
    ["an empty score line", lines("B", ["", ...GOOD_SCORES.slice(1)])],
    ["domain letter P", lines("P", GOOD_SCORES)],
    ["domain as a name", lines("Finance", GOOD_SCORES)],
    ["scores before the domain", lines("4", [...GOOD_SCORES.slice(1), "B"])],
    ["prose", "I cannot rate this text."],
    ["empty", ""],
  ])("rejects %s", (_name, text) => {
    expect(() => parseDatamanAnswer(text)).toThrow(MalformedAnswerError);
  });
});

describe("parseInstructAnswer (general chat models)", () => {
  it.each([
    ["the JSON object", json(goodJson), "Finance"],
    ["JSON in a code fence with prose", `Here is my rating:\n\`\`\`json\n${json(goodJson)}\n\`\`\``, "Finance"],
    ["a domain name", json({ ...goodJson, domain: "Law" }), "Law"],
    ["extra keys", json({ ...goodJson, reasoning: "fine" }), "Finance"],
    ["the 15-line format", lines("A", GOOD_SCORES), "Medicine"],
  ])("accepts %s", (_name, text, domain) => {
    expect(parseInstructAnswer(text)).toEqual({ domain, scores: GOOD_SCORES });
  });

  it("falls back to DataMan's GPT patterns for free text", () => {
    const text = [
      "Domain Type: [E] Technology",
      ...KEYS.map((k, i) => `[${i + 1}]${k.replace(/_/g, " ")}: ${i === 0 ? "2.5" : i === 1 ? "3.5" : GOOD_SCORES[i]}/5`),
    ].join("\n");
    // 2.5 rounds down to 2, 3.5 up to 4 (DataMan's rule).
    expect(parseInstructAnswer(text)).toEqual({ domain: "Technology", scores: [2, 4, ...GOOD_SCORES.slice(2)] });
  });

  it.each([
    ["a missing score", json({ ...goodJson, sensitivity: undefined })],
    ["a score as a string", json({ ...goodJson, accuracy: "4" })],
    ["a decimal score", json({ ...goodJson, accuracy: 3.5 })],
    ["a score of 6", json({ ...goodJson, overall_score: 6 })],
    ["a score of 0", json({ ...goodJson, overall_score: 0 })],
    ["no domain", json({ ...goodJson, domain: undefined })],
    ["an unknown domain", json({ ...goodJson, domain: "Z" })],
    ["broken JSON, no scores", '{"domain": "B", "accuracy": 4,'],
    ["prose", "This text is rather good overall."],
  ])("rejects %s", (_name, text) => {
    expect(() => parseInstructAnswer(text)).toThrow(MalformedAnswerError);
  });
});

describe("parseRatingText (DataMan's GPT-response rules)", () => {
  const scoreLines = (scores: number[]) => scores.map((s, i) => `[${i + 1}]Criterion: ${s}/5`).join("\n");
  it("accepts 28 scores with identical halves as one set", () => {
    expect(parseRatingText(`[B]\n${scoreLines(GOOD_SCORES)}\n${scoreLines(GOOD_SCORES)}`).scores).toEqual(GOOD_SCORES);
  });
  it.each([
    ["28 scores with different halves", `[B]\n${scoreLines(GOOD_SCORES)}\n${scoreLines(GOOD_SCORES.map((s) => 6 - s))}`],
    ["13 scores", `[B]\n${scoreLines(GOOD_SCORES.slice(1))}`],
    ["two domains", `[B] or [C]\n${scoreLines(GOOD_SCORES)}`],
    ["no domain", scoreLines(GOOD_SCORES)],
    ["N/A", `[B]\n${scoreLines(GOOD_SCORES)}\n[15]Extra: N/A`],
  ])("rejects %s", (_name, text) => {
    expect(() => parseRatingText(text)).toThrow(MalformedAnswerError);
  });
});
