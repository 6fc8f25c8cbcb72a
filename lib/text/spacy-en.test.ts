import { describe, expect, it } from "vitest";
import { sentenceStarts, spacySentenceCount, spacyTokens, spacyTokenTexts } from "@/lib/text/spacy-en";
import data from "@/lib/text/data/spacy-en.json";

// Cases from spaCy's own tests (explosion/spaCy f69c32f: spacy/tests/lang/en/test_exceptions.py,
// test_prefix_suffix_infix.py, test_punct.py, test_text.py, spacy/tests/tokenizer/test_urls.py,
// spacy/tests/pipeline/test_sentencizer.py), rewritten as tables.
const tok = spacyTokenTexts;

describe("spaCy English tokenizer: token counts (spaCy's tests)", () => {
  const counts: [string, number][] = [
    ["don't giggle", 3],
    ["i said don't!", 5],
    ["`ain't", 3],
    ['"isn\'t', 3],
    ["can't!", 3],
    ["'em", 1],
    ["nothin'", 1],
    ["ol'", 1],
    ["Ill", 1],
    ["ill", 1],
    ["Hell", 1],
    ["well", 1],
    ["We've", 2],
    ["`We've", 3],
    ["couldn't", 2],
    ["couldn't)", 3],
    ["e.g.", 1],
    ["p.m.", 1],
    ["Jan.", 1],
    ["Dec.", 1],
    ["Inc.", 1],
    ["1am", 2],
    ["12a.m.", 2],
    ["11p.m.", 2],
    ["4pm", 2],
    ["(can)", 3],
    ["can't", 2],
    ["(can't", 3],
    ["can't)", 3],
    ["(can't)", 4],
    ["(can't?)", 5],
    ["U.S.", 1],
    ["us.", 2],
    ["(U.S.", 2],
    ["U.S.)", 2],
    ["(U.S.)", 3],
    ["(U.S.?)", 4],
    ["best-known", 3],
    ["0.1-13.5", 3],
    ["0.0-0.1", 3],
    ["103.27-300", 3],
    ["best.Known", 3],
    ["Hello.World", 3],
    ["best...Known", 3],
    ["best...known", 3],
    ["_MATH_", 3],
    ["_MATH_.", 4],
    ["The U.S. Army likes Shock and Awe.", 8],
    ["U.N. regulations are not a part of their concern.", 10],
    ["“Isn't it?”", 6],
    ['Yes! "I\'d rather have a walk", Ms. Comble sighed. ', 15],
    ["'Me too!', Mr. P. Delaware cried. ", 11],
    ["They ran about 10km.", 6],
    ["But then the 6,000-year ice age came...", 10],
    ["(", 1],
    ["((", 2],
    ["<", 1],
    ["Hello''", 2],
    ["''", 1],
    ...["10", "1", "10,000", "10,00", "999.0", "one", "dog", ",", "1/2"].map((t): [string, number] => [t, 1]),
  ];
  it.each(counts)("%j → %i tokens", (text, n) => expect(tok(text)).toHaveLength(n));

  it("keeps the long-text count of test_en_tokenizer_handles_long_text (76)", () => {
    const text = `Tributes pour in for late British Labour Party leader
Tributes poured in from around the world Thursday
to the late Labour Party leader John Smith, who died earlier from a massive
heart attack aged 55.
In Washington, the US State Department issued a statement regretting "the
untimely death" of the rapier-tongued Scottish barrister and parliamentarian.
"Mr. Smith, throughout his distinguished`;
    expect(tok(text)).toHaveLength(76);
  });
});

