"use client";

import { getCoreRowModel, useReactTable, type ColumnDef } from "@tanstack/react-table";
import { useEffect, useMemo, useRef } from "react";
import { formatValue } from "@/components/corpora/format-value";
import type { TDocRow } from "@/components/corpora/use-document-pages";
import { useScaledVirtualizer } from "@/components/corpora/use-scaled-virtualizer";

const ROW_HEIGHT = 34;
const HEADER_HEIGHT = 29;

type TProps = {
  /** Matching rows; null until the first page arrives. */
  total: number | null;
  columns: string[];
  rowAt: (i: number) => TDocRow | undefined;
  ensureRows: (start: number, end: number) => void;
  sort: { column: string; dir: "asc" | "desc" } | null;
  onSort: (column: string) => void;
  onOpen: (id: string) => void;
  selectedId: string | null;
  stale: boolean;
  /** Changes when the rows mean something else (sort, filters, search): scrolls back to the top. */
  resetKey: string;
};

const widthOf = (name: string) => (name === "preview" ? 520 : name === "id" ? 200 : name === "source" ? 130 : 140);

/** A virtualised table over `total` rows; only the visible rows are rendered and fetched. */
export const DocumentsTable = ({ total, columns, rowAt, ensureRows, sort, onSort, onOpen, selectedId, stale, resetKey }: TProps) => {
  const scroller = useRef<HTMLDivElement>(null);
  const defs = useMemo<ColumnDef<TDocRow>[]>(() => columns.map((name) => ({ id: name, header: name, size: widthOf(name) })), [columns]);
  // The table model only holds column definitions and sizes: rows are fetched page by page.
  // eslint-disable-next-line react-hooks/incompatible-library -- its functions are called during render only
  const table = useReactTable({ data: [], columns: defs, getCoreRowModel: getCoreRowModel() });
  const leafs = table.getVisibleLeafColumns();
  const width = leafs.reduce((a, c) => a + c.getSize(), 0);

  const { virtualizer, height, topOf, onScroll } = useScaledVirtualizer({ count: total ?? 0, rowHeight: ROW_HEIGHT, scroller, headerPx: HEADER_HEIGHT });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (total) ensureRows(first, Math.min(last, total - 1));
  }, [first, last, total, ensureRows]);

  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
  }, [resetKey]);

  return (
    <div
      ref={scroller}
      onScroll={onScroll}
      className={`h-[60vh] overflow-auto rounded border border-slate-200 bg-white text-sm ${stale ? "opacity-60" : ""}`}
      data-testid="documents-table"
      aria-busy={stale}
    >
      <div style={{ width, height: HEADER_HEIGHT }} className="sticky top-0 z-10 flex border-b border-slate-200 bg-slate-100 text-xs font-semibold text-slate-600">
        {leafs.map((c) => (
          <button
            key={c.id}
            style={{ width: c.getSize() }}
            className={`shrink-0 truncate px-2 text-left ${c.id === "preview" ? "cursor-default" : "hover:bg-slate-200"}`}
            onClick={() => c.id !== "preview" && onSort(c.id)}
            title={c.id === "preview" ? "Text (first characters)" : `Sort by ${c.id}`}
            data-testid={`column-header-${c.id}`}
            aria-sort={sort?.column === c.id ? (sort.dir === "asc" ? "ascending" : "descending") : undefined}
          >
            {c.id === "preview" ? "text" : c.id}
            {sort?.column === c.id ? (sort.dir === "asc" ? " ▲" : " ▼") : ""}
          </button>
        ))}
      </div>
      {total === 0 && !stale && <p className="px-3 py-6 text-center text-sm text-slate-500">No documents match.</p>}
      <div style={{ height, width, position: "relative" }}>
        {items.map((item) => {
          const row = rowAt(item.index);
          return (
            <div
              key={item.key}
              data-testid={row ? "document-row" : "document-row-loading"}
              data-doc-id={row?.id}
              data-index={item.index}
              onClick={() => row && onOpen(row.id)}
              className={`absolute left-0 flex cursor-pointer border-b border-slate-100 hover:bg-blue-50 ${row && row.id === selectedId ? "bg-blue-100" : ""}`}
              style={{ top: topOf(item.start), height: ROW_HEIGHT, width }}
            >
              {leafs.map((c) => (
                <div key={c.id} style={{ width: c.getSize() }} className={`shrink-0 truncate px-2 py-1.5 ${c.id === "preview" ? "text-slate-700" : "tabular-nums"}`}>
                  {row ? formatCell(row[c.id]) : <span className="inline-block h-3 w-16 animate-pulse rounded bg-slate-200" />}
                </div>
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
};

const formatCell = (v: unknown) => (typeof v === "string" ? v.replace(/\s+/g, " ") : formatValue(v));
