"use client";

import { useState } from "react";
import { FilterBar, type TFilter } from "@/components/corpora/filter-bar";
import type { TColumnInfo } from "@/components/corpora/use-document-pages";
import { Button } from "@/components/ui/button";
import { Modal, NumberField } from "@/components/ui/modal";
import { FieldErrorsNote, useFieldErrors } from "@/components/ui/numeric-input";
import { ZFastTextParamsSchema, ZHeldOutFractionSchema } from "@/lib/fasttext/hyper-params";
import { boundsFromZod, scaleBounds } from "@/lib/forms/number-text";
import { useLaunchRun } from "@/components/ui/use-launch-run";

// DCLM's train_fasttext_classifier.py defaults, wordNgrams 2 as for the OH-2.5+ELI5 model.
const DEFAULTS = { lr: 0.1, dim: 100, ws: 5, epoch: 5, minCount: 1, wordNgrams: 2, bucket: 2_000_000 };

type TSet = { label: string; filters: TFilter[] };

const HELD_OUT_PCT = scaleBounds(boundsFromZod(ZHeldOutFractionSchema), 100);

/** Choose positive and negative documents by filters, set fastText's hyper-parameters, and train. */
export const TrainClassifierPanel = ({ corpusId, versionId, columns, onClose }: { corpusId: string; versionId?: string; columns: TColumnInfo[]; onClose: () => void }) => {
  const [name, setName] = useState("");
  const [positive, setPositive] = useState<TSet>({ label: "hq", filters: [] });
  const [negative, setNegative] = useState<TSet>({ label: "cc", filters: [] });
  const [params, setParams] = useState(DEFAULTS);
  const [heldOutPct, setHeldOutPct] = useState(20);
  const [apply, setApply] = useState(true);
  const { launch, busy, error } = useLaunchRun();
  const fields = useFieldErrors();

  const train = () =>
    launch("/api/train/fasttext", {
      corpusId,
      versionId,
      name: name.trim() || undefined,
      positive,
      negative,
      heldOutFraction: heldOutPct / 100,
      params,
      applyToCorpus: apply,
    });

  const setEditor = (title: string, set: TSet, onChange: (s: TSet) => void, testId: string) => (
    <div className="space-y-2 rounded border border-slate-200 p-2" data-testid={testId}>
      <div className="flex items-center gap-2 text-sm">
        <span className="font-medium">{title}</span>
        <label className="text-xs text-slate-600">
          label{" "}
          <input className="w-24 rounded border border-slate-300 px-1.5 py-0.5 font-mono" value={set.label} onChange={(e) => onChange({ ...set, label: e.target.value })} data-testid={`${testId}-label`} />
        </label>
      </div>
      <FilterBar corpusId={corpusId} versionId={versionId} columns={columns} filters={set.filters} onChange={(filters) => onChange({ ...set, filters: filters as TFilter[] })} />
    </div>
  );

  const ready = positive.filters.length > 0 && negative.filters.length > 0 && !fields.invalid;
  return (
    <Modal
      title="Train a fastText classifier"
      onClose={onClose}
      testId="train-classifier-panel"
      error={error}
      footer={
        <div className="flex items-center justify-between gap-2">
          <FieldErrorsNote summary={fields.summary} testId="classifier-errors" />
          <label className="flex items-center gap-1 text-sm">
            <input type="checkbox" checked={apply} onChange={(e) => setApply(e.target.checked)} data-testid="classifier-apply" />
            apply to every document when trained
          </label>
          <Button variant="primary" onClick={train} disabled={busy || !ready} data-testid="classifier-launch">
            Train
          </Button>
        </div>
      }
    >
      <label className="block text-sm">
        <span className="text-slate-600">Name</span>
        <input className="ml-2 w-72 rounded border border-slate-300 px-1.5 py-0.5" placeholder={`${positive.label} vs ${negative.label}`} value={name} onChange={(e) => setName(e.target.value)} data-testid="classifier-name" />
      </label>
      <p className="text-xs text-slate-500">
        Each set is the documents matching all its filters (any document or annotation column). Documents in both sets are left out. A held-out share, chosen by md5(id, seed), measures
        ROC AUC and accuracy; the model never sees its labels.
      </p>
      {setEditor("Positive documents", positive, setPositive, "positive-set")}
      {setEditor("Negative documents", negative, setNegative, "negative-set")}
      <div className="grid grid-cols-4 gap-2">
        <NumberField label="held out %" value={heldOutPct} onChange={setHeldOutPct} bounds={HELD_OUT_PCT} onError={(e) => fields.report("held out %", e)} testId="classifier-heldout" />
        {(Object.keys(DEFAULTS) as (keyof typeof DEFAULTS)[]).map((k) => (
          <NumberField
            key={k}
            label={k}
            value={params[k]}
            onChange={(v) => setParams((p) => ({ ...p, [k]: v }))}
            bounds={boundsFromZod(ZFastTextParamsSchema.shape[k])}
            onError={(e) => fields.report(k, e)}
            testId={`classifier-${k}`}
          />
        ))}
      </div>
      <p className="text-xs text-slate-500">
        Defaults are DCLM&apos;s (lr 0.1, dim 100, ws 5, epoch 5, minCount 1, wordNgrams 2). On a few thousand documents more epochs help; the model file holds bucket × dim floats (2M ×
        100 ≈ 800 MB).
      </p>
    </Modal>
  );
};
