"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { UploadDropzone } from "@/components/corpora/upload-dropzone";
import { Button } from "@/components/ui/button";
import { ErrorBox } from "@/components/ui/card";
import { apiError, formatInt } from "@/components/ui/format";

type TSource = { kind: "upload"; uploadId: string } | { kind: "path"; path: string };
type TType = "BIGINT" | "DOUBLE" | "BOOLEAN" | "VARCHAR";
type TInspection = {
  fileName: string;
  format: string;
  rows: number;
  columns: { name: string; duckType: string; type: TType | null }[];
  idColumn: string | null;
  prefix: string;
  sampleRows: Record<string, unknown>[];
};
const TYPES: TType[] = ["DOUBLE", "BIGINT", "BOOLEAN", "VARCHAR"];

/**
 * Attach per-document scores computed elsewhere (PDS, QuRating, …): pick a Parquet / JSONL / CSV
 * file, check the id column, the columns and their types, and the prefix they are namespaced under.
 */
export const ImportScoresPanel = ({ corpusId, versionId, onClose }: { corpusId: string; versionId?: string; onClose: () => void }) => {
  const router = useRouter();
  const [source, setSource] = useState<TSource | null>(null);
  const [link, setLink] = useState("");
  const [ins, setIns] = useState<TInspection | null>(null);
  const [idColumn, setIdColumn] = useState("");
  const [prefix, setPrefix] = useState("");
  const [include, setInclude] = useState<Record<string, boolean>>({});
  const [types, setTypes] = useState<Record<string, TType>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const inspect = async (spec: TSource) => {
    setBusy(true);
    setError(null);
    setIns(null);
    try {
      const res = await fetch("/api/imports/inspect", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ source: spec }) });
      if (!res.ok) throw new Error(await apiError(res));
      const found = (await res.json()) as TInspection;
      setSource(spec);
      setIns(found);
      const id = found.idColumn ?? "";
      setIdColumn(id);
      setPrefix(found.prefix);
      setInclude(Object.fromEntries(found.columns.map((c) => [c.name, c.type !== null && c.name !== id])));
      setTypes(Object.fromEntries(found.columns.filter((c) => c.type).map((c) => [c.name, c.type!])));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const chosen = ins ? ins.columns.filter((c) => include[c.name] && c.name !== idColumn && c.type !== null) : [];
  const submit = async () => {
    if (!source || !ins) return;
    setBusy(true);
    setError(null);
    try {
      const declared = Object.fromEntries(chosen.filter((c) => types[c.name] !== c.type).map((c) => [c.name, types[c.name]]));
      const body = { corpusId, versionId, source, idColumn, prefix: prefix.trim(), columns: chosen.map((c) => c.name), types: declared };
      const res = await fetch("/api/imports", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(await apiError(res));
      const { runId } = (await res.json()) as { runId: string };
      router.push(`/runs/${runId}`);
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };

  return (
    <div className="fixed inset-0 z-40 flex items-start justify-center overflow-auto bg-black/30 p-8" data-testid="import-scores-panel">
      <div className="w-full max-w-3xl rounded-lg bg-white shadow-xl">
        <header className="flex items-center justify-between border-b border-slate-200 px-4 py-3">
          <h2 className="font-semibold">Import scores</h2>
          <button className="text-lg" onClick={onClose} aria-label="Close">
            ×
          </button>
        </header>
        <div className="max-h-[70vh] space-y-3 overflow-auto p-4 text-sm">
          <p className="text-xs text-slate-600">
            A Parquet, JSON lines (.jsonl, .jsonl.gz) or CSV file with one row per document: an id column matching the corpus&apos;s ids and numeric, boolean or text columns. The columns become an attribute set, usable in the table, filters and recipes.
          </p>
          <div className="grid gap-3 md:grid-cols-2">
            <UploadDropzone onUploaded={(u) => void inspect({ kind: "upload", uploadId: u.uploadId })} onError={setError} />
            <div className="flex flex-col justify-center gap-2">
              <label className="text-xs text-slate-600" htmlFor="scores-path">
                Or a local path (under the data roots)
              </label>
              <div className="flex gap-2">
                <input id="scores-path" data-testid="scores-path-input" className="flex-1 rounded border border-slate-300 px-2 py-1 font-mono text-sm" value={link} onChange={(e) => setLink(e.target.value)} placeholder="/data/scores/pds.parquet" />
                <Button onClick={() => link.trim() && void inspect({ kind: "path", path: link.trim() })} disabled={busy || !link.trim()} data-testid="scores-inspect-button">
                  Inspect
                </Button>
              </div>
            </div>
          </div>
          {ins && (
            <div className="space-y-3 border-t border-slate-100 pt-3" data-testid="import-form">
              <div className="text-slate-600">
                <span className="font-medium text-slate-800">{ins.fileName}</span> · {ins.format} · {formatInt(ins.rows)} rows
              </div>
              <div className="grid gap-3 md:grid-cols-2">
                <label>
                  <span className="block text-xs text-slate-600">Id column</span>
                  <select className="w-full rounded border border-slate-300 px-2 py-1" value={idColumn} onChange={(e) => setIdColumn(e.target.value)} data-testid="import-id-column">
                    <option value="">choose…</option>
                    {ins.columns.map((c) => (
                      <option key={c.name} value={c.name}>
                        {c.name}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  <span className="block text-xs text-slate-600">Prefix (columns are named prefix.column)</span>
                  <input className="w-full rounded border border-slate-300 px-2 py-1 font-mono" value={prefix} onChange={(e) => setPrefix(e.target.value)} data-testid="import-prefix" />
                </label>
              </div>
              <table className="w-full text-xs">
                <thead className="text-left text-slate-500">
                  <tr>
                    <th className="py-1">Import</th>
                    <th>Column</th>
                    <th>In the file</th>
                    <th>As</th>
                    <th>First values</th>
                  </tr>
                </thead>
                <tbody>
                  {ins.columns.map((c) => (
                    <tr key={c.name} className="border-t border-slate-100">
                      <td className="py-1">
                        <input type="checkbox" disabled={c.type === null || c.name === idColumn} checked={Boolean(include[c.name]) && c.name !== idColumn} onChange={(e) => setInclude({ ...include, [c.name]: e.target.checked })} data-testid={`import-col-${c.name}`} />
                      </td>
                      <td className="font-mono">{c.name}</td>
                      <td className="text-slate-500">{c.duckType}</td>
                      <td>
                        {c.type === null ? (
                          <span className="text-slate-400">not importable</span>
                        ) : (
                          <select className="rounded border border-slate-300 px-1" value={types[c.name]} onChange={(e) => setTypes({ ...types, [c.name]: e.target.value as TType })}>
                            {TYPES.map((t) => (
                              <option key={t}>{t}</option>
                            ))}
                          </select>
                        )}
                      </td>
                      <td className="max-w-xs truncate text-slate-600">{ins.sampleRows.map((r) => JSON.stringify(r[c.name] ?? null)).join(", ")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
        <footer className="space-y-2 border-t border-slate-200 px-4 py-3">
          <ErrorBox message={error} />
          <div className="flex justify-end">
            <Button variant="primary" onClick={submit} disabled={busy || !ins || !idColumn || chosen.length === 0} data-testid="import-launch">
              Import {chosen.length} column{chosen.length === 1 ? "" : "s"}
            </Button>
          </div>
        </footer>
      </div>
    </div>
  );
};
