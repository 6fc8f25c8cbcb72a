import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ZFastTextParamsSchema } from "@/lib/fasttext/hyper-params";
import { trainFastTextLearner, writeFastTextTrainFile } from "@/lib/student/fasttext-learner";
import { createStudentPredictor, saveLinearModel } from "@/lib/student/student-model";
import { createFeatureExtractor } from "@/lib/student/hashed-features";
import { createLinearPredictor, trainLinear, ZLinearParamsSchema } from "@/lib/student/linear-learner";
import { scoreClasses } from "@/lib/student/targets";

describe("hashed features", () => {
  const extract = createFeatureExtractor(18, 0);
  it("hashes lower-cased unigrams and bigrams into an L2-normalised vector", () => {
    const a = extract("The cat sat");
    expect(a.n).toBe(5); // 3 unigrams + 2 bigrams (collisions aside)
    let norm = 0;
    for (let k = 0; k < a.n; k++) norm += a.val[k] ** 2;
    expect(norm).toBeCloseTo(1, 6);
    const idxA = Array.from(a.idx.subarray(0, a.n));
    const b = extract("the CAT, sat!");
    expect(Array.from(b.idx.subarray(0, b.n))).toEqual(idxA);
    // Word order matters through the bigrams only.
    const c = extract("sat cat the");
    const shared = Array.from(c.idx.subarray(0, c.n)).filter((i) => idxA.includes(i));
    expect(shared).toHaveLength(3);
  });
  it("damps repeated words logarithmically and handles empty and non-Latin text", () => {
    const once = extract("spam");
    expect(once.n).toBe(1);
    const many = extract("spam ".repeat(100));
    expect(many.n).toBe(2); // "spam" and "spam spam"
    const uni = Math.abs(many.val[0]) > Math.abs(many.val[1]) ? 0 : 1;
    // log1p(100) vs log1p(99) before normalisation.
    expect(Math.abs(many.val[uni]) / Math.abs(many.val[1 - uni])).toBeCloseTo(Math.log1p(100) / Math.log1p(99), 5);
    expect(extract("").n).toBe(0);
    expect(extract("  ,.;  ").n).toBe(0);
    expect(extract("日本語 😀 Ünïcode").n).toBeGreaterThan(0);
  });
  it("cuts the text at maxChars", () => {
    const cut = createFeatureExtractor(18, 7);
    expect(Array.from(cut("the cat sat on the mat").idx.subarray(0, 3))).toEqual(Array.from(extract("the cat").idx.subarray(0, 3)));
  });
});

describe("linear learner", () => {
  // y = 1 + 2·[has "good"] − [has "bad"]; categories follow the same words.
  const texts = Array.from({ length: 400 }, (_, i) => `${i % 2 ? "good" : "plain"} words ${i % 3 ? "bad" : "fine"} filler number${i % 17}`);
  const ys = Float64Array.from(texts, (t) => 1 + (t.includes("good") ? 2 : 0) - (t.includes("bad") ? 1 : 0));
  const classes = ["g", "p"];
  const labels = Int32Array.from(texts, (t) => (t.includes("good") ? 0 : 1));
  const params = ZLinearParamsSchema.parse({ bits: 16, epochs: 8 });

  it("fits a ridge regression and a multinomial logistic regression", () => {
    const m = trainLinear({ texts, scores: [ys], category: { classes, labels } }, params, 0);
    const predict = createLinearPredictor(m);
    const p = predict("good words fine filler number3");
    expect(p.scores[0]).toBeCloseTo(3, 0);
    expect(predict("plain words bad filler number5").scores[0]).toBeCloseTo(0, 0);
    expect(p.category?.label).toBe("g");
    expect(p.category?.prob).toBeGreaterThan(0.8);
    // Predictions stay within the training range.
    expect(m.scores[0].min).toBe(0);
    expect(m.scores[0].max).toBe(3);
  });

  it("is deterministic for a seed", () => {
    const a = trainLinear({ texts, scores: [ys], category: null }, params, 0);
    const b = trainLinear({ texts, scores: [ys], category: null }, params, 0);
    expect(Buffer.from(a.weights.buffer).equals(Buffer.from(b.weights.buffer))).toBe(true);
    const c = trainLinear({ texts, scores: [ys], category: null }, { ...params, seed: 1 }, 0);
    expect(Buffer.from(a.weights.buffer).equals(Buffer.from(c.weights.buffer))).toBe(false);
  });
});

describe("score classes for the fastText learner", () => {
  it("keeps up to 32 distinct values as classes", () => {
    const c = scoreClasses(Float64Array.from([3, 1, 5, 3, 2]));
    expect(c.values).toEqual([1, 2, 3, 5]);
    expect(c.classOf(5)).toBe(3);
    expect(c.classOf(4)).toBe(2); // an unseen value maps to the nearest class (ties: the lower)
  });
  it("bins many distinct values into equal-frequency bins standing for their means", () => {
    const vals = Float64Array.from({ length: 1600 }, (_, i) => i);
    const c = scoreClasses(vals);
    expect(c.values).toHaveLength(16);
    expect(c.values[0]).toBeCloseTo(49.5, 9); // mean of 0..99
    expect(c.classOf(0)).toBe(0);
    expect(c.classOf(150)).toBe(1);
    expect(c.classOf(1599)).toBe(15);
  });
});

describe("student predictor", () => {
  it("predicts every target with the kept learners, on edge-case texts too", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "winnow-student-"));
    const texts = Array.from({ length: 200 }, (_, i) => `${i % 2 ? "good" : "plain"} words ${i % 3 ? "bad" : "fine"}`);
    const score = Float64Array.from(texts, (t) => (t.includes("good") ? 4 : 2));
    const labels = Int32Array.from(texts, (t) => (t.includes("bad") ? 1 : 0));
    writeFastTextTrainFile(path.join(dir, "t.txt"), texts, [Int32Array.from(score, (v) => (v === 4 ? 1 : 0)), labels], 0);
    await trainFastTextLearner({ file: path.join(dir, "t.txt"), outFile: path.join(dir, "fasttext.bin"), params: { ...ZFastTextParamsSchema.parse({ bucket: 1000, dim: 8, epoch: 20, lr: 0.5 }), loss: "ova" }, onProgress: () => {} });
    const linear = trainLinear({ texts, scores: [score], category: { classes: ["fine", "bad"], labels } }, ZLinearParamsSchema.parse({ bits: 12 }), 0);
    const predict = createStudentPredictor(dir, {
      format: 1,
      maxChars: 0,
      targets: [
        { column: "r.score", kind: "score", output: "student.score", learner: "fasttext" },
        { column: "r.kind", kind: "category", output: "student.kind", learner: "linear" },
      ],
      fasttext: { file: "fasttext.bin", labels: [{ kind: "score", values: [2, 4] }, { kind: "category", classes: ["fine", "bad"] }] },
      linear: saveLinearModel(dir, linear),
    });
    const good = predict("good words fine");
    expect(good["student.score"] as number).toBeGreaterThan(3);
    expect(good["student.kind"]).toBe("fine");
    expect(predict("plain words bad")["student.kind"]).toBe("bad");
    for (const text of ["", " \n\t", "\u0000\ud800 😀 日本語", "x".repeat(1_000_000)]) {
      const row = predict(text);
      expect(Object.keys(row).sort()).toEqual(["student.kind", "student.kind_prob", "student.score"]);
      const s = row["student.score"] as number;
      expect(s >= 2 && s <= 4).toBe(true);
      expect(["fine", "bad"]).toContain(row["student.kind"]);
      expect(row["student.kind_prob"] as number).toBeGreaterThan(0);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
