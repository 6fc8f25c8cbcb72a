"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { TColumnInfo } from "@/components/corpora/use-document-pages";

export type TFilter =
  | { op: "range"; column: string; min?: number | null; max?: number | null }
  | { op: "in"; column: string; values: (string | number | boolean)[] }
  | { op: "eq"; column: string; value: string | number | boolean }
  | { op: "contains"; column: string; value: string }
  | { op: "null"; column: string; isNull: boolean };

const NUMERIC = /^(BIGINT|INTEGER|DOUBLE|FLOAT|REAL|DECIMAL|HUGEINT|SMALLINT|TINYINT|UBIGINT)/i;

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

/** Active filters as chips, and a small form to add one on any column. */
export const FilterBar = ({ columns, filters, onChange }: { columns: TColumnInfo[]; filters: TFilter[]; onChange: (f: TFilter[]) => void }) => {
  const choices = columns.filter((c) => c.name !== "text" && c.name !== "id");
  const [column, setColumn] = useState("");
  const [a, setA] = useState("");
  const [b, setB] = useState("");
  const col = choices.find((c) => c.name === column);
  const kind = !col ? null : col.type === "BOOLEAN" ? "bool" : NUMERIC.test(col.type) ? "num" : "str";

  const add = () => {
    if (!col) return;
    let f: TFilter | null = null;
    if (kind === "num") {
      const min = a.trim() === "" ? null : Number(a);
      const max = b.trim() === "" ? null : Number(b);
      if ((min === null || Number.isFinite(min)) && (max === null || Number.isFinite(max)) && (min !== null || max !== null)) f = { op: "range", column, min, max };
    } else if (kind === "bool") f = { op: "eq", column, value: a !== "false" };
    else if (a.trim()) {
      const values = a.split(",").map((s) => s.trim()).filter(Boolean);
      f = b === "contains" ? { op: "contains", column, value: a.trim() } : { op: "in", column, values };
    }
    if (!f) return;
    onChange([...filters.filter((x) => x.column !== column), f]);
    setA("");
    setB("");
  };

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
      <select data-testid="filter-column" className="rounded border border-slate-300 px-1.5 py-1 text-xs" value={column} onChange={(e) => setColumn(e.target.value)}>
        <option value="">+ filter on…</option>
        {choices.map((c) => (
          <option key={c.name} value={c.name}>
            {c.name}
          </option>
        ))}
      </select>
      {kind === "num" && (
        <>
          <input data-testid="filter-min" className="w-24 rounded border border-slate-300 px-1.5 py-1 text-xs" placeholder="min" value={a} onChange={(e) => setA(e.target.value)} />
          <input data-testid="filter-max" className="w-24 rounded border border-slate-300 px-1.5 py-1 text-xs" placeholder="max" value={b} onChange={(e) => setB(e.target.value)} />
        </>
      )}
      {kind === "bool" && (
        <select data-testid="filter-bool" className="rounded border border-slate-300 px-1.5 py-1 text-xs" value={a || "true"} onChange={(e) => setA(e.target.value)}>
          <option value="true">true</option>
          <option value="false">false</option>
        </select>
      )}
      {kind === "str" && (
        <>
          <select className="rounded border border-slate-300 px-1.5 py-1 text-xs" value={b || "in"} onChange={(e) => setB(e.target.value)}>
            <option value="in">is one of</option>
            <option value="contains">contains</option>
          </select>
          <input data-testid="filter-value" className="w-48 rounded border border-slate-300 px-1.5 py-1 text-xs" placeholder="value, or a,b,c" value={a} onChange={(e) => setA(e.target.value)} onKeyDown={(e) => e.key === "Enter" && add()} />
        </>
      )}
      {kind && (
        <Button onClick={add} className="!px-2 !py-1 text-xs" data-testid="filter-add">
          Add
        </Button>
      )}
    </div>
  );
};
