"use client";

import Link from "next/link";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Stat } from "@/components/ui/card";
import { formatInt } from "@/components/ui/format";
import type { TPreview } from "@/components/recipes/types";

/** Live preview: totals, target vs achieved per group, repetition and the effective-data estimate, samples. */
export const PreviewPanel = ({ corpusId, preview, loading }: { corpusId: string; preview: TPreview | null; loading: boolean }) => {
  if (!preview) return <p className="text-sm text-slate-500">{loading ? "Computing the preview…" : "No preview yet."}</p>;
  const unit = preview.unit === "docs" ? "docs" : preview.tokensEstimated ? "tokens (est. chars/4)" : "tokens";
  const repeated = preview.totals.selectedTokens > preview.totals.uniqueTokens * 1.0001;
  return (
    <div className={`space-y-4 ${loading ? "opacity-60" : ""}`} data-testid="recipe-preview">
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Stat label="Documents selected" value={formatInt(preview.totals.selectedDocs)} testId="preview-docs" />
        <Stat label={`Selected ${unit}`} value={formatInt(preview.totals.selectedTokens)} testId="preview-tokens" />
        <Stat label="Passing filters" value={formatInt(preview.totals.filteredDocs)} />
        <Stat label="Copies (with repetition)" value={formatInt(preview.totals.copies)} />
      </div>
      {repeated && (
        <p className="text-sm text-slate-700" data-testid="preview-effective">
          With repetition, {formatInt(preview.totals.selectedTokens)} {unit} are worth about <strong>{formatInt(preview.totals.effectiveTokens)}</strong> unique {unit} (data-constrained scaling law,
          R*<sub>D</sub> = 15.4).
        </p>
      )}
      {preview.warnings.map((w) => (
        <p key={w} className="rounded border border-amber-200 bg-amber-50 px-2 py-1 text-xs text-amber-900" data-testid="preview-warning">
          {w}
        </p>
      ))}
      <div className="h-56" data-testid="preview-groups">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={preview.groups.map((g) => ({ group: g.group, target: g.targetTokens === null ? undefined : Math.round(g.targetTokens), achieved: Math.round(g.selectedTokens) }))}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="group" fontSize={11} />
            <YAxis fontSize={11} />
            <Tooltip />
            <Legend />
            <Bar dataKey="target" fill="#cbd5e1" isAnimationActive={false} />
            <Bar dataKey="achieved" fill="#1e40af" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table className="w-full text-xs">
        <thead className="text-left text-slate-500">
          <tr>
            <th>{preview.groupColumn ?? "group"}</th>
            <th className="text-right">docs</th>
            <th className="text-right">target</th>
            <th className="text-right">achieved</th>
            <th className="text-right">available</th>
            <th className="text-right">epochs</th>
          </tr>
        </thead>
        <tbody>
          {preview.groups.map((g) => (
            <tr key={g.group} className="border-t border-slate-100" data-testid="preview-group-row">
              <td className="py-0.5 font-mono">{g.group}</td>
              <td className="text-right tabular-nums">{formatInt(g.docs)}</td>
              <td className="text-right tabular-nums">{g.targetTokens === null ? "all" : formatInt(g.targetTokens)}</td>
              <td className="text-right tabular-nums">{formatInt(g.selectedTokens)}</td>
              <td className="text-right tabular-nums">{formatInt(g.availableTokens)}</td>
              <td className="text-right tabular-nums">{g.epochs.toFixed(2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {preview.histograms.length > 0 && (
        <div className="grid gap-3 md:grid-cols-2" data-testid="preview-histograms">
          {preview.histograms.map((h) => (
            <div key={h.column}>
              <div className="text-xs font-mono">{h.column}: corpus vs selected</div>
              <div className="h-24">
                <ResponsiveContainer width="100%" height="100%">
                  <BarChart data={h.bins.map((b) => ({ x: b.lo.toPrecision(3), corpus: b.before, selected: b.after }))} barGap={0}>
                    <XAxis dataKey="x" fontSize={9} />
                    <Tooltip />
                    <Bar dataKey="corpus" fill="#cbd5e1" isAnimationActive={false} />
                    <Bar dataKey="selected" fill="#1e40af" isAnimationActive={false} />
                  </BarChart>
                </ResponsiveContainer>
              </div>
            </div>
          ))}
        </div>
      )}
      <div className="grid gap-3 md:grid-cols-2">
        {(
          [
            ["Selected (top by sampling key)", preview.selectedSamples],
            ["Just below the cut", preview.belowSamples],
          ] as const
        ).map(([title, rows]) => (
          <div key={title}>
            <h4 className="mb-1 text-xs font-semibold text-slate-600">{title}</h4>
            <ul className="space-y-1 text-xs">
              {rows.map((s) => (
                <li key={s.id} className="truncate">
                  <Link className="font-mono text-blue-700 hover:underline" href={`/corpora/${corpusId}?doc=${encodeURIComponent(s.id)}`} target="_blank">
                    {s.id}
                  </Link>{" "}
                  <span className="text-slate-500">{s.preview.slice(0, 120)}</span>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </div>
  );
};
