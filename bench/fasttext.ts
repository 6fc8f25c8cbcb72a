/**
 * fastText classifier throughput: a classifier trained with DCLM's defaults (dim 100, 2M buckets,
 * wordNgrams 2, so an ~800 MB dense model like DCLM's) scores the generated real-text corpus through
 * the `fasttext` annotator (DCLM input normalisation + the TypeScript predictor), on one core. The
 * WebAssembly build's predict and the bundled lid.176.ftz are measured alongside for comparison.
 */
import fs from "node:fs";
import path from "node:path";
import { fasttextAnnotator } from "@/lib/annotators/fasttext";
import { getConfig } from "@/lib/config";
import { dclmInput } from "@/lib/fasttext/dclm-input";
import { ZFastTextParamsSchema } from "@/lib/fasttext/hyper-params";
import { loadFastTextPredictor } from "@/lib/fasttext/load-model";
import { readFastTextModel } from "@/lib/fasttext/model-file";
import { createPredictor } from "@/lib/fasttext/predict";
import { trainSupervised } from "@/lib/fasttext/train";
import { loadBenchDocs, measure, peakRssNowMb, round } from "@/bench/model-bench-docs";

const LID = path.join(process.cwd(), "node_modules/fasttext.wasm.js/dist/models/language-identification/assets/lid.176.ftz");

type TWasmModel = { predict: (t: string, k: number, th: number) => { size: () => number; get: (i: number) => [number, string]; delete?: () => void } };

const wasmPredictor = async (file: string): Promise<TWasmModel> => {
  const { getFastTextModule } = await import("fasttext.wasm.js");
  const mod = (await getFastTextModule()) as unknown as { FS: { writeFile: (p: string, d: Uint8Array) => void; unlink: (p: string) => void }; FastText: new () => TWasmModel & { loadModel: (p: string) => void } };
  mod.FS.writeFile("/model.bin", fs.readFileSync(file));
  const ft = new mod.FastText();
  ft.loadModel("/model.bin");
  mod.FS.unlink("/model.bin");
  return ft;
};

export const benchFastText = async (outDir: string, nDocs: number, trainDocs: number) => {
  const docs = loadBenchDocs(outDir, nDocs);
  // Under the data dir: a model chosen by path must lie under the allowed data roots.
  const modelDir = path.join(getConfig().dataDir, "fasttext-bench");
  fs.mkdirSync(modelDir, { recursive: true });
  const model = path.join(modelDir, `brown-vs-spam-${trainDocs}.bin`);
  let trainSeconds: number | null = null;
  if (!fs.existsSync(model)) {
    // Brown prose (hq) against SpamAssassin mail (cc); throughput does not depend on which documents are scored.
    const train = path.join(modelDir, "train.txt");
    fs.writeFileSync(train, docs.slice(0, trainDocs).map((d) => `__label__${d.source === "brown" ? "hq" : "cc"} ${dclmInput(d.text)}`).join("\n") + "\n");
    const res = await trainSupervised({ trainFile: train, outFile: model, params: ZFastTextParamsSchema.parse({}) });
    trainSeconds = round(res.seconds);
    fs.rmSync(train);
    console.log("fasttext: trained", res);
  }
  const t0 = performance.now();
  loadFastTextPredictor(model);
  const loadSeconds = round((performance.now() - t0) / 1000);
  const config = fasttextAnnotator.configSchema.parse({ model, positive_label: "hq" });
  const annotator = measure(docs, (b) => fasttextAnnotator.annotate(b, config));
  console.log("fasttext: annotator (TypeScript predictor)", annotator);

  const sample = docs.slice(0, Math.min(20_000, docs.length));
  const wasmOn = async (file: string): Promise<Record<string, unknown>> => {
    let w: TWasmModel;
    try {
      w = await wasmPredictor(file);
    } catch (e) {
      // A C++ exception surfaces as a number (its pointer).
      return { loadError: `loadModel threw ${e instanceof Error ? e.message : `C++ exception ${String(e)}`} for a ${Math.round(fs.statSync(file).size / 2 ** 20)} MiB model (2 GiB heap)` };
    }
    return measure(sample, (b) => {
      for (const d of b) w.predict(dclmInput(d.text), -1, 0).delete?.();
    });
  };
  const wasm = await wasmOn(model);
  console.log("fasttext: fasttext.wasm.js predict, same model", wasm);

  // The same comparison on a model small enough for the wasm build (200k buckets, ~80 MB).
  const small = path.join(modelDir, `brown-vs-spam-${trainDocs}-200k.bin`);
  if (!fs.existsSync(small)) {
    const train = path.join(modelDir, "train-small.txt");
    fs.writeFileSync(train, docs.slice(0, trainDocs).map((d) => `__label__${d.source === "brown" ? "hq" : "cc"} ${dclmInput(d.text)}`).join("\n") + "\n");
    await trainSupervised({ trainFile: train, outFile: small, params: ZFastTextParamsSchema.parse({ bucket: 200_000 }) });
    fs.rmSync(train);
  }
  const smallTs = createPredictor(readFastTextModel(small));
  const smallModel = {
    bytes: fs.statSync(small).size,
    typescript: measure(sample, (b) => b.forEach((d) => smallTs.predictProbs(dclmInput(d.text)))),
    wasm: await wasmOn(small),
  };
  console.log("fasttext: 200k-bucket model, TypeScript vs wasm", smallModel);

  const lidTs = createPredictor(readFastTextModel(LID));
  const lidOurs = measure(sample, (b) => b.forEach((d) => lidTs.predictProbs(d.text.replace(/\n/g, " "))));
  const lidW = await wasmPredictor(LID);
  const lidWasm = measure(sample, (b) => b.forEach((d) => lidW.predict(d.text.replace(/\n/g, " "), 1, 0).delete?.()));
  console.log("fasttext: lid.176.ftz TypeScript", lidOurs, "wasm", lidWasm);

  return {
    model: { file: path.relative(process.cwd(), model), bytes: fs.statSync(model).size, trainDocs, trainSeconds, loadSeconds },
    annotatorOneCore: annotator,
    wasmPredictSameModel: wasm,
    smallModel,
    lid176: { typescript: lidOurs, wasm: lidWasm },
    peakRssMb: peakRssNowMb(),
  };
};
