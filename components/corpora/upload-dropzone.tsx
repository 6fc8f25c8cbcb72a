"use client";

import { useRef, useState } from "react";

const ACCEPT = ".jsonl,.ndjson,.json,.gz,.zst,.parquet,.csv,.tsv,.txt";

type TProps = { onUploaded: (upload: { uploadId: string; fileName: string; bytes: number }) => void; onError: (message: string) => void };

/** Drag-and-drop (or pick) a file; streams it to the server with a progress bar. */
export const UploadDropzone = ({ onUploaded, onError }: TProps) => {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [progress, setProgress] = useState<{ name: string; loaded: number; total: number } | null>(null);

  const upload = async (file: File) => {
    setProgress({ name: file.name, loaded: 0, total: file.size });
    // Uploads are not JSON, so they carry the session's CSRF token instead.
    let csrf = "";
    try {
      const res = await fetch("/api/session");
      csrf = ((await res.json()) as { csrfToken?: string }).csrfToken ?? "";
    } catch {
      /* the upload is refused below with the server's message */
    }
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/uploads?filename=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader("content-type", "application/octet-stream");
    xhr.setRequestHeader("x-winnow-csrf", csrf);
    xhr.upload.onprogress = (e) => setProgress({ name: file.name, loaded: e.loaded, total: e.total || file.size });
    xhr.onload = () => {
      setProgress(null);
      let body: { uploadId?: string; fileName?: string; bytes?: number; error?: { message?: string } } = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON */
      }
      if (xhr.status >= 200 && xhr.status < 300 && body.uploadId) onUploaded({ uploadId: body.uploadId, fileName: body.fileName ?? file.name, bytes: body.bytes ?? file.size });
      else onError(body.error?.message ?? `Upload failed (HTTP ${xhr.status})`);
    };
    xhr.onerror = () => {
      setProgress(null);
      onError("Upload failed: the connection was interrupted");
    };
    xhr.send(file);
  };

  const pct = progress && progress.total > 0 ? Math.round((progress.loaded / progress.total) * 100) : 0;
  return (
    <div
      data-testid="upload-dropzone"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const f = e.dataTransfer.files[0];
        if (f) void upload(f);
      }}
      onClick={() => input.current?.click()}
      className={`flex cursor-pointer flex-col items-center justify-center rounded-lg border-2 border-dashed px-4 py-8 text-sm ${over ? "border-blue-500 bg-blue-50" : "border-slate-300 bg-slate-50"}`}
    >
      <input
        ref={input}
        type="file"
        accept={ACCEPT}
        className="hidden"
        data-testid="upload-input"
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) void upload(f);
          e.target.value = "";
        }}
      />
      {progress ? (
        <div className="w-full max-w-md" data-testid="upload-progress">
          <div className="mb-1 flex justify-between text-xs text-slate-600">
            <span className="truncate">{progress.name}</span>
            <span>{pct}%</span>
          </div>
          <div className="h-2 rounded bg-slate-200">
            <div className="h-2 rounded bg-blue-600 transition-all" style={{ width: `${pct}%` }} />
          </div>
        </div>
      ) : (
        <>
          <span className="font-medium text-slate-700">Drop a file here or click to choose</span>
          <span className="mt-1 text-xs text-slate-500">JSON lines, JSON, CSV/TSV (optionally .gz or .zst), Parquet, .txt</span>
        </>
      )}
    </div>
  );
};
