"use client";

import { useState } from "react";
import { describeFilter, type TFilter } from "@/components/corpora/filter-bar";
import { Button } from "@/components/ui/button";
import { formatInt } from "@/components/ui/format";
import { Modal } from "@/components/ui/modal";
import { FieldErrorsNote, NumericInput, useFieldErrors } from "@/components/ui/numeric-input";
import { boundsFromZod } from "@/lib/forms/number-text";
import { ZNgramHeldoutSchema, ZNgramMaxDocsSchema, ZNgramOrderSchema } from "@/lib/ngram/train-fields";
import { useLaunchRun } from "@/components/ui/use-launch-run";

type TProps = { corpusId: string; versionId?: string; filters: TFilter[]; search: string; total: number | null; onClose: () => void };

const field = "w-full rounded border border-slate-300 px-2 py-1 text-sm";
const BOUNDS = { order: boundsFromZod(ZNgramOrderSchema), heldout: boundsFromZod(ZNgramHeldoutSchema), maxDocs: { ...boundsFromZod(ZNgramMaxDocsSchema), nullable: true } };

/**
 * Train a Kneser-Ney n-gram model on the documents the table shows (its filters and text search are
 * the reference set), then launch the train_ngram run.
 */
export const TrainNgramPanel = ({ corpusId, versionId, filters, search, total, onClose }: TProps) => {
  const [name, setName] = useState("");
  const [order, setOrder] = useState(5);
  const [heldout, setHeldout] = useState(0.1);
  const [mode, setMode] = useState<"words" | "whitespace">("words");
  const [lowercase, setLowercase] = useState(true);
  const [digits, setDigits] = useState(true);
  const [prune, setPrune] = useState("");
  const [maxDocs, setMaxDocs] = useState<number | null>(null);
  const fields = useFieldErrors();
  const { launch, busy, error } = useLaunchRun();

  const train = () =>
    launch("/api/ngram/train", {
      corpusId,
      versionId,
      name: name.trim() || undefined,
      filters,
      search: search || undefined,
      order,
      heldoutFraction: heldout,
      tokenizer: { mode, lowercase, digits_to_zero: digits },
      prune: prune.trim() ? prune.trim().split(/[\s,]+/).map(Number) : [],
      maxDocs: maxDocs ?? undefined,
    });

  return (
    <Modal
      title="Train an n-gram language model"
      onClose={onClose}
      testId="train-ngram-panel"
      width="2xl"
      error={error}
      footer={
        <div className="flex items-center justify-end gap-2">
          <FieldErrorsNote summary={fields.summary} testId="train-ngram-errors" />
          <Button variant="primary" onClick={train} disabled={busy || fields.invalid || total === 0} data-testid="train-ngram-launch">
            Train
          </Button>
        </div>
      }
    >
      <div className="space-y-3 text-sm">
        <p className="text-slate-700">
          Reference set: the <strong data-testid="train-ngram-total">{total === null ? "…" : formatInt(total)}</strong> documents the table shows
          {filters.length === 0 && !search ? " (the whole corpus)" : ""}. {Math.round(heldout * 100)}% of them (by a hash of the id) are held out to measure perplexity.
        </p>
        {(filters.length > 0 || search) && (
          <ul className="list-disc pl-5 text-xs text-slate-600">
            {filters.map((f, i) => (
              <li key={i} className="font-mono">
                {describeFilter(f)}
              </li>
            ))}
            {search && <li className="font-mono">text contains “{search}”</li>}
          </ul>
        )}
        <p className="text-xs text-slate-500">
          Interpolated modified Kneser-Ney (as KenLM&apos;s lmplz); every line of a document is a sentence. Then score any corpus with the <span className="font-mono">perplexity</span> annotator.
        </p>
        <div className="grid grid-cols-2 gap-3 md:grid-cols-3">
          <label className="col-span-2 md:col-span-3">
            <span className="block text-xs text-slate-600">Model name</span>
            <input className={field} value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. brown-learned-5gram" data-testid="train-ngram-name" />
          </label>
          <label>
            <span className="block text-xs text-slate-600">Order</span>
            <NumericInput value={order} onChange={(v) => v !== null && setOrder(v)} bounds={BOUNDS.order} onError={(e) => fields.report("order", e)} className="py-1 text-sm" testId="train-ngram-order" />
          </label>
          <label>
            <span className="block text-xs text-slate-600">Held-out share</span>
            <NumericInput value={heldout} onChange={(v) => v !== null && setHeldout(v)} bounds={BOUNDS.heldout} onError={(e) => fields.report("held-out share", e)} className="py-1 text-sm" testId="train-ngram-heldout" />
          </label>
          <label>
            <span className="block text-xs text-slate-600">Tokens</span>
            <select className={field} value={mode} onChange={(e) => setMode(e.target.value as "words" | "whitespace")}>
              <option value="words">words and punctuation</option>
              <option value="whitespace">whitespace-separated</option>
            </select>
          </label>
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={lowercase} onChange={(e) => setLowercase(e.target.checked)} /> lower-case
          </label>
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={digits} onChange={(e) => setDigits(e.target.checked)} /> digits → 0
          </label>
          <label>
            <span className="block text-xs text-slate-600">Prune (count ≤ t per order)</span>
            <input className={field} value={prune} onChange={(e) => setPrune(e.target.value)} placeholder="e.g. 0 0 1 1 1" />
          </label>
          <label>
            <span className="block text-xs text-slate-600">At most … documents</span>
            <NumericInput value={maxDocs} onChange={setMaxDocs} bounds={BOUNDS.maxDocs} onError={(e) => fields.report("max documents", e)} placeholder="all" className="py-1 text-sm" testId="train-ngram-maxdocs" />
          </label>
        </div>
      </div>
    </Modal>
  );
};
