import Link from "next/link";
import { Fact } from "@/components/runs/summary-fact";
import { formatBytes, formatInt } from "@/components/ui/format";
import type { TClassifierSummary } from "@/lib/classifiers/train-fasttext-run";

export type TClassifierSummaryView = TClassifierSummary;

export const CLASSIFIER_SUMMARY_KEYS = new Set(["modelId", "modelName", "labels", "train", "heldOut", "overlapExcluded", "cappedOut", "words", "modelBytes", "trainSeconds", "params", "annotateRunId"]);

export const isClassifierSummary = (s: Record<string, unknown>): boolean => typeof s.modelId === "string" && typeof s.heldOut === "object" && s.heldOut !== null && "rocAuc" in s.heldOut;

const fixed = (x: number | null, d = 4) => (x === null ? "—" : x.toFixed(d));

/** A trained fastText classifier: held-out ROC AUC and accuracy with the split sizes. */
export const ClassifierSummary = ({ s }: { s: TClassifierSummaryView }) => (
  <div className="space-y-2" data-testid="classifier-summary">
    <h3 className="font-semibold">
      Classifier <span className="font-mono text-xs text-slate-500">{s.modelId}</span> · {s.modelName}
    </h3>
    <div className="grid grid-cols-2 gap-2 md:grid-cols-4 xl:grid-cols-6">
      <Fact label="held-out ROC AUC" value={fixed(s.heldOut.rocAuc)} testId="classifier-auc" />
      <Fact label="held-out accuracy" value={fixed(s.heldOut.accuracy)} testId="classifier-accuracy" />
      <Fact label={`held out (${s.labels.positive} / ${s.labels.negative})`} value={`${formatInt(s.heldOut.docs)} (${formatInt(s.heldOut.positive)} / ${formatInt(s.heldOut.negative)})`} />
      <Fact label={`training (${s.labels.positive} / ${s.labels.negative})`} value={`${formatInt(s.train.docs)} (${formatInt(s.train.positive)} / ${formatInt(s.train.negative)})`} />
      <Fact label="in both sets (left out)" value={formatInt(s.overlapExcluded)} />
      <Fact label="vocabulary" value={formatInt(s.words)} />
      <Fact label="model file" value={formatBytes(s.modelBytes)} />
      <Fact label="training time" value={`${s.trainSeconds} s`} />
    </div>
    <p className="text-xs text-slate-500">
      fastText {Object.entries(s.params)
        .map(([k, v]) => `${k} ${String(v)}`)
        .join(", ")}
      .{" "}
      {s.annotateRunId && (
        <>
          Applied to every document by{" "}
          <Link className="text-blue-700 hover:underline" href={`/runs/${s.annotateRunId}`} data-testid="classifier-annotate-run">
            annotation run {s.annotateRunId}
          </Link>
          .
        </>
      )}
    </p>
  </div>
);
