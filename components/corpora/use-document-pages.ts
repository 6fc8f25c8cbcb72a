"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { apiError } from "@/components/ui/format";

export const PAGE_SIZE = 100;

export type TDocRow = Record<string, unknown> & { id: string; preview: string };
export type TColumnInfo = { name: string; type: string; origin: "document" | "attribute"; description?: string; better?: string };

/**
 * Fetches pages of documents on demand for a query string (sort, filters, search, columns).
 * A new query drops the cache and aborts requests in flight; the previous rows stay visible until
 * the first page of the new query arrives.
 */
export const useDocumentPages = (corpusId: string, query: string) => {
  const [state, setState] = useState<{ query: string; total: number | null; pages: Map<number, TDocRow[]>; columns: TColumnInfo[]; error: string | null }>({
    query,
    total: null,
    pages: new Map(),
    columns: [],
    error: null,
  });
  const inflight = useRef(new Map<number, AbortController>());
  const currentQuery = useRef(query);

  useEffect(() => {
    currentQuery.current = query;
    for (const c of inflight.current.values()) c.abort();
    inflight.current.clear();
  }, [query]);

  const loadPage = useCallback(
    async (page: number) => {
      if (inflight.current.has(page)) return;
      const ctrl = new AbortController();
      inflight.current.set(page, ctrl);
      const q = query;
      try {
        const res = await fetch(`/api/corpora/${corpusId}/documents?${q}&offset=${page * PAGE_SIZE}&limit=${PAGE_SIZE}`, { signal: ctrl.signal });
        if (!res.ok) throw new Error(await apiError(res));
        const body = (await res.json()) as { total: number; rows: TDocRow[]; columns: TColumnInfo[] };
        if (currentQuery.current !== q) return;
        setState((s) => {
          const pages = s.query === q ? new Map(s.pages) : new Map<number, TDocRow[]>();
          pages.set(page, body.rows);
          return { query: q, total: body.total, pages, columns: body.columns, error: null };
        });
      } catch (e) {
        if ((e as Error).name === "AbortError") return;
        if (currentQuery.current === q) setState((s) => ({ ...s, error: (e as Error).message }));
      } finally {
        if (inflight.current.get(page) === ctrl) inflight.current.delete(page);
      }
    },
    [corpusId, query],
  );

  useEffect(() => {
    void loadPage(0);
  }, [loadPage]);

  const fresh = state.query === query;
  /** Makes sure the pages covering rows [start, end] are loaded or loading. */
  const ensureRows = useCallback(
    (start: number, end: number) => {
      for (let p = Math.floor(start / PAGE_SIZE); p <= Math.floor(end / PAGE_SIZE); p++) {
        if (!(fresh && state.pages.has(p))) void loadPage(p);
      }
    },
    [fresh, state.pages, loadPage],
  );

  const rowAt = (i: number): TDocRow | undefined => state.pages.get(Math.floor(i / PAGE_SIZE))?.[i % PAGE_SIZE];
  return { total: state.total, columns: state.columns, error: state.error, stale: !fresh, ensureRows, rowAt };
};
