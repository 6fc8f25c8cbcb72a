"use client";

import { IfRole } from "@/components/auth/role-context";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, ErrorBox } from "@/components/ui/card";
import { apiError } from "@/components/ui/api";
import { FieldErrorsNote, NumericInput, useFieldErrors } from "@/components/ui/numeric-input";
import { boundsFromZod } from "@/lib/forms/number-text";
import type { TBuilderData } from "@/lib/recipes/builder-data";
import type { TRebaseOption } from "@/lib/recipes/pinning";
import { dropColumns, recipeColumns } from "@/lib/recipes/recipe-columns";
import { ZRecipeSchema } from "@/lib/recipes/schema";
import { MixEditor } from "@/components/recipes/mix-editor";
import { PreviewPanel } from "@/components/recipes/preview-panel";
import { RangeFilter } from "@/components/recipes/range-filter";
import { NUMERIC, type TCol, type TDraft, type THist, type TPreview } from "@/components/recipes/types";

type TVersion = { version: number; note: string; createdAt: number; recipe: TDraft };
type TFilter = { op: string; column: string; min?: number | null; max?: number | null; value?: unknown; values?: unknown[] };

const METHODS = [
  ["top_k", "Top-k by score"],
  ["uniform", "Uniform"],
  ["temperature", "Temperature (∝ exp(score/τ))"],
  ["gumbel_top_k", "Gumbel top-k (PDS)"],
  ["dataman", "DataMan: top-k per source, by token share"],
] as const;

/** Bounds of the builder's typed numbers, from the schema the server validates recipes with. */
const BOUNDS = {
  temperature: boundsFromZod(ZRecipeSchema.shape.sampling.unwrap().shape.temperature),
  seed: boundsFromZod(ZRecipeSchema.shape.seed),
  budget: boundsFromZod(ZRecipeSchema.shape.budget.unwrap().shape.value),
};

