"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { describeFilter, type TFilter } from "@/components/corpora/filter-bar";
import { Button } from "@/components/ui/button";
import { ErrorBox } from "@/components/ui/card";
import { apiError, formatInt } from "@/components/ui/format";

type TProps = { corpusId: string; versionId?: string; filters: TFilter[]; search: string; total: number | null; onClose: () => void };

const field = "w-full rounded border border-slate-300 px-2 py-1 text-sm";

/**
 * Train a Kneser-Ney n-gram model on the documents the table shows (its filters and text search are
 * the reference set), then launch the train_ngram run.
 */
export const TrainNgramPanel = ({ corpusId, versionId, filters, search, total, onClose }: TProps) => {
  const router = useRouter();
  const [name, setName] = useState("");
  const [order, setOrder] = useState(5);
  const [heldout, setHeldout] = useState(0.1);
  const [mode, setMode] = useState<"words" | "whitespace">("words");
  const [lowercase, setLowercase] = useState(true);
  const [digits, setDigits] = useState(true);
  const [prune, setPrune] = useState("");
  const [maxDocs, setMaxDocs] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const launch = async () => {
    setBusy(true);
    setError(null);
    try {
      const body = {
        corpusId,
        versionId,
        name: name.trim() || undefined,
        filters,
        search: search || undefined,
        order,
        heldoutFraction: heldout,
        tokenizer: { mode, lowercase, digits_to_zero: digits },
        prune: prune.trim() ? prune.trim().split(/[\s,]+/).map(Number) : [],
        maxDocs: maxDocs.trim() ? Number(maxDocs) : undefined,
      };
      const res = await fetch("/api/ngram/train", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(await apiError(res));
      const { runId } = (await res.json()) as { runId: string };
      router.push(`/runs/${runId}`);
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };

  return (
    <div className="fixed inset-0 z-40 flex items-start justify-center overflow-auto bg-black/30 p-8" data-testid="train-ngram-panel">
      <div className="w-full max-w-2xl rounded-lg bg-white shadow-xl">
        <header className="flex items-center justify-between border-b border-slate-200 px-4 py-3">
          <h2 className="font-semibold">Train an n-gram language model</h2>
          <button className="text-lg" onClick={onClose} aria-label="Close">
            ×
          </button>
        </header>
        <div className="space-y-3 p-4 text-sm">
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
              <input type="number" min={1} max={10} className={field} value={order} onChange={(e) => setOrder(Number(e.target.value))} data-testid="train-ngram-order" />
            </label>
            <label>
              <span className="block text-xs text-slate-600">Held-out share</span>
              <input type="number" min={0} max={0.5} step={0.05} className={field} value={heldout} onChange={(e) => setHeldout(Number(e.target.value))} />
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
              <input className={field} value={maxDocs} onChange={(e) => setMaxDocs(e.target.value)} placeholder="all" />
            </label>
          </div>
        </div>
        <footer className="space-y-2 border-t border-slate-200 px-4 py-3">
          <ErrorBox message={error} />
          <div className="flex justify-end">
            <Button variant="primary" onClick={launch} disabled={busy || total === 0} data-testid="train-ngram-launch">
              Train
            </Button>
          </div>
        </footer>
      </div>
    </div>
  );
};
