import fs from "node:fs";
import path from "node:path";
import { loadFastTextPredictor } from "@/lib/fasttext/load-model";
import { writeFileAtomic, type TFileWriter } from "@/lib/fs/write-file-atomic";
import { createFastTextStudentPredictor, type TFastTextTargetLabels } from "@/lib/student/fasttext-learner";
import { createLinearPredictor, type TLinearModel, type TLinearScore } from "@/lib/student/linear-learner";
import type { TStudentTarget } from "@/lib/student/targets";

export type TLearner = "fasttext" | "linear";

/**
 * What a trained student is, stored as `student.json` next to its learners' files: per target the
 * learner that won on the held-out split, the fastText model (one multi-label model over all
 * targets) and the linear weights (`linear.f32`, offsets in floats).
 */
export type TStudentManifest = {
  format: 1;
  maxChars: number;
  targets: (TStudentTarget & { learner: TLearner })[];
  fasttext: { file: string; labels: TFastTextTargetLabels[] } | null;
  linear: { file: string; bits: number; scores: TLinearScore[]; classes: string[] | null } | null;
};

const floats = (out: TFileWriter, a: Float32Array) => out.write(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));

/** Writes the linear weights (all of them, then the biases) and returns their manifest entry. */
export const saveLinearModel = (dir: string, m: TLinearModel): NonNullable<TStudentManifest["linear"]> => {
  writeFileAtomic(path.join(dir, "linear.f32"), (out) => {
    floats(out, m.weights);
    floats(out, m.bias);
  });
  return { file: "linear.f32", bits: m.bits, scores: m.scores, classes: m.classes };
};

export const saveManifest = (dir: string, manifest: TStudentManifest): void => {
  writeFileAtomic(path.join(dir, "student.json"), (out) => out.write(JSON.stringify(manifest, null, 2)));
};

const loadLinear = (dir: string, l: NonNullable<TStudentManifest["linear"]>, maxChars: number): TLinearModel => {
  const buf = fs.readFileSync(path.join(dir, l.file));
  const all = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  const K = l.scores.length + (l.classes ? l.classes.length : 0);
  const n = (1 << l.bits) * K;
  if (all.length !== n + K) throw new Error(`${l.file} holds ${all.length} floats, expected ${n + K}`);
  return { bits: l.bits, maxChars, scores: l.scores, classes: l.classes, weights: all.subarray(0, n), bias: all.subarray(n) };
};

/** Predicts every target of a student for one text: `{ [output column]: value }`. */
export type TStudentPredictor = (text: string) => Record<string, number | string | null>;

/** Builds the predictor of a student from its folder, loading only the learners some target uses. */
export const createStudentPredictor = (dir: string, manifest: TStudentManifest): TStudentPredictor => {
  const needs = (l: TLearner) => manifest.targets.some((t) => t.learner === l);
  const ft = needs("fasttext") && manifest.fasttext ? createFastTextStudentPredictor(loadFastTextPredictor(path.join(dir, manifest.fasttext.file)), manifest.fasttext.labels, manifest.maxChars) : null;
  const lin = needs("linear") && manifest.linear ? createLinearPredictor(loadLinear(dir, manifest.linear, manifest.maxChars)) : null;
  // Position of each target among its learner's scores or categories.
  let si = 0;
  const plan = manifest.targets.map((t) => ({ ...t, pos: t.kind === "score" ? si++ : 0 }));
  return (text) => {
    const f = ft ? ft(text) : null;
    const l = lin ? lin(text) : null;
    const row: Record<string, number | string | null> = {};
    for (const t of plan) {
      if (t.kind === "score") row[t.output] = t.learner === "fasttext" ? (f?.scores[t.pos] ?? null) : (l?.scores[t.pos] ?? null);
      else {
        const c = t.learner === "fasttext" ? (f?.categories[0] ?? null) : (l?.category ?? null);
        row[t.output] = c?.label ?? null;
        row[`${t.output}_prob`] = c?.prob ?? null;
      }
    }
    return row;
  };
};

const MAX_CACHED = 2;
const globalForStudent = globalThis as unknown as { __winnowStudents?: Map<string, TStudentPredictor> };

/** The predictor of the student in `dir`, loaded once per process. */
export const loadStudentPredictor = (dir: string): TStudentPredictor => {
  const cache = (globalForStudent.__winnowStudents ??= new Map());
  const manifestFile = path.join(dir, "student.json");
  const key = `${dir}|${fs.statSync(manifestFile).mtimeMs}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const p = createStudentPredictor(dir, JSON.parse(fs.readFileSync(manifestFile, "utf8")) as TStudentManifest);
  cache.set(key, p);
  while (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value!);
  return p;
};
