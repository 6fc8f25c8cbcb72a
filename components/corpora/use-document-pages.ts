"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { apiError } from "@/components/ui/api";

export const PAGE_SIZE = 100;
/** Pages kept in memory; the ones farthest from the newest page go first. */
const MAX_PAGES = 60;
/** Requests for pages this far outside the visible ones are aborted (the user scrolled past). */
const KEEP_AROUND = 2;

export type TDocRow = Record<string, unknown> & { id: string; preview: string };
export type TColumnInfo = { name: string; type: string; origin: "document" | "attribute"; description?: string; better?: string };

type TState = { query: string; total: number | null; pages: Map<number, TDocRow[]>; error: string | null };
type TInflight = { query: string; page: number; ctrl: AbortController };

/**
 * Fetches pages of documents on demand for a query string (sort, filters, search, columns).
 * A new query aborts the requests of the old one; the old rows stay visible (marked stale) until
 * the first page of the new query arrives.
 */
export const useDocumentPages = (corpusId: string, query: string) => {
  const [state, setState] = useState<TState>({ query, total: null, pages: new Map(), error: null });
  const inflight = useRef(new Map<string, TInflight>());
  const latest = useRef(query);

  useEffect(() => {
    latest.current = query;
    for (const [key, r] of inflight.current) {
      if (r.query === query) continue;
      r.ctrl.abort();
      inflight.current.delete(key);
    }
  }, [query]);

  const loadPage = useCallback(
    async (page: number) => {
      const key = `${page}\n${query}`;
      if (inflight.current.has(key)) return;
      const ctrl = new AbortController();
      inflight.current.set(key, { query, page, ctrl });
      try {
        const res = await fetch(`/api/corpora/${corpusId}/documents?${query}&offset=${page * PAGE_SIZE}&limit=${PAGE_SIZE}`, { signal: ctrl.signal });
        if (!res.ok) throw new Error(await apiError(res));
        const body = (await res.json()) as { total: number; rows: TDocRow[] };
        if (latest.current !== query) return;
        setState((s) => {
          const pages = s.query === query ? new Map(s.pages) : new Map<number, TDocRow[]>();
          pages.set(page, body.rows);
          while (pages.size > MAX_PAGES) pages.delete([...pages.keys()].reduce((a, b) => (Math.abs(b - page) > Math.abs(a - page) ? b : a)));
          return { query, total: body.total, pages, error: null };
        });
      } catch (e) {
        if ((e as Error).name === "AbortError") return;
        if (latest.current === query) setState((s) => ({ ...s, error: (e as Error).message }));
      } finally {
        if (inflight.current.get(key)?.ctrl === ctrl) inflight.current.delete(key);
      }
    },
    [corpusId, query],
  );

  useEffect(() => {
    void loadPage(0);
  }, [loadPage]);

  const fresh = state.query === query;
  /** Makes sure the pages covering rows [start, end] are loaded or loading; drops requests far away. */
  const ensureRows = useCallback(
    (start: number, end: number) => {
      const from = Math.floor(start / PAGE_SIZE);
      const to = Math.floor(end / PAGE_SIZE);
      for (const [key, r] of inflight.current) {
        if (r.query === query && r.page > 0 && (r.page < from - KEEP_AROUND || r.page > to + KEEP_AROUND)) {
          r.ctrl.abort();
          inflight.current.delete(key);
        }
      }
      for (let p = from; p <= to; p++) if (!(fresh && state.pages.has(p))) void loadPage(p);
    },
    [fresh, state.pages, loadPage, query],
  );

  const rowAt = useCallback((i: number): TDocRow | undefined => state.pages.get(Math.floor(i / PAGE_SIZE))?.[i % PAGE_SIZE], [state.pages]);
  /** The loaded documents just before and after `id` (for stepping through them in the inspector). */
  const neighbours = useCallback(
    (id: string): { prev?: string; next?: string } => {
      for (const [p, rows] of state.pages) {
        const i = rows.findIndex((r) => r.id === id);
        if (i < 0) continue;
        const at = (k: number) => state.pages.get(Math.floor(k / PAGE_SIZE))?.[k % PAGE_SIZE]?.id;
        const k = p * PAGE_SIZE + i;
        return { prev: k > 0 ? at(k - 1) : undefined, next: at(k + 1) };
      }
      return {};
    },
    [state.pages],
  );
  return { total: state.total, error: state.error, stale: !fresh, ensureRows, rowAt, neighbours };
};
