"use client";

import Link from "next/link";
import { useState } from "react";
import { StatusBadge } from "@/components/ui/card";
import { formatDuration, formatTime } from "@/components/ui/format";
import type { TSerializedRun } from "@/lib/runs/get-run";

type TManifest = { output: { files: { file: string; docs: number; sha256: string }[] }; selection: { totals: Record<string, number>; warnings: string[] } };

/** Export history with the manifest, downloads and a link to the recipe that made each export. */
export const ExportsTable = ({ exports }: { exports: TSerializedRun[] }) => {
  const [open, setOpen] = useState<string | null>(null);
  const [manifest, setManifest] = useState<TManifest | null>(null);
  const show = async (id: string) => {
    setOpen(id);
    setManifest(null);
    const res = await fetch(`/api/exports/${id}`);
    if (res.ok) setManifest((await res.json()) as TManifest);
  };
  if (exports.length === 0) return <p className="text-sm text-slate-500">No exports yet. Export a recipe from the recipe builder.</p>;
  return (
    <table className="w-full text-sm" data-testid="exports-table">
      <thead className="text-left text-xs uppercase text-slate-500">
        <tr>
          <th>Export</th>
          <th>Recipe</th>
          <th>Status</th>
          <th>Documents</th>
          <th>Duration</th>
          <th>Created</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {exports.map((r) => {
          const c = r.config as { recipe: { name: string }; recipeId?: string; recipeVersion?: number | null };
          return [
            <tr key={r.id} className="border-t border-slate-100" data-testid="export-row">
              <td className="py-1">
                <Link href={`/runs/${r.id}`} className="font-mono text-xs text-blue-700 hover:underline">
                  {r.id}
                </Link>
              </td>
              <td>{c.recipeId ? <Link href={`/recipes/${c.recipeId}${c.recipeVersion ? `?v=${c.recipeVersion}` : ""}`} className="text-blue-700 hover:underline">{c.recipe.name}</Link> : c.recipe.name}</td>
              <td>
                <StatusBadge status={r.status} />
              </td>
              <td className="tabular-nums">{r.itemsDone}</td>
              <td>{formatDuration(r.progress.durationMs)}</td>
              <td className="text-slate-500">{formatTime(r.createdAt)}</td>
              <td>
                {r.status === "succeeded" && (
                  <button className="text-xs text-blue-700 hover:underline" onClick={() => show(r.id)} data-testid="export-manifest-button">
                    manifest & files
                  </button>
                )}
              </td>
            </tr>,
            open === r.id && (
              <tr key={`${r.id}-m`}>
                <td colSpan={7} className="bg-slate-50 p-2 text-xs" data-testid="export-manifest">
                  {!manifest && "Loading…"}
                  {manifest && (
                    <div className="space-y-1">
                      {manifest.output.files.map((f) => (
                        <div key={f.file}>
                          <a href={`/api/exports/${r.id}/files/${f.file}`} className="font-mono text-blue-700 hover:underline" data-testid="export-file-link">
                            {f.file}
                          </a>{" "}
                          {f.docs} docs · sha256 {f.sha256.slice(0, 16)}…
                        </div>
                      ))}
                      <a href={`/api/exports/${r.id}/files/manifest.json`} className="text-blue-700 hover:underline">
                        manifest.json
                      </a>
                      {manifest.selection.warnings.map((w) => (
                        <div key={w} className="text-amber-800">
                          {w}
                        </div>
                      ))}
                    </div>
                  )}
                </td>
              </tr>
            ),
          ];
        })}
      </tbody>
    </table>
  );
};
