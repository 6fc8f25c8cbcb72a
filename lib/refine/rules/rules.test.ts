import { describe, expect, it } from "vitest";
import { executeProgram } from "@/lib/refine/execute-program";
import { parseProgram } from "@/lib/refine/parse-program";
import { describeRefineRules, getRefineRuleOrThrow, resolveRules } from "@/lib/refine/rules";
import { ruleDoc } from "@/lib/refine/rules/types";

/** The program a rule writes for a text (default config unless given). */
const program = (id: string, text: string, config: Record<string, unknown> = {}, attrs: Record<string, unknown> = {}): string => {
  const rule = getRefineRuleOrThrow(id);
  return rule.generate(ruleDoc(text, attrs), rule.configSchema.parse(config));
};

/** The text after running the rule's program (no acceptance rule). */
const refined = (id: string, text: string, config: Record<string, unknown> = {}): string | null => {
  const p = parseProgram(program(id, text, config));
  expect(p.errors).toEqual([]);
  return executeProgram(text, p, { acceptance: null }).text;
};

const lines = (...l: string[]) => l.join("\n");

describe("email_headers", () => {
  it("removes the header block (mbox From line, fields, continuation lines) and the blank line after it", () => {
    const text = lines("From bob@x.org  Mon Aug 26 15:13:50 2002", "Received: from a", "\tby b with SMTP", "Subject: Hi", "From: Bob <bob@x.org>", "", "Body line.", "", "More body.");
    expect(program("email_headers", text)).toBe("remove_lines(line_start=0, line_end=5)");
    expect(refined("email_headers", text)).toBe("Body line.\n\nMore body.");
  });

  it("needs min_fields fields, one of them a known e-mail field, and a blank line (or the end) after them", () => {
    expect(program("email_headers", lines("Subject: only one", "", "body"))).toBe("");
    expect(program("email_headers", lines("Subject: one", "To: two", "", "body"))).toBe("remove_lines(line_start=0, line_end=2)");
    expect(program("email_headers", lines("Title: My page", "Author: Me", "", "body"))).toBe("");
    expect(program("email_headers", lines("From: a", "To: b", "then prose without a blank line", "body"))).toBe("");
    expect(program("email_headers", lines("From: a", "To: b"))).toBe("remove_lines(line_start=0, line_end=1)");
    expect(program("email_headers", lines("Note: this is prose.", "It goes on."))).toBe("");
  });

  it("removes a header block forwarded or quoted right after the message's own, indented or not", () => {
    const text = lines("Subject: x", "From: y", "", "    Date:  Wed, 21 Aug 2002", "    From:  Chris", "", "  | quoted", "Body.");
    expect(program("email_headers", text)).toBe("remove_lines(line_start=0, line_end=5)");
    expect(program("email_headers", lines("Subject: x", "From: y", "", "From: Steve", "Subject: a link", "", "Body."))).toBe("remove_lines(line_start=0, line_end=5)");
    // A single field is not a header block (FoRK posts start with "From: <url>").
    expect(program("email_headers", lines("Subject: x", "From: y", "", "From: http://example.org/a", "", "Body."))).toBe("remove_lines(line_start=0, line_end=2)");
  });

  it("removes the header of a quoted or forwarded message", () => {
    const text = lines("Subject: x", "From: y", "", "See below.", "-----Original Message-----", "From: Carol", "Sent: Monday", "To: Dave", "Subject: Old", "", "Old body.");
    expect(program("email_headers", text)).toBe("remove_lines(line_start=0, line_end=2)\nremove_lines(line_start=4, line_end=9)");
    expect(program("email_headers", text, { embedded: false })).toBe("remove_lines(line_start=0, line_end=2)");
  });

  it("handles CRLF text", () => {
    expect(refined("email_headers", "Subject: a\r\nTo: b\r\n\r\nbody\r\n")).toBe("body\r\n");
  });
});

