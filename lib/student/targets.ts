import { attributeColumns, type TAttributeSetRow } from "@/lib/annotate/attribute-sets";
import { isNumericType } from "@/lib/corpora/document-filters";
import { AppError } from "@/lib/errors";

/** One column the student learns: a numeric score or a category. */
export type TStudentTarget = { column: string; kind: "score" | "category"; output: string };

/** `dataman.overall_score` → `<prefix>.overall_score`. */
const outputName = (prefix: string, column: string): string => `${prefix}.${column.includes(".") ? column.slice(column.indexOf(".") + 1) : column}`;

/** Checks the chosen columns against the attribute set and names the columns the student writes. */
export const resolveTargets = (set: TAttributeSetRow, scoreColumns: string[], categoryColumn: string | null, prefix: string): TStudentTarget[] => {
  const cols = new Map(attributeColumns(set).map((c) => [c.name, c]));
  const known = () => [...cols.keys()].join(", ");
  const targets: TStudentTarget[] = [];
  for (const name of scoreColumns) {
    const c = cols.get(name);
    if (!c) throw new AppError("UNPROCESSABLE", `Attribute set "${set.name}" has no column "${name}". Its columns: ${known()}`);
    if (!isNumericType(c.type)) throw new AppError("UNPROCESSABLE", `"${name}" is ${c.type}; a score target must be numeric`);
    targets.push({ column: name, kind: "score", output: outputName(prefix, name) });
  }
  if (categoryColumn) {
    const c = cols.get(categoryColumn);
    if (!c) throw new AppError("UNPROCESSABLE", `Attribute set "${set.name}" has no column "${categoryColumn}". Its columns: ${known()}`);
    if (c.type !== "VARCHAR" && c.type !== "BOOLEAN") throw new AppError("UNPROCESSABLE", `"${categoryColumn}" is ${c.type}; a category target must be VARCHAR or BOOLEAN`);
    targets.push({ column: categoryColumn, kind: "category", output: outputName(prefix, categoryColumn) });
  }
  if (targets.length === 0) throw new AppError("UNPROCESSABLE", "Choose at least one target column");
  const outputs = targets.flatMap((t) => (t.kind === "category" ? [t.output, `${t.output}_prob`] : [t.output]));
  const dup = outputs.find((o, i) => outputs.indexOf(o) !== i);
  if (dup) throw new AppError("UNPROCESSABLE", `Two targets would both write "${dup}"; choose columns with different names`);
  if (new Set(targets.map((t) => t.column)).size !== targets.length) throw new AppError("UNPROCESSABLE", "A column is chosen twice");
  return targets;
};

/** The columns a student writes, with descriptions. */
export const studentColumns = (targets: TStudentTarget[]) =>
  targets.flatMap((t) =>
    t.kind === "score"
      ? [{ name: t.output, type: "DOUBLE" as const, description: `Predicted ${t.column} (student model)`, better: "higher" as const }]
      : [
          { name: t.output, type: "VARCHAR" as const, description: `Predicted ${t.column} (student model)` },
          { name: `${t.output}_prob`, type: "DOUBLE" as const, description: `Probability of the predicted ${t.column}` },
        ],
  );

const MAX_DISTINCT = 32;
const BINS = 16;

/**
 * The classes the fastText learner uses for a score: its distinct values when there are at most
 * 32 (ratings 1–5), else 16 equal-frequency bins, each standing for the mean of its values.
 */
export const scoreClasses = (values: Float64Array): { values: number[]; classOf: (v: number) => number } => {
  const distinct = [...new Set(values)].sort((a, b) => a - b);
  if (distinct.length <= MAX_DISTINCT) {
    const pos = new Map(distinct.map((v, i) => [v, i]));
    return { values: distinct, classOf: (v) => pos.get(v) ?? nearest(distinct, v) };
  }
  const sorted = Float64Array.from(values).sort();
  const edges: number[] = [];
  for (let b = 1; b < BINS; b++) edges.push(sorted[Math.floor((b * sorted.length) / BINS)]);
  const uniqueEdges = [...new Set(edges)];
  const binOf = (v: number) => {
    let k = 0;
    while (k < uniqueEdges.length && v >= uniqueEdges[k]) k++;
    return k;
  };
  const sums = new Float64Array(uniqueEdges.length + 1);
  const counts = new Float64Array(uniqueEdges.length + 1);
  for (const v of values) {
    const k = binOf(v);
    sums[k] += v;
    counts[k]++;
  }
  // Keep the bins that hold values (the lowest can be empty when the first edge is the minimum).
  const remap = new Int32Array(counts.length).fill(-1);
  const means: number[] = [];
  counts.forEach((c, k) => {
    if (c > 0) {
      remap[k] = means.length;
      means.push(sums[k] / c);
    }
  });
  return { values: means, classOf: (v) => Math.max(0, remap[binOf(v)]) };
};

const nearest = (sorted: number[], v: number): number => {
  let best = 0;
  for (let i = 1; i < sorted.length; i++) if (Math.abs(sorted[i] - v) < Math.abs(sorted[best] - v)) best = i;
  return best;
};
