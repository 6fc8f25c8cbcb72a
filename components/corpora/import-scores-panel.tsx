"use client";

import { useState } from "react";
import { UploadDropzone } from "@/components/corpora/upload-dropzone";
import { postJson } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { formatInt } from "@/components/ui/format";
import { Modal } from "@/components/ui/modal";
import { useLaunchRun } from "@/components/ui/use-launch-run";

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
  const [source, setSource] = useState<TSource | null>(null);
  const [link, setLink] = useState("");
  const [ins, setIns] = useState<TInspection | null>(null);
  const [idColumn, setIdColumn] = useState("");
  const [prefix, setPrefix] = useState("");
  const [include, setInclude] = useState<Record<string, boolean>>({});
  const [types, setTypes] = useState<Record<string, TType>>({});
  const { launch, request, busy, error, setError } = useLaunchRun();

  const inspect = async (spec: TSource) => {
    setIns(null);
    const found = await request(() => postJson<TInspection>("/api/imports/inspect", { source: spec }));
    if (!found) return;
    setSource(spec);
    setIns(found);
    const id = found.idColumn ?? "";
    setIdColumn(id);
    setPrefix(found.prefix);
    setInclude(Object.fromEntries(found.columns.map((c) => [c.name, c.type !== null && c.name !== id])));
    setTypes(Object.fromEntries(found.columns.filter((c) => c.type).map((c) => [c.name, c.type!])));
  };

  const chosen = ins ? ins.columns.filter((c) => include[c.name] && c.name !== idColumn && c.type !== null) : [];
  const submit = async () => {
    if (!source || !ins) return;
    const declared = Object.fromEntries(chosen.filter((c) => types[c.name] !== c.type).map((c) => [c.name, types[c.name]]));
    await launch("/api/imports", { corpusId, versionId, source, idColumn, prefix: prefix.trim(), columns: chosen.map((c) => c.name), types: declared });
  };

  return (
    <Modal
      title="Import scores"
      onClose={onClose}
      testId="import-scores-panel"
      error={error}
      footer={
        <div className="flex justify-end">
          <Button variant="primary" onClick={submit} disabled={busy || !ins || !idColumn || chosen.length === 0} data-testid="import-launch">
            Import {chosen.length} column{chosen.length === 1 ? "" : "s"}
          </Button>
        </div>
      }
    >
      <div className="space-y-3 text-sm">
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
    </Modal>
  );
};
