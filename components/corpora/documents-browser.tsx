"use client";

import { useEffect, useMemo, useState } from "react";
import { ErrorBox } from "@/components/ui/card";
import { formatInt } from "@/components/ui/format";
import { ColumnChooser } from "@/components/corpora/column-chooser";
import { DocumentInspector } from "@/components/corpora/document-inspector";
import { DocumentsTable } from "@/components/corpora/documents-table";
import { FilterBar, type TFilter } from "@/components/corpora/filter-bar";
import { useDocumentPages, type TColumnInfo } from "@/components/corpora/use-document-pages";
import { useUrlState } from "@/components/corpora/use-url-state";

const DEFAULT_COLUMNS = ["source", "n_chars"];

const parseFilters = (raw: string | null): TFilter[] => {
  if (!raw) return [];
  try {
    const v = JSON.parse(raw);
    return Array.isArray(v) ? (v as TFilter[]) : [];
  } catch {
    return [];
  }
};

/** Toolbar, virtualised table and inspector; every setting lives in the URL. */
export const DocumentsBrowser = ({ corpusId, versionId, allColumns }: { corpusId: string; versionId?: string; allColumns: TColumnInfo[] }) => {
  const { params, set } = useUrlState();
  const sortCol = params.get("sort");
  const dir = params.get("dir") === "desc" ? "desc" : "asc";
  const q = params.get("q") ?? "";
  const filtersRaw = params.get("f");
  const filters = useMemo(() => parseFilters(filtersRaw), [filtersRaw]);
  const cols = params.get("cols");
  const visible = useMemo(() => (cols === "none" ? [] : cols ? cols.split(",").filter(Boolean) : DEFAULT_COLUMNS), [cols]);
  const selected = params.get("doc");

  const [searchDraft, setSearchDraft] = useState(q);
  useEffect(() => {
    if (searchDraft === q) return;
    const t = setTimeout(() => set({ q: searchDraft || null }), 300);
    return () => clearTimeout(t);
  }, [searchDraft, q, set]);

  const query = useMemo(() => {
    const s = new URLSearchParams();
    if (versionId) s.set("version", versionId);
    if (sortCol) {
      s.set("sort", sortCol);
      s.set("dir", dir);
    }
    if (q) s.set("q", q);
    if (filters.length) s.set("f", JSON.stringify(filters));
    const extra = visible.filter((c) => !["id", "source", "n_chars"].includes(c));
    if (extra.length) s.set("cols", extra.join(","));
    return s.toString();
  }, [versionId, sortCol, dir, q, filters, visible]);

  const pages = useDocumentPages(corpusId, query);
  const tableColumns = useMemo(() => ["id", ...visible.filter((c) => c !== "id"), "preview"], [visible]);

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
          className="w-80 rounded border border-slate-300 px-2 py-1 text-sm"
          placeholder="Search text (substring)…"
          value={searchDraft}
          onChange={(e) => setSearchDraft(e.target.value)}
        />
        <span className="text-sm text-slate-600" data-testid="documents-total">
          {pages.total === null ? "…" : `${formatInt(pages.total)} document${pages.total === 1 ? "" : "s"}`}
        </span>
        <div className="ml-auto">
          <ColumnChooser columns={allColumns} visible={visible} onChange={(c) => set({ cols: c.join(",") || "none" })} />
        </div>
      </div>
      <FilterBar columns={allColumns} filters={filters} onChange={(f) => set({ f: f.length ? JSON.stringify(f) : null })} />
      <ErrorBox message={pages.error} />
      <DocumentsTable
        total={pages.total ?? 0}
        columns={tableColumns}
        rowAt={pages.rowAt}
        ensureRows={pages.ensureRows}
        sort={sortCol ? { column: sortCol, dir } : null}
        onSort={onSort}
        onOpen={(id) => set({ doc: id })}
        selectedId={selected}
        stale={pages.stale}
      />
      {selected && <DocumentInspector key={selected} corpusId={corpusId} versionId={versionId} docId={selected} onClose={() => set({ doc: null })} />}
    </div>
  );
};
