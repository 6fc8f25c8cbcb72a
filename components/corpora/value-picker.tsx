"use client";

import { useEffect, useState } from "react";
import { apiError } from "@/components/ui/api";
import { formatInt } from "@/components/ui/format";
import { useOutsideClick } from "@/components/corpora/use-outside-click";

type TValue = { value: string | null; docs: number };
type TProps = { corpusId: string; versionId?: string; column: string; selected: string[]; onChange: (values: string[]) => void; label?: string; testId?: string };

/** A dropdown of a column's most frequent values (with document counts) to tick one or more. */
export const ValuePicker = ({ corpusId, versionId, column, selected, onChange, label, testId = "value-picker" }: TProps) => {
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState<TValue[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const ref = useOutsideClick<HTMLDivElement>(open, () => setOpen(false));

  useEffect(() => {
    if (!open || values) return;
    const ctrl = new AbortController();
    const qs = new URLSearchParams({ column, ...(versionId ? { version: versionId } : {}) });
    fetch(`/api/corpora/${corpusId}/values?${qs}`, { signal: ctrl.signal })
      .then(async (res) => {
        if (!res.ok) throw new Error(await apiError(res));
        setValues(((await res.json()) as { values: TValue[] }).values);
      })
      .catch((e) => (e as Error).name !== "AbortError" && setError((e as Error).message));
    return () => ctrl.abort();
  }, [open, values, corpusId, versionId, column]);

  const toggle = (v: string) => onChange(selected.includes(v) ? selected.filter((x) => x !== v) : [...selected, v]);
  const summary = selected.length === 0 ? "any" : selected.length <= 2 ? selected.join(", ") : `${selected.length} values`;
  return (
    <div className="relative" ref={ref}>
      <button className="max-w-64 truncate rounded border border-slate-300 bg-white px-2 py-1 text-xs hover:bg-slate-100" onClick={() => setOpen(!open)} data-testid={testId}>
        {label ? `${label}: ` : ""}
        {summary} ▾
      </button>
      {open && (
        <div className="absolute left-0 z-20 mt-1 max-h-80 w-72 overflow-auto rounded border border-slate-200 bg-white p-2 shadow-lg" data-testid={`${testId}-menu`}>
          {error && <p className="text-xs text-red-700">{error}</p>}
          {!values && !error && <p className="text-xs text-slate-500">Loading values…</p>}
          {values && selected.length > 0 && (
            <button className="mb-1 text-xs text-blue-700 hover:underline" onClick={() => onChange([])}>
              clear
            </button>
          )}
          {values?.map((v) =>
            v.value === null ? null : (
              <label key={v.value} className="flex items-center gap-2 py-0.5 text-xs">
                <input type="checkbox" checked={selected.includes(v.value)} onChange={() => toggle(v.value!)} data-testid={`${testId}-option`} />
                <span className="truncate">{v.value || "(empty)"}</span>
                <span className="ml-auto shrink-0 tabular-nums text-slate-400">{formatInt(v.docs)}</span>
              </label>
            ),
          )}
          {values?.length === 50 && <p className="mt-1 text-[11px] text-slate-400">The 50 most frequent values; type others in the filter box.</p>}
        </div>
      )}
    </div>
  );
};
