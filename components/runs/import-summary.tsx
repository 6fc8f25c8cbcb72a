import { Fact } from "@/components/runs/summary-fact";
import type { TImportSummary } from "@/lib/imports/import-run";

/** An import_attributes run: how the file's ids matched the corpus, with samples, and the imported columns. */
export const ImportSummary = ({ s }: { s: TImportSummary }) => (
  <div className="space-y-3" data-testid="import-summary">
    <div className="grid grid-cols-2 gap-2 md:grid-cols-4">
      <Fact label="Rows in the file" value={s.rows} />
      <Fact label="Matched documents" value={s.matched} testId="import-matched" />
      <Fact label="Rows with unknown ids (not imported)" value={s.unmatchedInFile.count} testId="import-unmatched" />
      <Fact label="Documents without a score" value={s.docsWithoutScore.count} testId="import-missing" />
    </div>
    {s.unmatchedInFile.samples.length > 0 && (
      <p className="text-xs text-slate-600">
        Unknown ids: {s.unmatchedInFile.samples.map((u) => `${u.id} (row ${u.row})`).join(", ")}
        {s.unmatchedInFile.count > s.unmatchedInFile.samples.length ? ", …" : ""}
      </p>
    )}
    {s.docsWithoutScore.samples.length > 0 && (
      <p className="text-xs text-slate-600">
        Documents without a score: {s.docsWithoutScore.samples.join(", ")}
        {s.docsWithoutScore.count > s.docsWithoutScore.samples.length ? ", …" : ""}
      </p>
    )}
    <table className="text-xs">
      <thead className="text-left text-slate-500">
        <tr>
          <th className="py-1 pr-4">Column in {s.fileName}</th>
          <th className="pr-4">Imported as</th>
          <th>Type</th>
        </tr>
      </thead>
      <tbody>
        {s.columns.map((c) => (
          <tr key={c.name} className="border-t border-slate-100">
            <td className="py-1 pr-4 font-mono">{c.source}</td>
            <td className="pr-4 font-mono">{c.name}</td>
            <td>{c.type}</td>
          </tr>
        ))}
      </tbody>
    </table>
    {s.warnings.length > 0 && (
      <ul className="list-disc pl-5 text-xs text-amber-700">
        {s.warnings.map((w) => (
          <li key={w}>{w}</li>
        ))}
      </ul>
    )}
  </div>
);
