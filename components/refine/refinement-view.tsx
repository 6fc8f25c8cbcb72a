"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { formatInt } from "@/components/ui/format";
import { diffChars, visible } from "@/lib/refine/char-diff";
import type { TDocumentRefinement } from "@/lib/refine/document-refinement";

type TProps = { corpusId: string; versionId?: string; docId: string };

/** One line of the inline diff: removed (struck through, with the source that removed it), normalized (characters marked), or kept. */
const DiffLine = ({ l }: { l: TDocumentRefinement["lines"][number] }) => {
  const num = <span className="mr-2 inline-block w-10 select-none text-right text-slate-400">{l.line}</span>;
  if (l.refined === null)
    return (
      <div className="bg-red-50 text-red-800" title={`removed by ${l.removedBy}`} data-diff="removed">
        {num}
        <span className="line-through decoration-red-400">{l.original || "\u00a0"}</span>
        <span className="ml-2 rounded bg-red-100 px-1 text-[10px] no-underline">{l.removedBy}</span>
      </div>
    );
  if (l.refined === l.original)
    return (
      <div data-diff="kept">
        {num}
        {l.original || "\u00a0"}
      </div>
    );
  return (
    <div className="bg-amber-50" data-diff="normalized">
      {num}
      {diffChars(l.original, l.refined).map((s, i) =>
        s.kind === "same" ? (
          <span key={i}>{s.text}</span>
        ) : s.kind === "del" ? (
          <del key={i} className="bg-red-200 text-red-900" title="removed by normalize()">
            {visible(s.text)}
          </del>
        ) : (
          <ins key={i} className="bg-emerald-200 text-emerald-900 no-underline" title="inserted by normalize()">
            {visible(s.text)}
          </ins>
        ),
      )}
    </div>
  );
};

const Summary = ({ r }: { r: TDocumentRefinement }) => {
  if (r.dropped) return <span className="rounded bg-red-100 px-2 py-0.5 text-red-800">dropped by {r.droppedBy === "acceptance" ? `the acceptance rule (${r.dropReason === "short" ? "too few words left" : "too few words kept"})` : r.droppedBy}</span>;
  if (!r.applied) return <span className="rounded bg-amber-100 px-2 py-0.5 text-amber-800">program ignored ({r.errors.length} errors): text unchanged</span>;
  if (r.linesRemoved === 0 && r.normalizations.length === 0) return <span className="rounded bg-slate-100 px-2 py-0.5 text-slate-700">unchanged</span>;
  return (
    <span className="rounded bg-emerald-100 px-2 py-0.5 text-emerald-800">
      {formatInt(r.linesRemoved)} line{r.linesRemoved === 1 ? "" : "s"} removed, {formatInt(r.charsRemoved)} characters, {r.normalizations.reduce((a, n) => a + n.count, 0)} normalizations
    </span>
  );
};

/**
 * The refinements of the open document: a line-level inline diff of original vs refined text
 * (removed lines struck through with the source that removed them, normalized characters marked),
 * the program that produced it (lines grouped by source), its errors, and a link to the same
 * document in the other version.
 */
export const RefinementView = ({ corpusId, versionId, docId }: TProps) => {
  const [data, setData] = useState<TDocumentRefinement[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pick, setPick] = useState(0);
  const [tab, setTab] = useState<"diff" | "program">("diff");

  useEffect(() => {
    const ctrl = new AbortController();
    const qs = versionId ? `?version=${encodeURIComponent(versionId)}` : "";
    fetch(`/api/corpora/${corpusId}/documents/${encodeURIComponent(docId)}/refinement${qs}`, { signal: ctrl.signal })
      .then(async (res) => {
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        setData(((await res.json()) as { refinements: TDocumentRefinement[] }).refinements);
      })
      .catch((e) => (e as Error).name !== "AbortError" && setError((e as Error).message));
    return () => ctrl.abort();
  }, [corpusId, versionId, docId]);

  if (error) return <p className="text-xs text-red-700">Refinement: {error}</p>;
  if (!data || data.length === 0) return null;
  const r = data[Math.min(pick, data.length - 1)];
  const other = r.shown === "parent" ? r.child : r.parent;
  const otherHref = `/corpora/${corpusId}?version=${other.id}&doc=${encodeURIComponent(docId)}`;
  return (
    <section className="space-y-2 rounded border border-slate-200 p-3" data-testid="refinement">
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <span className="font-semibold text-slate-700">Refinement</span>
        {data.length > 1 ? (
          <select className="rounded border border-slate-300 px-1 py-0.5" value={pick} onChange={(e) => setPick(Number(e.target.value))} data-testid="refinement-pick">
            {data.map((x, i) => (
              <option key={x.runId} value={i}>
                v{x.parent.version} → v{x.child.version}
              </option>
            ))}
          </select>
        ) : (
          <span>
            v{r.parent.version} → v{r.child.version}
          </span>
        )}
        <Link href={`/runs/${r.runId}`} className="text-blue-700 hover:underline">
          run
        </Link>
        <Summary r={r} />
        {r.dropped && r.shown === "parent" ? (
          <span className="text-slate-500">not in v{r.child.version}</span>
        ) : (
          <Link href={otherHref} className="text-blue-700 hover:underline" data-testid="refinement-other-version">
            this document in v{other.version} ({r.shown === "parent" ? "refined" : "original"})
          </Link>
        )}
        <div className="ml-auto flex">
          {(["diff", "program"] as const).map((t) => (
            <button key={t} onClick={() => setTab(t)} className={`border border-slate-300 px-2 py-0.5 first:rounded-l last:rounded-r ${tab === t ? "bg-slate-900 text-white" : "hover:bg-slate-100"}`} data-testid={`refinement-tab-${t}`}>
              {t}
            </button>
          ))}
        </div>
      </div>
      {!r.consistent && <p className="text-xs text-red-700">The stored refined text differs from re-running the program: the version may have been written by another build.</p>}
      {r.errors.length > 0 && (
        <ul className="list-inside list-disc text-xs text-amber-800" data-testid="refinement-errors">
          {r.errors.slice(0, 20).map((e, i) => (
            <li key={i}>
              <span className="font-mono">{e.origin}</span>: {e.message}
            </li>
          ))}
        </ul>
      )}
      {tab === "diff" ? (
        <div className="max-h-[50vh] overflow-auto rounded bg-slate-50 p-2 font-mono text-xs leading-relaxed whitespace-pre-wrap break-words" data-testid="refinement-diff">
          {r.lines.map((l) => (
            <DiffLine key={l.line} l={l} />
          ))}
          {r.truncated && <div className="text-slate-500">… {formatInt(r.totalLines - r.lines.length)} more lines</div>}
        </div>
      ) : (
        <div className="space-y-2" data-testid="refinement-program">
          {r.parts.length === 0 && <p className="text-xs text-slate-500">Empty program: no source had anything to do.</p>}
          {r.parts.map((p) => (
            <div key={`${p.origin}-${p.firstLine}`}>
              <div className="text-[11px] uppercase text-slate-500">
                {p.origin} (program lines {p.firstLine}–{p.firstLine + p.program.split("\n").length - 1})
              </div>
              <pre className="overflow-auto rounded bg-slate-50 p-2 text-xs">{p.program}</pre>
            </div>
          ))}
        </div>
      )}
    </section>
  );
};
