"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { TColumnInfo } from "@/components/corpora/use-document-pages";
import { ValuePicker } from "@/components/corpora/value-picker";

export type TFilter =
  | { op: "range"; column: string; min?: number | null; max?: number | null }
  | { op: "in"; column: string; values: (string | number | boolean)[] }
  | { op: "eq"; column: string; value: string | number | boolean }
  | { op: "contains"; column: string; value: string }
  | { op: "null"; column: string; isNull: boolean };

const NUMERIC = /^(BIGINT|INTEGER|DOUBLE|FLOAT|REAL|DECIMAL|HUGEINT|SMALLINT|TINYINT|UBIGINT|UINTEGER)/i;
const MODES = {
  num: [["range", "between"], ["empty", "is empty"], ["set", "is not empty"]],
  bool: [["true", "is true"], ["false", "is false"], ["empty", "is empty"]],
  str: [["in", "is one of"], ["contains", "contains"], ["empty", "is empty"], ["set", "is not empty"]],
} as const;

export const describeFilter = (f: TFilter): string => {
  switch (f.op) {
    case "range":
      return `${f.column} ${f.min ?? "−∞"} … ${f.max ?? "∞"}`;
    case "in":
      return `${f.column} ∈ {${f.values.join(", ")}}`;
    case "eq":
      return `${f.column} = ${String(f.value)}`;
    case "contains":
      return `${f.column} contains “${f.value}”`;
    case "null":
      return `${f.column} is ${f.isNull ? "" : "not "}empty`;
  }
};

type TProps = { corpusId: string; versionId?: string; columns: TColumnInfo[]; filters: TFilter[]; onChange: (f: TFilter[]) => void };

/** Active filters as chips, and a small form to add one on any column (one filter per column). */
export const FilterBar = ({ corpusId, versionId, columns, filters, onChange }: TProps) => {
  const choices = columns.filter((c) => c.name !== "text" && c.name !== "id");
  const [column, setColumn] = useState("");
  const [mode, setMode] = useState("");
  const [a, setA] = useState("");
  const [b, setB] = useState("");
  const [picked, setPicked] = useState<string[]>([]);
  const col = choices.find((c) => c.name === column);
  const kind = !col ? null : col.type === "BOOLEAN" ? "bool" : NUMERIC.test(col.type) ? "num" : "str";
  const m = kind ? mode || MODES[kind][0][0] : "";

  const pick = (name: string) => {
    setColumn(name);
    setMode("");
    setA("");
    setB("");
    setPicked([]);
  };

  const build = (): TFilter | null => {
    if (!col) return null;
    if (m === "empty" || m === "set") return { op: "null", column, isNull: m === "empty" };
    if (m === "true" || m === "false") return { op: "eq", column, value: m === "true" };
    if (m === "range") {
      const min = a.trim() === "" ? null : Number(a);
      const max = b.trim() === "" ? null : Number(b);
      const ok = (min === null || Number.isFinite(min)) && (max === null || Number.isFinite(max)) && (min !== null || max !== null);
      return ok ? { op: "range", column, min, max } : null;
    }
    if (m === "contains") return a.trim() ? { op: "contains", column, value: a.trim() } : null;
    const values = [...new Set([...picked, ...a.split(",").map((s) => s.trim()).filter(Boolean)])];
    return values.length ? { op: "in", column, values } : null;
  };
  const next = build();

  const add = () => {
    if (!next) return;
    onChange([...filters.filter((x) => x.column !== column), next]);
    pick("");
  };

  const input = "rounded border border-slate-300 px-1.5 py-1 text-xs";
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="filter-bar">
      {filters.map((f, i) => (
        <span key={i} className="inline-flex items-center gap-1 rounded-full bg-blue-100 px-2 py-0.5 text-xs text-blue-900" data-testid="filter-chip">
          {describeFilter(f)}
          <button className="ml-1 text-blue-700 hover:text-blue-950" aria-label="Remove filter" onClick={() => onChange(filters.filter((_, j) => j !== i))}>
            ×
          </button>
        </span>
      ))}
      {filters.length > 1 && (
        <button className="text-xs text-blue-700 hover:underline" onClick={() => onChange([])} data-testid="filter-clear">
          clear all
        </button>
      )}
      <select data-testid="filter-column" className={input} value={column} onChange={(e) => pick(e.target.value)}>
        <option value="">+ filter on…</option>
        {choices.map((c) => (
          <option key={c.name} value={c.name}>
            {c.name}
          </option>
        ))}
      </select>
      {kind && (
        <select data-testid="filter-mode" className={input} value={m} onChange={(e) => setMode(e.target.value)}>
          {MODES[kind].map(([v, label]) => (
            <option key={v} value={v}>
              {label}
            </option>
          ))}
        </select>
      )}
      {m === "range" && (
        <>
          <input data-testid="filter-min" className={`${input} w-24`} placeholder="min" value={a} onChange={(e) => setA(e.target.value)} onKeyDown={(e) => e.key === "Enter" && add()} />
          <input data-testid="filter-max" className={`${input} w-24`} placeholder="max" value={b} onChange={(e) => setB(e.target.value)} onKeyDown={(e) => e.key === "Enter" && add()} />
        </>
      )}
      {m === "in" && <ValuePicker key={column} corpusId={corpusId} versionId={versionId} column={column} selected={picked} onChange={setPicked} testId="filter-values" />}
      {(m === "in" || m === "contains") && (
        <input
          data-testid="filter-value"
          className={`${input} w-48`}
          placeholder={m === "in" ? "or type a, b, c" : "substring"}
          value={a}
          onChange={(e) => setA(e.target.value)}
          onKeyDown={(e) => e.key === "Enter" && add()}
        />
      )}
      {kind && (
        <Button onClick={add} disabled={!next} className="!px-2 !py-1 text-xs" data-testid="filter-add">
          Add
        </Button>
      )}
    </div>
  );
};