describe("quoted_replies", () => {
  it("removes quoted lines and the attribution line above them", () => {
    const text = lines("On Mon, 23 Sep 2002, Jane wrote:", "> first", ">> second", "", "My answer.", "Joe said:", "", "> again", "Done.");
    expect(program("quoted_replies", text)).toBe(
      ["remove_lines(line_start=0, line_end=2)", "remove_lines(line_start=5, line_end=5)", "remove_lines(line_start=7, line_end=7)"].join("\n"),
    );
    expect(refined("quoted_replies", text)).toBe(lines("", "My answer.", "", "Done."));
  });

  it("keeps a non-attribution line above a quote, and can keep attributions", () => {
    expect(program("quoted_replies", lines("A normal sentence.", "> quoted"))).toBe("remove_lines(line_start=1, line_end=1)");
    expect(program("quoted_replies", lines("Jane wrote:", "> quoted"), { attribution: false })).toBe("remove_lines(line_start=1, line_end=1)");
  });

  it("joins an attribution wrapped over two lines", () => {
    expect(program("quoted_replies", lines("On Mon, 23 Sep 2002, Jane Doe", "wrote:", "> q"))).toBe("remove_lines(line_start=0, line_end=2)");
  });
});

describe("signatures", () => {
  it('removes "-- " and what follows, up to a footer separator', () => {
    const text = lines("Body.", "-- ", "Jane Doe", "http://jane.example", "_____________", "List footer");
    expect(program("signatures", text)).toBe("remove_lines(line_start=1, line_end=3)");
    expect(refined("signatures", lines("Body.", "-- ", "Jane"))).toBe("Body.");
  });

  it("leaves a long tail alone (not a signature), and honours bare_dashes", () => {
    const long = lines("Body.", "--", ...Array.from({ length: 11 }, (_, i) => `line ${i}`));
    expect(program("signatures", long)).toBe("");
    expect(program("signatures", long, { max_lines: 11 })).toBe("remove_lines(line_start=1, line_end=12)");
    expect(program("signatures", lines("Body.", "--", "Jane"), { bare_dashes: false })).toBe("");
    expect(program("signatures", lines("Body.", "-- \r", "Jane\r"))).toBe("remove_lines(line_start=1, line_end=2)");
  });
});

describe("mailing_list_footers", () => {
  it("removes a Mailman footer from its separator to the end", () => {
    const text = lines("Body.", "", "_______________________________________________", "IIU mailing list", "IIU@iiu.taint.org", "http://iiu.taint.org/mailman/listinfo/iiu", "", "");
    expect(program("mailing_list_footers", text)).toBe("remove_lines(line_start=2, line_end=7)");
    expect(refined("mailing_list_footers", text)).toBe("Body.\n");
  });

  it("removes a Yahoo! Groups footer with its several separators", () => {
    const text = lines("Body.", "------------------------ Yahoo! Groups Sponsor ---------------------~-->", "4 DVDs Free", "---------------------------------------------------------------------~->", "", "To unsubscribe from this group, send an email to:", "x-unsubscribe@egroups.com");
    expect(program("mailing_list_footers", text)).toBe("remove_lines(line_start=1, line_end=6)");
  });

  it("needs a footer word, and a short tail", () => {
    expect(program("mailing_list_footers", lines("Body.", "==========", "Chapter 2", "It was a dark night."))).toBe("");
    expect(program("mailing_list_footers", lines("Body.", "__________", ...Array.from({ length: 20 }, () => "text"), "unsubscribe"))).toBe("");
    expect(program("mailing_list_footers", lines("See below.", "-----Original Message-----", "To unsubscribe, write to x"))).toBe("");
  });
});

