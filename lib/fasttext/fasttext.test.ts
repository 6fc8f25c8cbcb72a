import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { brownDocs } from "@/lib/demo/brown";
import { dclmInput } from "@/lib/fasttext/dclm-input";
import { fnvString, ngramMod, ngramStart, ngramStep, type TNgramState } from "@/lib/fasttext/hash";
import { ZFastTextParamsSchema } from "@/lib/fasttext/hyper-params";
import { readFastTextModel } from "@/lib/fasttext/model-file";
import { createPredictor, type TFastTextPredictor } from "@/lib/fasttext/predict";
import { trainSupervised } from "@/lib/fasttext/train";

/** Debian's fastText command, the reference implementation (`apt-get install fasttext`; .ci/run installs it). */
const CLI = spawnSync("sh", ["-c", "command -v fasttext"], { encoding: "utf8" }).stdout.trim();
if (!CLI) console.warn("fastText CLI not found (apt-get install fasttext): skipping the comparisons with the reference implementation");

const LID = path.join(process.cwd(), "node_modules/fasttext.wasm.js/dist/models/language-identification/assets/lid.176.ftz");

describe("fastText hashes", () => {
  it("FNV-1a sign-extends bytes ≥ 0x80 like Dictionary::hash", () => {
    const ref = (s: string) => {
      let h = 2166136261n;
      for (const b of Buffer.from(s, "utf8")) {
        h ^= BigInt(b < 0x80 ? b : b | 0xffffff00);
        h = (h * 16777619n) & 0xffffffffn;
      }
      return Number(h);
    };
    for (const s of ["</s>", "hello", "héllo", "日本語", "😀", ""]) expect(fnvString(s), s).toBe(ref(s));
  });

  it("word n-gram buckets follow the uint64 arithmetic of addWordNgrams", () => {
    const M = (1n << 64n) - 1n;
    const sext = (h: number) => BigInt.asUintN(64, BigInt(h | 0));
    let seed = 7;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    const s: TNgramState = { hi: 0, lo: 0 };
    for (let k = 0; k < 2000; k++) {
      const hashes = [rnd(), rnd(), rnd(), rnd()];
      const bucket = [2_000_000, 10_000, 1, 2 ** 31 - 1][k % 4];
      ngramStart(s, hashes[0]);
      let ref = sext(hashes[0]);
      for (const h of hashes.slice(1)) {
        ngramStep(s, h);
        ref = (ref * 116049371n + sext(h)) & M;
        expect(ngramMod(s, bucket)).toBe(Number(ref % BigInt(bucket)));
      }
    }
  });
});

describe("dclmInput", () => {
  it("is \" \".join(text.strip().splitlines())", () => {
    // Python: " ".join("  a\nb\r\nc\rd\x0be\x1cf\u2028g\n\n  ".strip().splitlines()) == "a b c d e f g"
    expect(dclmInput("  a\nb\r\nc\rd\x0be\x1cf\u2028g\n\n  ")).toBe("a b c d e f g");
    expect(dclmInput("x\n\ny")).toBe("x  y");
    expect(dclmInput("\u3000\x1f tab\there \xa0")).toBe("tab\there");
    expect(dclmInput("")).toBe("");
  });
});

// Real text: Brown corpus paragraphs, one example per line, labelled by genre family.
const brown = brownDocs("paragraphs");
const examples = brown.flatMap((d) =>
  d.text
    .split(/\n\s*\n/)
    .map((p) => dclmInput(p))
    .filter((p) => p.length > 40)
    .map((p) => ({ text: p, genre: String(d.genre_code), fiction: String(d.genre).startsWith("fiction") })),
);
const train = examples.filter((_, i) => i % 4 !== 0);
const test = examples.filter((_, i) => i % 4 === 0).slice(0, 600);

type TCliPrediction = Map<string, number>;

const cliPredict = (model: string, texts: string[]): TCliPrediction[] =>
  execFileSync(CLI, ["predict-prob", model, "-", "-1"], { input: texts.join("\n") + "\n", maxBuffer: 1 << 28 })
    .toString()
    .split("\n")
    .slice(0, texts.length)
    .map((line) => {
      const t = line.trim().split(" ");
      const m = new Map<string, number>();
      for (let k = 0; k + 1 < t.length; k += 2) m.set(t[k], Number(t[k + 1]));
      return m;
    });

/** The CLI prints 6 significant digits; a relative tolerance of 1e-5 covers that rounding. */
const expectSamePredictions = (ours: TFastTextPredictor, model: string, texts: string[]) => {
  const ref = cliPredict(model, texts);
  let compared = 0;
  texts.forEach((text, i) => {
    const probs = ours.predictProbs(text);
    expect(probs, text).not.toBeNull();
    expect(ref[i].size, `CLI gave no labels for line ${i}`).toBeGreaterThan(0);
    for (const [label, p] of ref[i]) {
      const li = ours.labels.indexOf(label);
      expect(li, label).toBeGreaterThanOrEqual(0);
      expect(Math.abs(probs![li] - p), `line ${i} ${label}: ours ${probs![li]} vs CLI ${p}`).toBeLessThanOrEqual(1e-5 * p);
      compared++;
    }
  });
  return compared;
};