describe("spaCy English tokenizer: token texts (spaCy's tests)", () => {
  it("splits contractions and possessives", () => {
    expect(tok("don't giggle")[1]).toBe("n't");
    expect(tok("Robin's")).toEqual(["Robin", "'s"]);
    expect(tok("Alexis's")).toEqual(["Alexis", "'s"]);
    expect(tok("schools'")).toEqual(["schools", "'"]);
    expect(tok("Alexis'")).toEqual(["Alexis", "'"]);
    for (const w of ["we'll", "You'll", "there'll", "this'll", "those'll"]) expect(tok(w)).toEqual([w.split("'")[0], "'ll"]);
    for (const pron of ["I", "You", "He", "She", "It", "We", "They"]) for (const c of ["'ll", "'d"]) expect(tok(pron + c)).toEqual([pron, c]);
    expect(tok("Can't")[0]).toBe("Ca");
    expect(tok("can't")[0]).toBe("ca");
    expect(tok("It's mediocre i.e. bad.")).toEqual(["It", "'s", "mediocre", "i.e.", "bad", "."]);
  });

  it("splits infixes, periods and hyphens", () => {
    expect(tok("Hello,world")).toEqual(["Hello", ",", "world"]);
    expect(tok("one,two")).toEqual(["one", ",", "two"]);
    expect(tok("No decent--let alone well-bred--people.")).toEqual(["No", "decent", "--", "let", "alone", "well", "-", "bred", "--", "people", "."]);
    expect(tok("Today is Tuesday.Mr.")).toEqual(["Today", "is", "Tuesday", ".", "Mr."]);
    const t = tok("(And a 6a.m. run through Washington Park).");
    expect(t[t.length - 1]).toBe(".");
  });

  it("splits opening and closing punctuation", () => {
    for (const [o, c] of [["(", ")"], ["[", "]"], ["{", "}"], ["*", "*"]]) {
      expect(tok(o + "Hello")).toEqual([o, "Hello"]);
      expect(tok("Hello" + c)).toEqual(["Hello", c]);
      expect(tok(o + "`Hello")).toEqual([o, "`", "Hello"]);
      expect(tok("Hello" + c + "'")).toEqual(["Hello", c, "'"]);
      expect(tok(o + o + o + "Hello")).toEqual([o, o, o, "Hello"]);
      expect(tok("Hello" + c + c + c)).toEqual(["Hello", c, c, c]);
      expect(tok(o + "Hello" + c)).toEqual([o, "Hello", c]);
      expect(tok("`" + o + "Hello" + c + "'")).toEqual(["`", o, "Hello", c, "'"]);
    }
    expect(tok("'The")).toEqual(["'", "The"]);
  });
});

describe("spaCy URL pattern (spaCy's test_urls.py)", () => {
  const url = new RegExp(data.url, "u");
  const match = [
    "http://foo.com/blah_blah", "http://BlahBlah.com/Blah_Blah", "http://foo.com/blah_blah/", "http://www.example.com/wpstyle/?p=364",
    "https://www.example.com/foo/?bar=baz&inga=42&quux", "http://userid:password@example.com:8080", "http://userid:password@example.com:8080/",
    "http://userid@example.com", "http://userid@example.com/", "http://userid@example.com:8080", "http://userid@example.com:8080/",
    "http://userid:password@example.com", "http://userid:password@example.com/", "http://142.42.1.1/", "http://142.42.1.1:8080/",
    "http://foo.com/blah_(wikipedia)#cite-1", "http://foo.com/blah_(wikipedia)_blah#cite-1", "http://foo.com/unicode_(✪)_in_parens",
    "http://foo.com/(something)?after=parens", "http://code.google.com/events/#&product=browser", "http://j.mp", "ftp://foo.bar/baz",
    "http://foo.bar/?q=Test%20URL-encoded%20stuff", "http://-.~_!$&'()*+,;=:%40:80%2f::::::@example.com", "http://1337.net", "http://a.b-c.de",
    "http://223.255.255.254", "http://a.b--c.de/", "ssh://login@server.com:12345/repository.git", "svn+ssh://user@ssh.yourdomain.com/path",
    "http://foo.com/blah_blah_(wikipedia)", "http://foo.com/blah_blah_(wikipedia)_(again)", "http://www.foo.co.uk", "http://www.foo.co.uk/",
    "http://www.foo.co.uk/blah/blah", "http://⌘.ws", "http://⌘.ws/", "http://☺.damowmow.com/", "http://✪df.ws/123", "http://➡.ws/䨹",
    "http://مثال.إختبار", "http://例子.测试", "http://उदाहरण.परीक्षा",
  ];
  const noMatch = [
    "http://", "http://.", "http://..", "http://../", "http://?", "http://??", "http://??/", "http://#", "http://##", "http://##/",
    "http://foo.bar?q=Spaces should be encoded", "//", "//a", "///a", "///", "http:///a", "rdar://1234", "h://test", "http:// shouldfail.com",
    ":// should fail", "http://foo.bar/foo(bar)baz quux", "http://-error-.invalid/", "http://a.b-.co", "http://0.0.0.0", "http://10.1.1.0",
    "http://10.1.1.255", "http://224.1.1.1", "http://123.123.123", "http://3628126748", "http://.www.foo.bar/", "http://.www.foo.bar./",
    "http://10.1.1.1", "NASDAQ:GOOG", "http://-a.b.co", "http://1.1.1.1.1", "http://www.foo.bar./",
  ];
  it.each(match)("matches %s", (u) => expect(url.test(u)).toBe(true));
  it.each(noMatch)("does not match %s", (u) => expect(url.test(u)).toBe(false));

  const full = [
    "http://www.nytimes.com/2016/04/20/us/politics/new-york-primary-preview.html?hp&action=click&pgtype=Homepage&clickSource=story-heading&module=a-lede-package-region&region=top-news&WT.nav=top-news&_r=0",
    "www.red-stars.com", "mailto:foo.bar@baz.com", "mailto:foo-bar@baz-co.com", "mailto:foo-bar@baz-co.com?subject=hi", "www.google.com?q=google",
    "http://foo.com/blah_(wikipedia)#cite-1",
  ];
  it.each(full)("keeps %s whole with prefixes and suffixes around it", (u) => {
    expect(tok("(" + u + ")")).toEqual(["(", u, ")"]);
    for (const p of ["(", '"', ">"]) for (const s of ['"', ":", ">"]) expect(tok(p + u + s)).toEqual([p, u, s]);
    for (const s1 of ['"', ":", ">"]) for (const s2 of ['"', ":", ">"]) {
      const both = s1 + s2;
      expect(tok(u + both)).toEqual(both in data.exceptions ? [u, both] : [u, s1, s2]);
    }
  });
});