describe("web boilerplate line rules", () => {
  it.each<[string, string, boolean]>([
    ["navigation", "Home | About | Contact | Blog", true],
    ["navigation", "Home » Products » Shoes", true],
    ["navigation", "Skip to content", true],
    ["navigation", "« Previous", true],
    ["navigation", "Read more →", true],
    ["navigation", "He went home.", false],
    ["navigation", "Cats | dogs are both pets.", false],
    ["navigation", "Home", true],
    ["cookie_consent", "This website uses cookies to improve your experience. Accept", true],
    ["cookie_consent", "Cookie settings", true],
    ["cookie_consent", "She baked cookies and used too much sugar.", false],
    ["share_subscribe", "Share on Facebook", true],
    ["share_subscribe", "Subscribe to our newsletter!", true],
    ["share_subscribe", "To be removed from our list, reply with REMOVE.", true],
    ["share_subscribe", "I shared a flat with him.", false],
    ["copyright", "© 2024 Example Inc. All rights reserved.", true],
    ["copyright", "Copyright (c) 2002 Jane Doe", true],
    ["copyright", "(C) the need to allocate resources.", false],
    ["copyright", "The copyright law of 1909 was long.", false],
  ])("%s: %j → %s", (id, line, removed) => {
    const text = lines("A sentence before.", line, "A sentence after.");
    expect(program(id, text)).toBe(removed ? "remove_lines(line_start=1, line_end=1)" : "");
  });

  it("honours max_words", () => {
    const long = `This website uses cookies ${"and more words ".repeat(15)}`;
    expect(program("cookie_consent", long)).toBe("remove_lines(line_start=0, line_end=0)");
    expect(program("cookie_consent", long, { max_words: 10 })).toBe("");
  });
});

describe("c4_lines", () => {
  it("removes the lines the C4 annotator flags (and keeps blank lines)", () => {
    const text = lines("Merger proposed", "", "The jury said it found no evidence of fraud.", "Enable javascript to see this page, please.", "ok.");
    // line 0: no terminal punctuation; 3: javascript; 4: fewer than 3 words.
    expect(program("c4_lines", text)).toBe(["remove_lines(line_start=0, line_end=0)", "remove_lines(line_start=3, line_end=4)"].join("\n"));
    expect(program("c4_lines", text, { filter_javascript: false, min_words_per_line: 0 })).toBe("remove_lines(line_start=0, line_end=0)");
  });
});

describe("normalize_whitespace", () => {
  it("writes normalize() ops that each find their source, in order", () => {
    const text = "a\u00a0b\u200bc  d   e \r\nf\u3000g \nh";
    const p = program("normalize_whitespace", text);
    expect(p.split("\n")).toEqual([
      'normalize(source_str="\\r\\n", target_str="\\n")',
      'normalize(source_str="\\u00a0", target_str=" ")',
      'normalize(source_str="\\u3000", target_str=" ")',
      'normalize(source_str="\\u200b")',
      'normalize(source_str=" \\n", target_str="\\n")',
      'normalize(source_str="   ", target_str=" ")',
      'normalize(source_str="  ", target_str=" ")',
    ]);
    expect(refined("normalize_whitespace", text)).toBe("a bc d e\nf g\nh");
  });

  it("writes nothing for clean text, and each option can be turned off", () => {
    expect(program("normalize_whitespace", "Clean text.\nNothing to do.")).toBe("");
    expect(program("normalize_whitespace", "a  b", { collapse_spaces: false })).toBe("");
    expect(refined("normalize_whitespace", "x\u00a0 y", { nbsp: false })).toBe("x\u00a0 y");
  });
});

describe("drop_failing", () => {
  it("drops a document when a chosen column is false; keeps it when true or not annotated", () => {
    const cfg = { columns: ["gopher_quality.pass", "exact_dedup.keep"] };
    expect(program("drop_failing", "x", cfg, { "gopher_quality.pass": true, "exact_dedup.keep": false })).toBe("drop_doc()");
    expect(program("drop_failing", "x", cfg, { "gopher_quality.pass": true, "exact_dedup.keep": true })).toBe("");
    expect(program("drop_failing", "x", cfg, { "gopher_quality.pass": null })).toBe("");
  });
});

describe("rule registry", () => {
  it("lists every rule with defaults that validate, and refuses duplicates and unknown ids", () => {
    const all = describeRefineRules();
    expect(all.map((r) => r.id)).toContain("email_headers");
    for (const r of all) expect(getRefineRuleOrThrow(r.id).configSchema.safeParse(r.defaults).success).toBe(true);
    expect(() => resolveRules([{ id: "signatures" }, { id: "signatures" }])).toThrow(/listed twice/);
    expect(() => resolveRules([{ id: "nope" }])).toThrow(/Unknown refinement rule "nope"/);
    expect(resolveRules([{ id: "normalize_whitespace" }, { id: "email_headers" }]).map((r) => r.rule.id)).toEqual(["email_headers", "normalize_whitespace"]);
  });
});
