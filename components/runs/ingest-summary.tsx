import { BadRowSamples, type TSample } from "@/components/runs/bad-row-samples";
import { Fact } from "@/components/runs/summary-fact";
import { formatBytes, formatDuration } from "@/components/ui/format";
import { RENAME_REASON_LABELS, type TRenamedField } from "@/lib/ingest/field-names";
import type { TSkippedFile } from "@/lib/ingest/list-input-files";
import { BAD_ROW_LABELS } from "@/lib/ingest/record-issues";

/** Keys this section shows; the run summary renders the others generically. */
export const INGEST_SUMMARY_KEYS = new Set(["docsIn", "docsOut", "badRows", "badRowTotal", "duplicateIds", "samples", "textField", "idField", "ignoredFields", "renamedFields", "skippedFiles", "shards", "nBytes", "nChars", "durationMs", "files", "blankLines"]);

const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);
const labelOf = (kind: string): string => (kind === "duplicate_id" ? "Duplicate id (renamed)" : ((BAD_ROW_LABELS as Record<string, string>)[kind] ?? kind));

/** An ingest run's summary: counts, then bad rows by kind with their sampled rows. */
export const IngestSummary = ({ s }: { s: Record<string, unknown> }) => {
  const badRows = (s.badRows ?? {}) as Record<string, number>;
  const samples = (s.samples ?? {}) as Record<string, TSample[]>;
  const duplicateIds = num(s.duplicateIds) ?? 0;
  const kinds: [string, number][] = [...Object.entries(badRows), ...(duplicateIds > 0 ? [["duplicate_id", duplicateIds] as [string, number]] : [])];
  const badTotal = num(s.badRowTotal) ?? Object.values(badRows).reduce((a, b) => a + b, 0);
  return (
    <>
      <div className="grid grid-cols-2 gap-2 md:grid-cols-4 xl:grid-cols-6">
        <Fact label="Documents ingested" value={num(s.docsOut) ?? 0} testId="summary-docs-out" />
        <Fact label="Rows read" value={num(s.docsIn) ?? 0} />
        <Fact label="Bad rows skipped" value={badTotal} testId="summary-bad-rows" />
        <Fact label="Duplicate ids renamed" value={duplicateIds} />
        {num(s.files) !== undefined && <Fact label="Input files" value={num(s.files)!} />}
        {num(s.blankLines) !== undefined && <Fact label="Blank lines" value={num(s.blankLines)!} />}
        {num(s.shards) !== undefined && <Fact label="Shards" value={num(s.shards)!} />}
        {num(s.nChars) !== undefined && <Fact label="Characters" value={num(s.nChars)!} />}
        {num(s.nBytes) !== undefined && <Fact label="Text size" value={formatBytes(num(s.nBytes))} />}
        {num(s.durationMs) !== undefined && <Fact label="Duration" value={formatDuration(num(s.durationMs))} />}
        {s.textField !== undefined && <Fact label="Fields" value={`text: ${String(s.textField)}, id: ${s.idField ? String(s.idField) : "from content"}`} />}
      </div>
      {Array.isArray(s.ignoredFields) && s.ignoredFields.length > 0 && (
        <p className="text-xs text-slate-500">Fields kept as metadata only: {(s.ignoredFields as string[]).join(", ")}</p>
      )}
      {Array.isArray(s.renamedFields) && s.renamedFields.length > 0 && (
        <p className="text-xs text-slate-500" data-testid="summary-renamed-fields">
          Fields stored under another name:{" "}
          {(s.renamedFields as TRenamedField[]).map((r) => `${JSON.stringify(r.field)} → ${r.column} (${RENAME_REASON_LABELS[r.reason] ?? r.reason})`).join("; ")}
        </p>
      )}
      {Array.isArray(s.skippedFiles) && s.skippedFiles.length > 0 && (
        <p className="text-xs text-slate-500" data-testid="summary-skipped-files">
          Files skipped: {(s.skippedFiles as TSkippedFile[]).map((f) => `${f.name} (${f.reason})`).join("; ")}
        </p>
      )}
      {kinds.length > 0 ? (
        <table className="w-full text-xs" data-testid="bad-rows-table">
          <thead className="text-left text-slate-500">
            <tr>
              <th className="py-1">Kind</th>
              <th className="text-right">Rows</th>
              <th className="pl-4">Sampled rows (file:line — message, excerpt)</th>
            </tr>
          </thead>
          <tbody>
            {kinds.map(([kind, n]) => (
              <tr key={kind} className="border-t border-slate-100 align-top" data-testid={`bad-kind-${kind}`}>
                <td className="py-1">
                  <div className="font-mono">{kind}</div>
                  <div className="text-slate-500">{labelOf(kind)}</div>
                </td>
                <td className="text-right tabular-nums">{n.toLocaleString("en-US")}</td>
                <td className="pl-4">
                  <BadRowSamples samples={samples[kind] ?? []} total={n} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="text-xs text-emerald-700">No bad rows.</p>
      )}
    </>
  );
};
