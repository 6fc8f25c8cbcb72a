import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROWN_DIR, BROWN_GENRES, brownDocs, untagBrownFile, untagSentence } from "@/lib/demo/brown";
import { buildDemoCorpus, type TDemoCorpusSummary } from "@/lib/demo/build-demo-corpus";
import { packageReadmeDocs } from "@/lib/demo/package-readmes";

const readBrown = (f: string) => fs.readFileSync(path.join(BROWN_DIR, f), "utf8");

describe("Brown tag stripping", () => {
  it("turns the first sentence of ca01 back into plain text", () => {
    const tagged =
      "The/at Fulton/np-tl County/nn-tl Grand/jj-tl Jury/nn-tl said/vbd Friday/nr an/at investigation/nn of/in Atlanta's/np$ recent/jj primary/nn election/nn produced/vbd ``/`` no/at evidence/nn ''/'' that/cs any/dti irregularities/nns took/vbd place/nn ./.";
    expect(readBrown("ca01")).toContain(tagged);
    expect(untagSentence(tagged)).toBe(
      "The Fulton County Grand Jury said Friday an investigation of Atlanta's recent primary election produced “no evidence” that any irregularities took place.",
    );
  });

  it("prints a doubled boundary mark once and moves a closing quote back to its sentence (cc04)", () => {
    const tagged = [
      "\tAll/abn told/vbn ,/, ``/`` Where's/wrb+bez-tl Charley/np-tl ?/. ?/.",
      "''/'' Ought/md not/* to/to be/be missed/vbn ./.",
      "It/pps has/hvz a/at fast/jj pace/nn ,/, excellent/jj music/nn ,/, expert/jj direction/nn ,/, and/cc not/* only/rb a/at good/jj comedian/nn ,/, but/cc an/at appealing/jj person/nn in/in his/pp$ own/jj right/nn ,/, Mr./np Berman/np ./.",
    ].join("\n");
    expect(readBrown("cc04")).toContain(tagged);
    const last = "It has a fast pace, excellent music, expert direction, and not only a good comedian, but an appealing person in his own right, Mr. Berman.";
    expect(untagBrownFile(tagged)).toBe(`All told, “Where's Charley?”\nOught not to be missed.\n${last}`);
    expect(untagBrownFile(tagged, "paragraphs")).toBe(`All told, “Where's Charley?” Ought not to be missed. ${last}`);
  });

  it("pairs single quotes and keeps headlines as paragraphs of their own", () => {
    const tagged =
      "``/`` I/ppss feel/vb confident/jj the/at stock/nn will/md qualify/vb for/in the/at '/' national/jj list/nn '/' ''/'' ,/, he/pps said/vbd ,/, meaning/vbg its/pp$ market/nn price/nn would/md be/be quoted/vbn regularly/rb in/in newspapers/nns all/abn over/in the/at country/nn ./.";
    expect(readBrown("ca26")).toContain(tagged);
    expect(untagSentence(tagged)).toBe(
      "“I feel confident the stock will qualify for the ‘national list’”, he said, meaning its market price would be quoted regularly in newspapers all over the country.",
    );
    const ca01 = brownDocs("paragraphs")[0].text;
    expect(ca01).toContain("\n\nMerger proposed\n\nHowever, the jury said it believes “these two offices should be combined");
    expect(ca01).not.toMatch(/\/[a-z]+(-[a-z]+)?\b/);
  });

  it("covers 500 samples in 15 genres", () => {
    const docs = brownDocs();
    expect(docs).toHaveLength(500);
    expect(new Set(docs.map((d) => d.genre))).toEqual(new Set(Object.values(BROWN_GENRES)));
    expect(docs[0]).toMatchObject({ id: "brown-ca01", genre: "press: reportage", genre_code: "A", brown_file: "ca01", brown_source: "The Atlanta Constitution" });
  });
});

describe("package READMEs", () => {
  it("skips short READMEs and respects the limit", () => {
    const all = packageReadmeDocs();
    expect(all.every((d) => d.text.trim().length >= 300)).toBe(true);
    expect(packageReadmeDocs({ limit: 5 }).map((d) => d.id)).toEqual(all.slice(0, 5).map((d) => d.id));
  });
});

describe("buildDemoCorpus", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "winnow-demo-"));
  const a = path.join(dir, "a", "demo.jsonl");
  const b = path.join(dir, "b", "demo.jsonl");
  let summary: TDemoCorpusSummary;
  let docs: Record<string, unknown>[] = [];

  beforeAll(async () => {
    summary = await buildDemoCorpus(a);
    await buildDemoCorpus(b);
    const lines = fs.readFileSync(a, "utf8").split("\n");
    expect(lines.pop()).toBe("");
    docs = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  }, 120_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("writes every document as a JSON object with a non-empty string text and a unique id", () => {
    expect(docs).toHaveLength(summary.docs);
    expect(fs.statSync(a).size).toBe(summary.bytes);
    expect(fs.existsSync(`${a}.tmp`)).toBe(false);
    for (const d of docs) {
      expect(typeof d.id).toBe("string");
      expect(typeof d.text === "string" && d.text.trim().length > 0).toBe(true);
      expect(typeof d.source).toBe("string");
    }
    expect(new Set(docs.map((d) => d.id)).size).toBe(docs.length);
  });

  it("mixes the three sources in the expected proportions", () => {
    expect(summary.bySource.brown).toBe(500);
    expect(summary.bySource.spamassassin).toBeGreaterThan(5500);
    expect(summary.bySource.spamassassin).toBeLessThan(6500);
    expect(summary.bySource.readme).toBeGreaterThan(100);
    expect(summary.bySource.readme).toBeLessThanOrEqual(1500);
    expect(summary.docs).toBe(Object.values(summary.bySource).reduce((x, y) => x + y, 0));
  });

  it("labels e-mails ham and spam, with their subsets", () => {
    const mails = docs.filter((d) => d.source === "spamassassin");
    const count = (label: string) => mails.filter((d) => d.label === label).length;
    expect(count("ham")).toBeGreaterThan(3000);
    expect(count("spam")).toBeGreaterThan(1000);
    expect(count("ham") + count("spam")).toBe(mails.length);
    expect(new Set(mails.map((d) => d.subset))).toEqual(new Set(["easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2"]));
    expect(mails.every((d) => (d.label === "spam") === String(d.subset).startsWith("spam"))).toBe(true);
    // Raw messages: headers are kept.
    expect(mails.every((d) => /^[\w-]+:|^From /m.test(String(d.text)))).toBe(true);
  });

  it("keeps package metadata on READMEs, sorted by package name", () => {
    const readmes = docs.filter((d) => d.source === "readme");
    const names = readmes.map((d) => String(d.package));
    expect(names).toEqual([...names].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
    expect(readmes.find((d) => d.package === "zod")).toMatchObject({ id: "readme-zod", package_version: expect.stringMatching(/^\d+\.\d+/) });
  });

  it("is deterministic: two builds are byte-identical", () => {
    expect(fs.readFileSync(b).equals(fs.readFileSync(a))).toBe(true);
  });
});
