import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fasttextAnnotator } from "@/lib/annotators/fasttext";
import { dclmInput } from "@/lib/fasttext/dclm-input";
import { readFastTextModel } from "@/lib/fasttext/model-file";
import { createPredictor } from "@/lib/fasttext/predict";

const LID = path.join(process.cwd(), "node_modules/fasttext.wasm.js/dist/models/language-identification/assets/lid.176.ftz");

// The edge cases every annotator meets (lib/annotators/annotators.test.ts), with a real model.
const EDGE_CASES: Record<string, string> = {
  empty: "",
  whitespace: " \n\t\r\n ",
  repeatedLine10MB: "the same line over and over again\n".repeat(300_000),
  binary: Array.from({ length: 4000 }, (_, i) => String.fromCharCode((i * 7919) % 65_536)).join(""),
  controls: "\u0000\u0001\u0002 text \u0007\u001b[31m red \u001b[0m\u0008\u007f\ufeff",
  emojiCjk: "今天天气很好😀我们去公园散步吧。🌳🌞 これは日本語の文です。",
  crlf: "First line here.\r\nSecond line here.\r\n\r\nThird paragraph here.\r\n",
  loneSurrogates: "\ud800 abc \udc00 def \ud83d",
  labelToken: "__label__fr __label__en bonjour",
};

let model = "";
beforeAll(() => {
  // A model chosen by path must lie under the allowed data roots: this folder is made one.
  model = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "winnow-ft-annotator-")), "lid.176.ftz");
  fs.copyFileSync(LID, model);
  process.env.WINNOW_DATA_ROOTS = path.dirname(model);
});
afterAll(() => {
  delete process.env.WINNOW_DATA_ROOTS;
  fs.rmSync(path.dirname(model), { recursive: true, force: true });
});

describe("fasttext annotator", () => {
  it("writes P(positive label) and the top label, on DCLM's input", async () => {
    const config = fasttextAnnotator.configSchema.parse({ model, positive_label: "en", key: "lid" });
    expect(fasttextAnnotator.columns(config).map((c) => c.name)).toEqual(["fasttext.lid_prob", "fasttext.lid_label"]);
    const docs = [
      { id: "en", text: "The quick brown fox\njumps over the lazy dog." },
      { id: "fr", text: "  Le petit chat est assis sur le tapis.\r\n" },
    ];
    const rows = await fasttextAnnotator.annotate(docs, config);
    const p = createPredictor(readFastTextModel(LID));
    const en = p.labels.indexOf("__label__en");
    expect(rows[0]["fasttext.lid_label"]).toBe("en");
    expect(rows[1]["fasttext.lid_label"]).toBe("fr");
    // The probability of "en" from the full distribution, on " ".join(text.strip().splitlines()).
    expect(rows[0]["fasttext.lid_prob"]).toBe(p.predictProbs("The quick brown fox jumps over the lazy dog.")![en]);
    expect(rows[1]["fasttext.lid_prob"]).toBe(p.predictProbs(dclmInput(docs[1].text))![en]);
    expect(rows[1]["fasttext.lid_prob"] as number).toBeLessThan(0.01);
  });

  it("handles edge cases: one row per document, probabilities in [0, 1]", async () => {
    const config = fasttextAnnotator.configSchema.parse({ model, positive_label: "__label__en" });
    const docs = Object.entries(EDGE_CASES).map(([id, text]) => ({ id, text }));
    const rows = await fasttextAnnotator.annotate(docs, config);
    expect(rows).toHaveLength(docs.length);
    for (const r of rows) {
      expect(Object.keys(r).sort()).toEqual(["fasttext.hq_label", "fasttext.hq_prob"]);
      const prob = r["fasttext.hq_prob"] as number;
      expect(prob >= 0 && prob <= 1).toBe(true);
      expect(typeof r["fasttext.hq_label"]).toBe("string");
    }
  });

  it("refuses an unknown positive label, a non-model file and a missing model with clear messages", () => {
    expect(() => fasttextAnnotator.validate!(fasttextAnnotator.configSchema.parse({ model, positive_label: "hq" }))).toThrow(/no label "__label__hq". Its labels: en, ru, de/);
    const txt = path.join(path.dirname(model), "notes.txt");
    fs.writeFileSync(txt, "x");
    expect(() => fasttextAnnotator.validate!(fasttextAnnotator.configSchema.parse({ model: txt }))).toThrow(/ends in .bin or .ftz/);
    expect(() => fasttextAnnotator.validate!(fasttextAnnotator.configSchema.parse({ model: path.join(path.dirname(model), "missing.bin") }))).toThrow(/No such file/);
    expect(() => fasttextAnnotator.configSchema.parse({ model, key: "Bad Key" })).toThrow(/lowercase/);
  });
});
