"use client";

import type { ReactNode } from "react";
import { ErrorBox } from "@/components/ui/card";
import { NumericInput } from "@/components/ui/numeric-input";
import type { TNumberBounds } from "@/lib/forms/number-text";

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

/** A labelled numeric input for hyper-parameters (a NumericInput: bounds from the server's schema). */
export const NumberField = ({
  label,
  value,
  onChange,
  bounds,
  onError,
  testId,
}: {
  label: string;
  value: number;
  onChange: (v: number) => void;
  bounds: TNumberBounds;
  onError?: (error: string | null) => void;
  testId?: string;
}) => (
  <label className="text-xs">
    <span className="block font-mono text-slate-600">{label}</span>
    <NumericInput value={value} onChange={(v) => v !== null && onChange(v)} bounds={{ ...bounds, nullable: false }} onError={onError} testId={testId} />
  </label>
);
