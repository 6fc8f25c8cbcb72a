"use client";

import type { ReactNode } from "react";
import { apiError } from "@/components/ui/format";

/** A centred dialog over the page with a title bar, a scrolling body and a footer. */
export const Modal = ({ title, onClose, children, footer, testId }: { title: string; onClose: () => void; children: ReactNode; footer: ReactNode; testId?: string }) => (
  <div className="fixed inset-0 z-40 flex items-start justify-center overflow-auto bg-black/30 p-8" data-testid={testId}>
    <div className="w-full max-w-3xl rounded-lg bg-white shadow-xl">
      <header className="flex items-center justify-between border-b border-slate-200 px-4 py-3">
        <h2 className="font-semibold">{title}</h2>
        <button className="text-lg" onClick={onClose} aria-label="Close">
          ×
        </button>
      </header>
      <div className="max-h-[65vh] space-y-4 overflow-auto p-4">{children}</div>
      <footer className="space-y-2 border-t border-slate-200 px-4 py-3">{footer}</footer>
    </div>
  </div>
);

/** A labelled number input for hyper-parameters. */
export const NumberField = ({ label, value, onChange, step, testId }: { label: string; value: number; onChange: (v: number) => void; step?: number; testId?: string }) => (
  <label className="text-xs">
    <span className="block font-mono text-slate-600">{label}</span>
    <input
      type="number"
      step={step ?? "any"}
      className="w-full rounded border border-slate-300 px-1.5 py-0.5"
      value={Number.isFinite(value) ? value : ""}
      onChange={(e) => onChange(e.target.value === "" ? NaN : Number(e.target.value))}
      data-testid={testId}
    />
  </label>
);

export const postJson = async <T,>(url: string, body: unknown): Promise<T> => {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(await apiError(res));
  return (await res.json()) as T;
};
