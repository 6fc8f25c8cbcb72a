import { describe, expect, it } from "vitest";
import { nltkWordTokens, punktSentences, treebankTokens } from "@/lib/text/nltk-en";
import doctest from "@/lib/text/fixtures/nltk-tokenize-doctest.json";

// NLTK's published test cases: nltk/test/tokenize.doctest (every `word_tokenize(x)` example with
// its printed output, extracted to fixtures/nltk-tokenize-doctest.json) and
// nltk/test/unit/test_tokenize.py (test_sent_tokenize, test_word_tokenize, test_pad_*).
describe("NLTK word_tokenize (tokenize.doctest)", () => {
  it.each(doctest.cases.map((c) => [c.line, c.text, c.expected] as const))("doctest line %i", (_line, text, expected) => {
    expect(nltkWordTokens(text)).toEqual(expected);
  });
});

describe("NLTK (test_tokenize.py)", () => {
  it.each([
    ["this is a test. . new sentence.", ["this is a test.", ".", "new sentence."]],
    ["This. . . That", ["This.", ".", ".", "That"]],
    ["This..... That", ["This..... That"]],
    ["This... That", ["This... That"]],
    ["This.. . That", ["This.. .", "That"]],
    ["This. .. That", ["This.", ".. That"]],
    ["This. ,. That", ["This.", ",.", "That"]],
    ["This!!! That", ["This!!!", "That"]],
    ["This! That", ["This!", "That"]],
    ["1. This is R .\n2. This is A .\n3. That's all", ["1.", "This is R .", "2.", "This is A .", "3.", "That's all"]],
    ["1. This is R .\t2. This is A .\t3. That's all", ["1.", "This is R .", "2.", "This is A .", "3.", "That's all"]],
    ["Hello.\tThere", ["Hello.", "There"]],
  ])("sent_tokenize(%j)", (text, expected) => expect(punktSentences(text)).toEqual(expected));

  it("word_tokenize: quotes, contractions, asterisks, dots", () => {
    expect(nltkWordTokens("The 'v', I've been fooled but I'll seek revenge.")).toEqual(["The", "'", "v", "'", ",", "I", "'ve", "been", "fooled", "but", "I", "'ll", "seek", "revenge", "."]);
    expect(nltkWordTokens("'v' 're'")).toEqual(["'", "v", "'", "'re", "'"]);
    expect(nltkWordTokens("This is a, *weird sentence with *asterisks in it.")).toEqual(["This", "is", "a", ",", "*", "weird", "sentence", "with", "*", "asterisks", "in", "it", "."]);
    expect(nltkWordTokens("Why did dotdot.. not get tokenized but dotdotdot... did? How about manydots.....")).toEqual([
      "Why", "did", "dotdot", "..", "not", "get", "tokenized", "but", "dotdotdot", "...", "did", "?", "How", "about", "manydots", ".....",
    ]);
  });

  it("NLTKWordTokenizer docstring example (one call, no sentence split)", () => {
    const s = "Good muffins cost $3.88 (roughly 3,36 euros)\nin New York.  Please buy me\ntwo of them.\nThanks.";
    expect(treebankTokens(s)).toEqual(["Good", "muffins", "cost", "$", "3.88", "(", "roughly", "3,36", "euros", ")", "in", "New", "York.", "Please", "buy", "me", "two", "of", "them.", "Thanks", "."]);
  });
});
