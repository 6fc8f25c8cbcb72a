"use client";

import { useState } from "react";
import { postJson } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { Card, ErrorBox } from "@/components/ui/card";
import { useLaunchRun } from "@/components/ui/use-launch-run";
import { UploadDropzone } from "@/components/corpora/upload-dropzone";

type TSource = { kind: "upload"; uploadId: string } | { kind: "path"; path: string } | { kind: "url"; url: string };
type TInspection = {
  format: string;
  compression: string;
  files: number;
  fields: { name: string; type: string; sample: string }[];
  textField: string | null;
  idField: string | null;
  inspected: boolean;
};

const AUTO = "";

/** Upload or link a corpus, check the detected fields, and start the ingest run. */
export const NewCorpusPanel = () => {
  const [source, setSource] = useState<{ spec: TSource; label: string } | null>(null);
  const [link, setLink] = useState("");
  const [inspection, setInspection] = useState<TInspection | null>(null);
  const [name, setName] = useState("");
  const [textField, setTextField] = useState(AUTO);
  const [idField, setIdField] = useState(AUTO);
  const { launch, request, busy, error, setError } = useLaunchRun();

  const inspect = async (spec: TSource, label: string) => {
    setSource({ spec, label });
    setInspection(null);
    setName(label.replace(/^.*[\\/]/, "").replace(/(\.(jsonl|ndjson|json|csv|tsv|parquet|txt))?(\.(gz|zst|zstd))?$/i, ""));
    const ins = await request(() => postJson<TInspection>("/api/ingest/inspect", { source: spec }));
    if (!ins) return setSource(null);
    setInspection(ins);
    setTextField(ins.textField ?? AUTO);
    setIdField(ins.idField ?? AUTO);
  };

  const submitLink = () => {
    const v = link.trim();
    if (!v) return;
    const spec: TSource = /^(https?|hf):\/\//i.test(v) ? { kind: "url", url: v } : { kind: "path", path: v };
    void inspect(spec, v);
  };

  const ingest = async () => {
    if (!source) return;
    await launch("/api/ingest", { name: name.trim() || undefined, source: source.spec, textField: textField || undefined, idField: idField || undefined });
  };

  return (
    <Card title="New corpus">
      <div className="grid gap-4 md:grid-cols-2">
        <UploadDropzone onUploaded={(u) => void inspect({ kind: "upload", uploadId: u.uploadId }, u.fileName)} onError={setError} />
        <div className="flex flex-col justify-center gap-2">
          <label className="text-sm font-medium text-slate-700" htmlFor="link-input">
            Or link a local path, an http(s) URL or an hf://datasets/… path
          </label>
          <div className="flex gap-2">
            <input
              id="link-input"
              data-testid="link-input"
              className="flex-1 rounded border border-slate-300 px-2 py-1.5 font-mono text-sm"
              placeholder="/data/corpus/ or https://…/docs.jsonl.gz"
              value={link}
              onChange={(e) => setLink(e.target.value)}
              onKeyDown={(e) => e.key === "Enter" && submitLink()}
            />
            <Button onClick={submitLink} disabled={busy || !link.trim()} data-testid="link-button">
              Inspect
            </Button>
          </div>
        </div>
      </div>
      <div className="mt-3">
        <ErrorBox message={error} />
      </div>
      {source && inspection && (
        <div className="mt-4 space-y-3 border-t border-slate-100 pt-4" data-testid="ingest-form">
          <div className="text-sm text-slate-600">
            <span className="font-medium text-slate-800">{source.label}</span> · {inspection.format}
            {inspection.compression !== "none" ? ` (${inspection.compression})` : ""}
            {inspection.files > 1 ? ` · ${inspection.files} files` : ""}
            {!inspection.inspected && " · fields are detected when the file is downloaded"}
          </div>
          <div className="grid gap-3 md:grid-cols-3">
            <label className="text-sm">
              <span className="mb-1 block text-slate-600">Corpus name</span>
              <input data-testid="corpus-name-input" className="w-full rounded border border-slate-300 px-2 py-1.5" value={name} onChange={(e) => setName(e.target.value)} />
            </label>
            <label className="text-sm">
              <span className="mb-1 block text-slate-600">Text field</span>
              <select data-testid="text-field-select" className="w-full rounded border border-slate-300 px-2 py-1.5" value={textField} onChange={(e) => setTextField(e.target.value)}>
                <option value={AUTO}>detect automatically</option>
                {inspection.fields.map((f) => (
                  <option key={f.name} value={f.name}>
                    {f.name} ({f.type})
                  </option>
                ))}
              </select>
            </label>
            <label className="text-sm">
              <span className="mb-1 block text-slate-600">Id field</span>
              <select data-testid="id-field-select" className="w-full rounded border border-slate-300 px-2 py-1.5" value={idField} onChange={(e) => setIdField(e.target.value)}>
                <option value={AUTO}>derive from content</option>
                {inspection.fields.map((f) => (
                  <option key={f.name} value={f.name}>
                    {f.name}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {inspection.fields.length > 0 && (
            <table className="w-full text-xs">
              <thead className="text-left text-slate-500">
                <tr>
                  <th className="py-1">Field</th>
                  <th>Type</th>
                  <th>Sample</th>
                </tr>
              </thead>
              <tbody>
                {inspection.fields.map((f) => (
                  <tr key={f.name} className="border-t border-slate-100">
                    <td className="py-1 font-mono">{f.name}</td>
                    <td className="text-slate-500">{f.type}</td>
                    <td className="max-w-xl truncate text-slate-600">{f.sample}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <Button variant="primary" onClick={ingest} disabled={busy} data-testid="ingest-button">
            Ingest
          </Button>
        </div>
      )}
    </Card>
  );
};
