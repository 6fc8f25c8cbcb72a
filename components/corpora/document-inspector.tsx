"use client";

import { useEffect, useState } from "react";
import { ErrorBox } from "@/components/ui/card";
import { apiError } from "@/components/ui/api";
import { RefinementView } from "@/components/refine/refinement-view";

type TDocument = { fields: Record<string, unknown>; columns: { name: string; origin: string; description?: string }[]; flaggedLines?: { line: number; rule: string }[] };

type TProps = { corpusId: string; versionId?: string; docId: string; onClose: () => void; onPrev?: () => void; onNext?: () => void };

/** Field values exactly as stored (no rounding or thousands separators). */
const rawValue = (v: unknown): string => (v === null || v === undefined ? "∅" : typeof v === "object" ? JSON.stringify(v) : String(v));

const isTyping = (t: EventTarget | null) => t instanceof HTMLElement && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName));

/** Side panel with the full text and every field of one document. Esc closes it; j and k step through the table. */
export const DocumentInspector = ({ corpusId, versionId, docId, onClose, onPrev, onNext }: TProps) => {
  const [doc, setDoc] = useState<TDocument | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [mono, setMono] = useState(false);

  useEffect(() => {
    const ctrl = new AbortController();
    const qs = versionId ? `?version=${encodeURIComponent(versionId)}` : "";
    fetch(`/api/corpora/${corpusId}/documents/${encodeURIComponent(docId)}${qs}`, { signal: ctrl.signal })
      .then(async (res) => {
        if (!res.ok) throw new Error(await apiError(res));
        setDoc((await res.json()) as TDocument);
      })
      .catch((e) => (e as Error).name !== "AbortError" && setError((e as Error).message));
    return () => ctrl.abort();
  }, [corpusId, versionId, docId]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.metaKey || e.ctrlKey || e.altKey || isTyping(e.target)) return;
      if (e.key === "Escape") onClose();
      else if (e.key === "j" && onNext) onNext();
      else if (e.key === "k" && onPrev) onPrev();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose, onPrev, onNext]);

  const text = typeof doc?.fields.text === "string" ? doc.fields.text : "";
  const flagged = new Map((doc?.flaggedLines ?? []).map((f) => [f.line, f.rule]));
  return (
    <aside className="fixed inset-y-0 right-0 z-30 flex w-full max-w-3xl flex-col border-l border-slate-200 bg-white shadow-xl" data-testid="inspector">
      <header className="flex items-center justify-between border-b border-slate-200 px-4 py-2">
        <div className="min-w-0">
          <div className="text-xs uppercase tracking-wide text-slate-500">Document</div>
          <div className="truncate font-mono text-sm" data-testid="inspector-id">
            {docId}
          </div>
        </div>
        <div className="flex items-center gap-3">
          <label className="flex items-center gap-1 text-xs text-slate-600">
            <input type="checkbox" checked={mono} onChange={(e) => setMono(e.target.checked)} /> monospace
          </label>
          <div className="flex text-xs">
            <button onClick={onPrev} disabled={!onPrev} className="rounded-l border border-slate-300 px-2 py-0.5 hover:bg-slate-100 disabled:text-slate-300" title="Previous document (k)" data-testid="inspector-prev">
              ↑ prev
            </button>
            <button onClick={onNext} disabled={!onNext} className="rounded-r border border-l-0 border-slate-300 px-2 py-0.5 hover:bg-slate-100 disabled:text-slate-300" title="Next document (j)" data-testid="inspector-next">
              ↓ next
            </button>
          </div>
          <button onClick={onClose} className="rounded px-2 py-1 text-lg leading-none hover:bg-slate-100" aria-label="Close" title="Close (Esc)" data-testid="inspector-close">
            ×
          </button>
        </div>
      </header>
      <div className="flex-1 overflow-auto p-4">
        <ErrorBox message={error} />
        {!doc && !error && <p className="text-sm text-slate-500">Loading…</p>}
        {doc && (
          <div className="space-y-4">
            <RefinementView corpusId={corpusId} versionId={versionId} docId={docId} />
            {flagged.size > 0 && (
              <p className="text-xs text-amber-800" data-testid="inspector-flagged">
                {flagged.size} line{flagged.size === 1 ? "" : "s"} highlighted: removed by a line-level rule (hover a line for the rule).
              </p>
            )}
            <div
              className={`rounded border border-slate-200 bg-slate-50 p-3 text-sm leading-relaxed whitespace-pre-wrap break-words ${mono ? "font-mono text-xs" : ""}`}
              data-testid="inspector-text"
            >
              {flagged.size === 0
                ? text
                : text.split("\n").map((line, i) => (
                    <div key={i} className={flagged.has(i) ? "bg-amber-100 line-through decoration-amber-500" : undefined} title={flagged.get(i)} data-flagged={flagged.has(i) || undefined}>
                      {line || "\u00a0"}
                    </div>
                  ))}
            </div>
            <table className="w-full text-xs" data-testid="inspector-fields">
              <tbody>
                {doc.columns
                  .filter((c) => c.name !== "text")
                  .map((c) => (
                    <tr key={c.name} className="border-t border-slate-100">
                      <td className="py-1 pr-3 font-mono text-slate-600" title={c.description}>
                        {c.name}
                      </td>
                      <td className="py-1 break-all font-mono tabular-nums">{rawValue(doc.fields[c.name])}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </aside>
  );
};
