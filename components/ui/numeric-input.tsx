"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { formatForEdit, readNumberField, type TNumberBounds } from "@/lib/forms/number-text";

type TProps = {
  /** The committed value (null: empty, for fields that may be empty). */
  value: number | null;
  /** Called with each value the text reads as that fits the bounds — never with anything else. */
  onChange: (value: number | null) => void;
  /** From the zod schema the server validates with (`boundsFromZod`, `boundsFromJsonSchema`). */
  bounds: TNumberBounds;
  /** Told the field's error (null when it is valid) whenever it changes, and null when it unmounts. */
  onError?: (error: string | null) => void;
  /** The accessible name, when no <label> wraps the input. */
  label?: string;
  placeholder?: string;
  className?: string;
  testId?: string;
  disabled?: boolean;
};

const INPUT = "w-full rounded border px-1.5 py-0.5";

/**
 * The one numeric input. It keeps the text as typed (a text field: no browser number parsing,
 * no rewriting of "0." or "3,000,000"), reads it with the studio's locale after every keystroke,
 * commits the value only when it is a number within the schema's bounds, and shows why not
 * (inline, once the field has been left, and to the form through `onError` at once).
 */
export const NumericInput = ({ value, onChange, bounds, onError, label, placeholder, className, testId, disabled }: TProps) => {
  const [text, setText] = useState(() => formatForEdit(value));
  const [touched, setTouched] = useState(false);
  // A value changed from outside (a reset, a loaded recipe) replaces the text, unless the text already reads as it.
  const [seen, setSeen] = useState(value);
  if (!Object.is(seen, value)) {
    setSeen(value);
    const r = readNumberField(text, bounds);
    if (!(r.ok && Object.is(r.value, value))) setText(formatForEdit(value));
  }
  const result = readNumberField(text, bounds);
  const error = result.ok ? null : result.error;

  const report = useRef(onError);
  useEffect(() => {
    report.current = onError;
  });
  useEffect(() => {
    report.current?.(error);
  }, [error]);
  useEffect(() => () => report.current?.(null), []);

  const edit = (next: string) => {
    setText(next);
    const r = readNumberField(next, bounds);
    if (r.ok && !Object.is(r.value, value)) onChange(r.value);
  };
  const showError = touched && error !== null;
  return (
    <span className="block">
      <input
        type="text"
        inputMode="decimal"
        autoComplete="off"
        spellCheck={false}
        className={`${INPUT} ${showError ? "border-red-500 bg-red-50" : "border-slate-300"} ${className ?? ""}`}
        value={text}
        placeholder={placeholder}
        aria-label={label}
        aria-invalid={error !== null}
        title={error ?? undefined}
        disabled={disabled}
        onChange={(e) => edit(e.target.value)}
        onBlur={() => setTouched(true)}
        data-testid={testId}
      />
      {showError && (
        <span className="mt-0.5 block text-[11px] text-red-700" role="alert" data-testid={testId ? `${testId}-error` : undefined}>
          {error}
        </span>
      )}
    </span>
  );
};

/**
 * The errors of a form's numeric fields, by field name: a form with any cannot be submitted, and
 * `summary` says which fields and why.
 */
export const useFieldErrors = () => {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const report = useCallback(
    (field: string, error: string | null) =>
      setErrors((e) => {
        if ((e[field] ?? null) === error) return e;
        const next = { ...e };
        if (error === null) delete next[field];
        else next[field] = error;
        return next;
      }),
    [],
  );
  const fields = Object.keys(errors);
  return { errors, report, invalid: fields.length > 0, summary: fields.length ? `Fix ${fields.map((f) => `${f} (${errors[f]})`).join(", ")}` : null };
};

/** The line under a form's buttons that says why it cannot be submitted. */
export const FieldErrorsNote = ({ summary, testId }: { summary: string | null; testId?: string }) =>
  summary ? (
    <p className="text-xs text-red-700" role="status" data-testid={testId ?? "form-errors"}>
      {summary}
    </p>
  ) : null;