describe("spaCy Sentencizer (spaCy's test_sentencizer.py)", () => {
  it.each([
    [["Hello", "!", ".", "Test", ".", ".", "ok"], [0, 3, 6]],
    [["¡", "Buen", "día", "!", "Hola", ",", "¿", "qué", "tal", "?"], [0, 4]],
    [['"', "Nice", "!", '"', "I", "am", "happy", "."], [0, 4]],
    [["A", "test", "sentence", "."], [0]],
  ])("%j starts sentences at %j", (words, starts) => expect(sentenceStarts(words)).toEqual(starts));
});

describe("spacyTokenTexts fast path (token texts from the span cache, full pass only when a multi-token special case matches)", () => {
  it("equals the texts of spacyTokens on random texts rich in special cases, affixes and whitespace", () => {
    const pieces = ["don't", "a.m.", "p.m.", ":)", ":-)", "(:", "<3", "^_^", "o.O", "and/or", "U.S.", "Mr.", "e.g.", "10a.m.", "'s", "’s", "(", ")", ":", ";", ".", "..", "…", "-", "—", "\"", "'", "‘", "’", "a", "I", "it", "He", "that", "http://example.com/x?y=1", "3.5%", "$10", "US$5", "5km", "C++", "e-mail", "naïve", "🙂", "x\u0301", "\ud800", "<space>", "=)", ":P", "8)", "’cause", "'em", "gonna", "cannot"];
    const seps = [" ", " ", " ", "", "  ", "\n", "\t", "\u00a0", " \n "];
    let seed = 7;
    const rnd = (k: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return Math.floor((seed / 2 ** 32) * k);
    };
    for (let d = 0; d < 3000; d++) {
      let text = "";
      for (let i = 0, n = 1 + rnd(12); i < n; i++) text += pieces[rnd(pieces.length)] + seps[rnd(seps.length)];
      const slow = spacyTokens(text).map((t) => t.text);
      expect(spacyTokenTexts(text)).toEqual(slow);
    }
  });
});

describe("spacySentenceCount (letter-and-digit spans read without tokenizing them)", () => {
  it("equals the sentencizer's count over spacyTokens on random texts", () => {
    const pieces = ["Mr", "Mrs", "a", "and", "/", "or", "w", "o", "8", "D", "P", "s", "em", "Ph", "'", "’", "Hello", "world", "it", "He's", "don't", "a.m.", "p.m.", "Mr.", "U.S.", ":)", "._.", "(:", "3.5", "10a.m.", "end.", "end!", "why?", "?!", "...", "…", ".", "!", "?", "。", "\"", "'", ")", "(", "—", "-", "e-mail", "x1", "42", "naïve", "🙂", "and/or", "’s"];
    const seps = [" ", " ", " ", "", "  ", "\n", "\t"];
    let seed = 11;
    const rnd = (k: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return Math.floor((seed / 2 ** 32) * k);
    };
    const counts = new Set<number>();
    for (let d = 0; d < 3000; d++) {
      let text = "";
      for (let i = 0, n = rnd(16); i < n; i++) text += pieces[rnd(pieces.length)] + seps[rnd(seps.length)];
      const toks = spacyTokens(text).map((t) => t.text);
      const expected = toks.length === 0 ? 1 : sentenceStarts(toks).length;
      expect(spacySentenceCount(text)).toBe(expected);
      counts.add(expected);
    }
    expect(counts.size).toBeGreaterThan(5);
  });
});