describe.skipIf(!CLI)("predictions match Debian's fastText CLI (skipped without /usr/bin/fasttext)", () => {
  let dir = "";
  const trainFile = (labelOf: (e: (typeof examples)[number]) => string) => {
    const f = path.join(dir, `train-${Math.random().toString(36).slice(2)}.txt`);
    fs.writeFileSync(f, train.map((e) => `${labelOf(e)} ${e.text}`).join("\n") + "\n");
    return f;
  };
  const cliTrain = (name: string, input: string, args: string[]) => {
    const out = path.join(dir, name);
    execFileSync(CLI, ["supervised", "-input", input, "-output", out, "-thread", "1", "-verbose", "0", ...args]);
    return `${out}.bin`;
  };
  const texts = test.map((e) => e.text);

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "winnow-fasttext-"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("softmax with word bigrams (DCLM's setup)", () => {
    const input = trainFile((e) => (e.fiction ? "__label__hq" : "__label__cc"));
    const model = cliTrain("softmax", input, ["-lr", "0.1", "-dim", "32", "-epoch", "5", "-wordNgrams", "2", "-bucket", "200000", "-minCount", "1"]);
    expect(expectSamePredictions(createPredictor(readFastTextModel(model)), model, texts)).toBe(texts.length * 2);
    // Matrices over 1 GiB are held in chunks of rows: tiny chunks give bit-identical predictions.
    const whole = createPredictor(readFastTextModel(model));
    const chunked = createPredictor(readFastTextModel(model, { chunkFloats: 32 * 7 }));
    for (const t of texts.slice(0, 50)) expect(Array.from(chunked.predictProbs(t)!)).toEqual(Array.from(whole.predictProbs(t)!));
  });

  it("one-vs-all over 15 genres with character n-grams and word trigrams", () => {
    const input = trainFile((e) => `__label__${e.genre}`);
    const model = cliTrain("ova", input, ["-loss", "ova", "-dim", "16", "-epoch", "3", "-wordNgrams", "3", "-minn", "2", "-maxn", "5", "-bucket", "100000"]);
    const p = createPredictor(readFastTextModel(model));
    expect(p.labels).toHaveLength(15);
    expect(expectSamePredictions(p, model, texts)).toBe(texts.length * 15);
  });

  it("hierarchical softmax over genres", () => {
    const input = trainFile((e) => `__label__${e.genre}`);
    const model = cliTrain("hs", input, ["-loss", "hs", "-dim", "16", "-epoch", "5", "-wordNgrams", "2", "-bucket", "100000"]);
    expect(expectSamePredictions(createPredictor(readFastTextModel(model)), model, texts)).toBeGreaterThan(texts.length);
  });

  it("a product-quantized .ftz (pruned, with quantized norms)", () => {
    const input = trainFile((e) => `__label__${e.genre}`);
    const bin = cliTrain("q", input, ["-dim", "16", "-epoch", "3", "-wordNgrams", "2", "-bucket", "100000"]);
    execFileSync(CLI, ["quantize", "-input", input, "-output", bin.replace(/\.bin$/, ""), "-qnorm", "-cutoff", "3000", "-dsub", "2"]);
    const ftz = bin.replace(/\.bin$/, ".ftz");
    const m = readFastTextModel(ftz);
    expect(m.quantized).toBe(true);
    expect(m.dict.pruneIdx?.size).toBeGreaterThan(0);
    expect(expectSamePredictions(createPredictor(m), ftz, texts)).toBe(texts.length * 15);
  });

  it("lid.176.ftz, the quantized language-ID model with subwords", () => {
    const multilingual = [
      ...texts.slice(0, 100),
      "Le petit chat est assis sur le tapis et regarde la pluie tomber.",
      "Der schnelle braune Fuchs springt über den faulen Hund.",
      "今天天气很好，我们去公园散步吧。",
      "これは日本語の文です。",
      "Быстрая коричневая лиса прыгает через ленивую собаку.",
      "El rápido zorro marrón salta sobre el perro perezoso.",
      "ok",
    ];
    expect(expectSamePredictions(createPredictor(readFastTextModel(LID)), LID, multilingual)).toBeGreaterThan(multilingual.length);
  });

  it("a model trained here with the WebAssembly build: the CLI loads it and agrees", async () => {
    const input = trainFile((e) => (e.fiction ? "__label__hq" : "__label__cc"));
    const out = path.join(dir, "wasm.bin");
    let calls = 0;
    const params = ZFastTextParamsSchema.parse({ dim: 24, bucket: 50_000, epoch: 3 });
    const res = await trainSupervised({ trainFile: input, outFile: out, params, onProgress: () => calls++ });
    expect(calls).toBeGreaterThan(0);
    expect(res.labels.map((l) => l.label).sort()).toEqual(["__label__cc", "__label__hq"]);
    expect(res.inputRows).toBe(res.words + 50_000);
    const ours = createPredictor(readFastTextModel(out));
    expect(expectSamePredictions(ours, out, texts)).toBe(texts.length * 2);
  });
});

describe("predictor", () => {
  it("reports every label of a hierarchical-softmax model and ignores label tokens in the text", () => {
    const p = createPredictor(readFastTextModel(LID));
    const probs = p.predictProbs("The quick brown fox jumps over the lazy dog")!;
    expect(probs).toHaveLength(176);
    const en = p.labels.indexOf("__label__en");
    expect(probs[en]).toBeGreaterThan(0.5);
    const sum = probs.reduce((a, b) => a + b, 0);
    expect(sum).toBeGreaterThan(0.99);
    expect(sum).toBeLessThan(1.01);
    expect(Array.from(p.inputIds("__label__fr The quick brown fox jumps over the lazy dog"))).toEqual(Array.from(p.inputIds("The quick brown fox jumps over the lazy dog")));
  });
});
