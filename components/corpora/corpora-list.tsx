"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { StatusBadge } from "@/components/ui/card";
import { formatBytes, formatInt, formatTime } from "@/components/ui/format";
import type { TCorpusSummary } from "@/lib/corpora/versions";

/** The corpora table; polls while any corpus is still being built. */
export const CorporaList = ({ initial }: { initial: TCorpusSummary[] }) => {
  const [corpora, setCorpora] = useState(initial);
  const building = corpora.some((c) => c.status === "building");
  useEffect(() => {
    if (!building) return;
    const t = setInterval(async () => {
      const res = await fetch("/api/corpora", { cache: "no-store" });
      if (res.ok) setCorpora(((await res.json()) as { corpora: TCorpusSummary[] }).corpora);
    }, 1500);
    return () => clearInterval(t);
  }, [building]);

  if (corpora.length === 0) return <p className="text-sm text-slate-500">No corpora yet. Upload or link one below.</p>;
  return (
    <table className="w-full text-sm" data-testid="corpora-table">
      <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
        <tr>
          <th className="py-1">Name</th>
          <th>Status</th>
          <th className="text-right">Documents</th>
          <th className="text-right">Characters</th>
          <th className="text-right">Size</th>
          <th className="pl-4">Created</th>
        </tr>
      </thead>
      <tbody>
        {corpora.map((c) => (
          <tr key={c.id} className="border-t border-slate-100" data-testid="corpus-row">
            <td className="py-1.5">
              {c.status === "ready" ? (
                <Link href={`/corpora/${c.id}`} className="font-medium text-blue-700 hover:underline">
                  {c.name}
                </Link>
              ) : (
                <span className="font-medium">{c.name}</span>
              )}
              {c.description && <div className="text-xs text-slate-500">{c.description}</div>}
            </td>
            <td>
              <StatusBadge status={c.status} />
            </td>
            <td className="text-right tabular-nums">{formatInt(c.nDocs)}</td>
            <td className="text-right tabular-nums">{formatInt(c.nChars)}</td>
            <td className="text-right tabular-nums">{formatBytes(c.nBytes)}</td>
            <td className="pl-4 text-slate-500">{formatTime(c.createdAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
};
