"use client";

import { IfRole } from "@/components/auth/role-context";
import { useEffect, useMemo, useState } from "react";
import { ErrorBox } from "@/components/ui/card";
import { formatInt } from "@/components/ui/format";
import { ColumnChooser } from "@/components/corpora/column-chooser";
import { DocumentInspector } from "@/components/corpora/document-inspector";
import { DocumentsTable } from "@/components/corpora/documents-table";
import { FilterBar, type TFilter } from "@/components/corpora/filter-bar";
import { useDocumentPages, type TColumnInfo } from "@/components/corpora/use-document-pages";
import { useUrlState } from "@/components/corpora/use-url-state";
import { ValuePicker } from "@/components/corpora/value-picker";
import { TrainNgramButton } from "@/components/ngram/train-ngram-button";

const DEFAULT_COLUMNS = ["source", "n_chars"];
/** Always returned by the documents API, so never sent as extra columns. */
const BASE_COLUMNS = ["id", "source", "n_chars"];

const parseFilters = (raw: string | null): TFilter[] => {
  if (!raw) return [];
  try {
    const v = JSON.parse(raw);
    return Array.isArray(v) ? (v as TFilter[]) : [];
  } catch {
    return [];
  }
};

type TProps = { corpusId: string; versionId?: string; allColumns: TColumnInfo[] };

/**
 * Toolbar, virtualised table and inspector. Every setting lives in the URL: `sort`, `dir`, `q`
 * (text search), `f` (filters as JSON), `cols` (visible columns, or `none`) and `doc` (the open document).
 */
export const DocumentsBrowser = ({ corpusId, versionId, allColumns }: TProps) => {
  const { params, set } = useUrlState();
  const known = useMemo(() => new Set(allColumns.map((c) => c.name)), [allColumns]);
  const sortParam = params.get("sort");
  const sortCol = sortParam && known.has(sortParam) ? sortParam : null;
  const dir = params.get("dir") === "desc" ? "desc" : "asc";
  const q = params.get("q") ?? "";
  const filtersRaw = params.get("f");
  const filters = useMemo(() => parseFilters(filtersRaw), [filtersRaw]);
  const cols = params.get("cols");
  // Columns from a shared link that this version does not have are dropped, not sent.
  const visible = useMemo(() => (cols === "none" ? [] : cols ? cols.split(",").filter((c) => known.has(c)) : DEFAULT_COLUMNS), [cols, known]);
  const selected = params.get("doc");

  // The search box updates the URL (and so the query) 300 ms after the last keystroke.
  const [searchDraft, setSearchDraft] = useState(q);
  const [syncedQ, setSyncedQ] = useState(q);
  if (q !== syncedQ) {
    // The URL changed from outside (Back, a shared link): follow it.
    setSyncedQ(q);
    setSearchDraft(q);
  }
  useEffect(() => {
    if (searchDraft === q) return;
    const t = setTimeout(() => set({ q: searchDraft || null }), 300);
    return () => clearTimeout(t);
  }, [searchDraft, q, set]);

  const viewKey = JSON.stringify([versionId, sortCol, dir, q, filtersRaw]);
  // A string: the data hook refetches when it changes by value.
  const query = (() => {
    const s = new URLSearchParams();
    if (versionId) s.set("version", versionId);
    if (sortCol) {
      s.set("sort", sortCol);
      s.set("dir", dir);
    }
    if (q) s.set("q", q);
    if (filters.length) s.set("f", JSON.stringify(filters));
    const extra = visible.filter((c) => !BASE_COLUMNS.includes(c));
    if (extra.length) s.set("cols", extra.join(","));
    return s.toString();
  })();

  const pages = useDocumentPages(corpusId, query);
  const tableColumns = useMemo(() => ["id", ...visible.filter((c) => c !== "id"), "preview"], [visible]);
  const setFilters = (f: TFilter[]) => set({ f: f.length ? JSON.stringify(f) : null });
  const sources = filters.find((f) => f.op === "in" && f.column === "source");
  const sourceValues = sources?.op === "in" ? sources.values.map(String) : [];
  const near = selected ? pages.neighbours(selected) : {};

  const onSort = (column: string) => {
    if (sortCol !== column) set({ sort: column, dir: "desc" });
    else if (dir === "desc") set({ sort: column, dir: "asc" });
    else set({ sort: null, dir: null });
  };

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-3">
        <input
          data-testid="search-input"
          type="search"
          className="w-80 rounded border border-slate-300 px-2 py-1 text-sm"
          placeholder="Search text (substring, any case)…"
          value={searchDraft}
          onChange={(e) => setSearchDraft(e.target.value)}
        />
        <ValuePicker
          corpusId={corpusId}
          versionId={versionId}
          column="source"
          label="Source"
          selected={sourceValues}
          onChange={(v) => setFilters([...filters.filter((f) => !(f.op === "in" && f.column === "source")), ...(v.length ? [{ op: "in" as const, column: "source", values: v }] : [])])}
          testId="source-filter"
        />
        <span className="text-sm text-slate-600" data-testid="documents-total">
          {pages.total === null ? "…" : `${formatInt(pages.total)} document${pages.total === 1 ? "" : "s"}`}
        </span>
        {pages.stale && <span className="text-xs text-slate-400">loading…</span>}
        <div className="ml-auto flex items-center gap-2">
          <IfRole role="curator">
            <TrainNgramButton corpusId={corpusId} versionId={versionId} filters={filters} search={q} total={pages.total} />
          </IfRole>
          <ColumnChooser columns={allColumns} visible={visible} onChange={(c) => set({ cols: c.join(",") || "none" })} onReset={() => set({ cols: null })} />
        </div>
      </div>
      <FilterBar corpusId={corpusId} versionId={versionId} columns={allColumns} filters={filters} onChange={setFilters} />
      <ErrorBox message={pages.error} />
      <DocumentsTable
        total={pages.total}
        columns={tableColumns}
        rowAt={pages.rowAt}
        ensureRows={pages.ensureRows}
        sort={sortCol ? { column: sortCol, dir } : null}
        onSort={onSort}
        onOpen={(id) => set({ doc: id }, { push: !selected })}
        selectedId={selected}
        stale={pages.stale}
        resetKey={viewKey}
      />
      {selected && (
        <DocumentInspector
          key={selected}
          corpusId={corpusId}
          versionId={versionId}
          docId={selected}
          onClose={() => set({ doc: null })}
          onPrev={near.prev ? () => set({ doc: near.prev }) : undefined}
          onNext={near.next ? () => set({ doc: near.next }) : undefined}
        />
      )}
    </div>
  );
};