/** The recipe builder: filters, score, sampling, mix, budget on the left; the live preview on the right. */
export const RecipeBuilder = ({ recipeId, versions, initial, data, rebase }: { recipeId: string | null; versions: TVersion[]; initial: TDraft; data: TBuilderData; rebase: TRebaseOption[] }) => {
  const router = useRouter();
  const [draft, setDraft] = useState<TDraft>(initial);
  // The corpus version the draft reads, with its columns and histograms (switching versions loads them).
  const [on, setOn] = useState<{ versionId: string; version: number; columns: TCol[]; histograms: THist[] }>({ versionId: data.versionId, version: data.version, columns: data.columns, histograms: data.histograms });
  const [switching, setSwitching] = useState(false);
  const { columns, histograms } = on;
  const missing = recipeColumns(draft).filter((c) => !columns.some((x) => x.name === c));
  /** Reads another version: its columns load, the draft names it, and what reads `drop` is removed (a rebase). */
  const switchVersion = async (versionId: string, drop: string[] = []) => {
    setSwitching(true);
    try {
      const res = await fetch(`/api/corpora/${draft.corpusId}?version=${encodeURIComponent(versionId)}`);
      if (!res.ok) throw new Error(await apiError(res));
      const o = (await res.json()) as { version: { id: string; version: number }; columns: TCol[]; histograms: THist[] };
      setOn({ versionId: o.version.id, version: o.version.version, columns: o.columns, histograms: o.histograms });
      setDraft((d) => ({ ...dropColumns(d, drop), versionId: o.version.id, attributeSetIds: undefined }));
      setMessage(drop.length ? `Rebased onto v${o.version.version}; removed what read ${drop.join(", ")}` : null);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setSwitching(false);
    }
  };
  const [preview, setPreview] = useState<TPreview | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const fields = useFieldErrors();
  const numeric = columns.filter((c) => NUMERIC.test(c.type) || c.type === "BOOLEAN");
  const boolCols = columns.filter((c) => c.type === "BOOLEAN");
  const categorical = columns.filter((c) => c.type === "VARCHAR" && !["id", "text"].includes(c.name));
  const histOf = (name: string) => histograms.find((h) => h.column === name);
  const filters = (draft.filters ?? []) as TFilter[];
  const set = (patch: Partial<TDraft>) => setDraft((d) => ({ ...d, ...patch }));

  // Live preview: debounced, the previous request cancelled.
  const body = useMemo(() => JSON.stringify({ recipe: draft }), [draft]);
  useEffect(() => {
    const ctrl = new AbortController();
    const t = setTimeout(async () => {
      setLoading(true);
      try {
        const res = await fetch("/api/recipes/preview", { method: "POST", headers: { "content-type": "application/json" }, body, signal: ctrl.signal });
        if (!res.ok) throw new Error(await apiError(res));
        setPreview((await res.json()) as TPreview);
        setError(null);
      } catch (e) {
        if ((e as Error).name !== "AbortError") setError((e as Error).message);
      } finally {
        if (!ctrl.signal.aborted) setLoading(false);
      }
    }, 250);
    return () => {
      clearTimeout(t);
      ctrl.abort();
    };
  }, [body]);

  const save = async () => {
    setError(null);
    const res = await fetch(recipeId ? `/api/recipes/${recipeId}` : "/api/recipes", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ recipe: draft }) });
    if (!res.ok) return setError(await apiError(res));
    const saved = (await res.json()) as { recipeId: string; version: number };
    setMessage(`Saved version ${saved.version}`);
    router.push(`/recipes/${saved.recipeId}?v=${saved.version}`);
    router.refresh();
  };
  const duplicate = async () => {
    if (!recipeId) return;
    const res = await fetch(`/api/recipes/${recipeId}/duplicate`, { method: "POST" });
    if (!res.ok) return setError(await apiError(res));
    router.push(`/recipes/${((await res.json()) as { recipeId: string }).recipeId}`);
  };
  const exportNow = async () => {
    const res = await fetch("/api/exports", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(recipeId ? { recipeId, version: versions[0]?.version } : { recipe: draft }) });
    if (!res.ok) return setError(await apiError(res));
    router.push(`/runs/${((await res.json()) as { runId: string }).runId}`);
  };
  const setFilter = (column: string, f: TFilter | null) => set({ filters: [...filters.filter((x) => x.column !== column), ...(f ? [f] : [])] as TDraft["filters"] });
  const terms = draft.score?.terms ?? [];
  const weightOf = (c: string) => terms.find((t) => t.column === c)?.weight ?? 0;
  const setWeight = (c: string, w: number) => set({ score: { terms: [...terms.filter((t) => t.column !== c), ...(w !== 0 ? [{ column: c, weight: w, normalize: "zscore" as const }] : [])] } });
  const dirty = JSON.stringify(draft) !== JSON.stringify(versions[0]?.recipe ?? null);

  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(380px,2fr)_3fr]">
      <div className="space-y-3">
        <Card title="Recipe">
          <input className="w-full rounded border border-slate-300 px-2 py-1 text-sm" value={draft.name ?? ""} onChange={(e) => set({ name: e.target.value })} data-testid="recipe-name" />
          <IfRole role="curator">
            <div className="mt-2 flex flex-wrap gap-2">
              <Button variant="primary" onClick={save} disabled={fields.invalid || (!dirty && Boolean(recipeId))} data-testid="recipe-save">
                {recipeId ? "Save new version" : "Save"}
              </Button>
              {recipeId && <Button onClick={duplicate}>Duplicate</Button>}
              <Button onClick={exportNow} disabled={fields.invalid || (Boolean(recipeId) && dirty)} title={dirty && recipeId ? "Save first" : ""} data-testid="recipe-export">
                Export
              </Button>
            </div>
            <FieldErrorsNote summary={fields.summary} testId="recipe-errors" />
          </IfRole>
          <label className="mt-2 flex items-center gap-2 text-xs">
            Corpus version
            <select
              className="rounded border border-slate-300 px-1 py-0.5"
              value={on.versionId}
              disabled={switching}
              onChange={(e) => void switchVersion(e.target.value)}
              data-testid="recipe-version"
            >
              {data.versions.map((v) => (
                <option key={v.id} value={v.id}>
                  v{v.version}
                  {v.current ? " (current)" : ""} · {v.nDocs.toLocaleString("en-US")} docs
                </option>
              ))}
            </select>
          </label>
          {missing.length > 0 && (
            <p className="mt-1 text-xs text-amber-700" data-testid="recipe-missing-columns">
              Not on v{on.version}: {missing.join(", ")}. Choose the version these columns are on, or remove what reads them.
            </p>
          )}
          {recipeId &&
            on.versionId === initial.versionId &&
            rebase.map((r) => (
              <div key={r.versionId} className="mt-2 rounded border border-amber-300 bg-amber-50 p-2 text-xs" data-testid="recipe-rebase">
                <p>
                  This recipe reads v{on.version}; v{r.version} is newer.{" "}
                  {r.missingColumns.length > 0 ? (
                    <>
                      Missing on v{r.version}: <span className="font-mono" data-testid="recipe-rebase-missing">{r.missingColumns.join(", ")}</span> (their filters and weights would be removed).
                    </>
                  ) : (
                    "Every column it reads is there."
                  )}
                </p>
                <Button className="mt-1" onClick={() => void switchVersion(r.versionId, r.missingColumns)} disabled={switching} data-testid={`recipe-rebase-v${r.version}`}>
                  Rebase onto v{r.version}
                </Button>
              </div>
            ))}
          {message && <p className="mt-1 text-xs text-emerald-700">{message}</p>}
          {versions.length > 0 && (
            <div className="mt-2 flex flex-wrap gap-1 text-xs">
              {versions.map((v) => (
                <Link key={v.version} href={`/recipes/${recipeId}?v=${v.version}`} className="rounded bg-slate-100 px-1.5 py-0.5 hover:bg-slate-200">
                  v{v.version}
                </Link>
              ))}
              {versions.length > 1 && (
                <Link href={`/recipes/${recipeId}?diff=${versions[1].version}`} className="text-blue-700 hover:underline">
                  diff v{versions[1].version} → v{versions[0].version}
                </Link>
              )}
            </div>
          )}
        </Card>
        <Card title="Filters">
          <div className="space-y-2">
            {filters
              .filter((f) => f.op === "range")
              .map((f) => {
                const h = histOf(f.column);
                return h ? <RangeFilter key={f.column} hist={h} min={f.min ?? null} max={f.max ?? null} onChange={(min, max) => setFilter(f.column, { op: "range", column: f.column, min, max })} onRemove={() => setFilter(f.column, null)} /> : null;
              })}
            {boolCols.map((c) => {
              const f = filters.find((x) => x.column === c.name);
              return (
                <label key={c.name} className="flex items-center gap-2 text-xs">
                  <select className="rounded border border-slate-300 px-1 py-0.5" value={f ? String(f.value) : ""} onChange={(e) => setFilter(c.name, e.target.value === "" ? null : { op: "eq", column: c.name, value: e.target.value === "true" })} data-testid={`bool-filter-${c.name}`}>
                    <option value="">any</option>
                    <option value="true">true</option>
                    <option value="false">false</option>
                  </select>
                  <span className="font-mono">{c.name}</span>
                </label>
              );
            })}
            <select className="rounded border border-slate-300 px-1.5 py-1 text-xs" value="" onChange={(e) => e.target.value && setFilter(e.target.value, { op: "range", column: e.target.value, min: null, max: null })} data-testid="add-range-filter">
              <option value="">+ range filter on…</option>
              {histograms.filter((h) => !filters.some((f) => f.column === h.column)).map((h) => (
                <option key={h.column}>{h.column}</option>
              ))}
            </select>
          </div>
        </Card>
        <Card title="Quality score (weights on z-scored columns)">
          <div className="max-h-48 space-y-1 overflow-auto">
            {numeric.map((c) => (
              <div key={c.name} className="flex items-center gap-2 text-xs">
                <span className="w-56 truncate font-mono" title={c.name}>
                  {c.name}
                </span>
                <input type="range" min={-2} max={2} step={0.1} className="flex-1" value={weightOf(c.name)} onChange={(e) => setWeight(c.name, Number(e.target.value))} data-testid={`weight-${c.name}`} />
                <span className="w-8 text-right tabular-nums">{weightOf(c.name).toFixed(1)}</span>
              </div>
            ))}
          </div>
        </Card>
        <Card title="Sampling, budget, repetition">
          <div className="grid grid-cols-2 gap-2 text-xs">
            <label className="col-span-2">
              Method
              <select className="w-full rounded border border-slate-300 px-1 py-1" value={draft.sampling?.method ?? "top_k"} onChange={(e) => set({ sampling: { ...draft.sampling, method: e.target.value as never } })} data-testid="sampling-method">
                {METHODS.map(([v, l]) => (
                  <option key={v} value={v}>
                    {l}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Temperature τ
              <NumericInput
                value={draft.sampling?.temperature ?? 1}
                onChange={(v) => setDraft((d) => ({ ...d, sampling: { ...d.sampling, temperature: v ?? undefined } }))}
                bounds={BOUNDS.temperature}
                onError={(e) => fields.report("temperature", e)}
                testId="sampling-temperature"
              />
            </label>
            <label>
              Seed
              <NumericInput value={draft.seed ?? 0} onChange={(v) => setDraft((d) => ({ ...d, seed: v ?? undefined }))} bounds={BOUNDS.seed} onError={(e) => fields.report("seed", e)} testId="recipe-seed" />
            </label>
            <label>
              Budget unit
              <select className="w-full rounded border border-slate-300 px-1 py-1" value={draft.budget?.unit ?? "tokens"} onChange={(e) => set({ budget: { ...draft.budget, unit: e.target.value as "tokens" | "docs" } })}>
                <option value="tokens">tokens</option>
                <option value="docs">documents</option>
              </select>
            </label>
            <label>
              Budget (empty: all)
              <NumericInput
                value={draft.budget?.value ?? null}
                onChange={(v) => setDraft((d) => ({ ...d, budget: { ...d.budget, value: v } }))}
                bounds={BOUNDS.budget}
                onError={(e) => fields.report("budget", e)}
                placeholder="all"
                testId="budget-value"
              />
            </label>
            <label className="col-span-2">
              Max epochs per document: {draft.maxEpochs ?? 1}
              <input type="range" min={1} max={16} step={1} className="w-full" value={draft.maxEpochs ?? 1} onChange={(e) => set({ maxEpochs: Number(e.target.value) })} data-testid="max-epochs" />
            </label>
            <label className="col-span-2">
              Output
              <select className="w-full rounded border border-slate-300 px-1 py-1" value={draft.output?.format ?? "jsonl.zst"} onChange={(e) => set({ output: { ...draft.output, format: e.target.value as never } })}>
                <option value="jsonl.zst">JSON lines, zstd</option>
                <option value="jsonl.gz">JSON lines, gzip</option>
                <option value="parquet">Parquet</option>
              </select>
            </label>
          </div>
        </Card>
        <Card title="Mix">
          <select
            className="mb-2 rounded border border-slate-300 px-1.5 py-1 text-xs"
            value={draft.mix?.column ?? ""}
            onChange={(e) => set({ mix: e.target.value ? { column: e.target.value, targets: {} } : null })}
            data-testid="mix-column"
          >
            <option value="">no mix (one pool)</option>
            {categorical.map((c) => (
              <option key={c.name}>{c.name}</option>
            ))}
          </select>
          {draft.mix && <MixEditor corpusId={draft.corpusId} versionId={on.versionId} column={draft.mix.column} targets={draft.mix.targets} onChange={(targets) => set({ mix: { column: draft.mix!.column, targets } })} />}
        </Card>
      </div>
      <div className="space-y-3">
        <ErrorBox message={error} />
        <Card title="Preview">
          <PreviewPanel corpusId={draft.corpusId} preview={preview} loading={loading} />
        </Card>
      </div>
    </div>
  );
};
