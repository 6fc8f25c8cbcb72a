"use client";

import type { ReactNode } from "react";
import { ErrorBox } from "@/components/ui/card";

const WIDTHS = { "2xl": "max-w-2xl", "3xl": "max-w-3xl" } as const;

type TModalProps = {
  title: string;
  /** A line under the title. */
  subtitle?: string;
  onClose: () => void;
  children: ReactNode;
  /** Shown at the top of the footer. */
  error?: string | null;
  footer: ReactNode;
  testId?: string;
  /** The dialog's largest width (Tailwind `max-w-*`); 3xl unless told. */
  width?: keyof typeof WIDTHS;
};

/** A centred dialog over the page with a title bar, a scrolling body and a footer. */
export const Modal = ({ title, subtitle, onClose, children, error = null, footer, testId, width = "3xl" }: TModalProps) => (
  <div className="fixed inset-0 z-40 flex items-start justify-center overflow-auto bg-black/30 p-8" data-testid={testId}>
    <div className={`w-full ${WIDTHS[width]} rounded-lg bg-white shadow-xl`}>
      <header className="flex items-center justify-between border-b border-slate-200 px-4 py-3">
        <div>
          <h2 className="font-semibold">{title}</h2>
          {subtitle && <p className="text-xs text-slate-500">{subtitle}</p>}
        </div>
        <button className="text-lg" onClick={onClose} aria-label="Close">
          ×
        </button>
      </header>
      <div className="max-h-[65vh] space-y-4 overflow-auto p-4">{children}</div>
      <footer className="space-y-2 border-t border-slate-200 px-4 py-3">
        <ErrorBox message={error} />
        {footer}
      </footer>
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
