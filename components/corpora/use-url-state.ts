"use client";

import { useSearchParams } from "next/navigation";
import { useCallback } from "react";

/**
 * Reads and writes search params, so a view (sort, filters, selection) is shareable. Writes go
 * through the History API, which Next.js syncs with `useSearchParams` without a server round trip
 * (the page's server component does not re-render on every keystroke). `push` adds a history
 * entry, so Back undoes it (used for opening a document).
 */
export const useUrlState = () => {
  const params = useSearchParams();
  const set = useCallback((updates: Record<string, string | null | undefined>, opts: { push?: boolean } = {}) => {
    // Read the live URL, not a render's snapshot, so two quick updates do not undo each other.
    const next = new URLSearchParams(window.location.search);
    for (const [k, v] of Object.entries(updates)) {
      if (v === null || v === undefined || v === "") next.delete(k);
      else next.set(k, v);
    }
    const qs = next.toString();
    const url = qs ? `${window.location.pathname}?${qs}` : window.location.pathname;
    if (opts.push) window.history.pushState(null, "", url);
    else window.history.replaceState(null, "", url);
  }, []);
  return { params, set };
};
