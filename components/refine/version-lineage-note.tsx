import Link from "next/link";
import { formatInt } from "@/components/ui/format";
import type { TRefinementLink } from "@/lib/refine/version-lineage";

const filterLink = (corpusId: string, versionId: string, column: string) =>
  `/corpora/${corpusId}?version=${versionId}&f=${encodeURIComponent(JSON.stringify([{ op: "eq", column, value: true }]))}`;

/** Where this version comes from and what was refined from it, with links between the two documents tables. */
export const VersionLineageNote = ({ corpusId, refinedFrom, refinedInto }: { corpusId: string; refinedFrom: TRefinementLink | null; refinedInto: TRefinementLink[] }) => {
  if (!refinedFrom && refinedInto.length === 0) return null;
  return (
    <div className="space-y-1 rounded border border-slate-200 bg-white px-4 py-2 text-sm" data-testid="version-lineage">
      {refinedFrom && (
        <p>
          Refined from{" "}
          <Link href={`/corpora/${corpusId}?version=${refinedFrom.parent.id}`} className="text-blue-700 hover:underline" data-testid="lineage-parent">
            v{refinedFrom.parent.version}
          </Link>{" "}
          by{" "}
          <Link href={`/runs/${refinedFrom.runId}`} className="text-blue-700 hover:underline">
            a refinement run
          </Link>
          {refinedFrom.summary && (
            <span className="text-slate-600">
              {" "}
              — {formatInt(refinedFrom.summary.dropped)} dropped, {formatInt(refinedFrom.summary.changed)} changed, {formatInt(refinedFrom.summary.linesRemoved)} lines and{" "}
              {formatInt(refinedFrom.summary.charsRemoved)} characters removed.{" "}
            </span>
          )}
          <Link href={filterLink(corpusId, refinedFrom.parent.id, "refine.dropped")} className="text-blue-700 hover:underline">
            dropped documents (in v{refinedFrom.parent.version})
          </Link>
        </p>
      )}
      {refinedInto.map((l) => (
        <p key={l.runId}>
          Refined into{" "}
          {l.child.status === "ready" ? (
            <Link href={`/corpora/${corpusId}?version=${l.child.id}`} className="text-blue-700 hover:underline" data-testid="lineage-child">
              v{l.child.version}
            </Link>
          ) : (
            <span>
              v{l.child.version} ({l.child.status})
            </span>
          )}{" "}
          by{" "}
          <Link href={`/runs/${l.runId}`} className="text-blue-700 hover:underline">
            a refinement run
          </Link>
          {l.child.status === "ready" && (
            <>
              {" · "}
              <Link href={filterLink(corpusId, l.parent.id, "refine.changed")} className="text-blue-700 hover:underline">
                changed documents
              </Link>
            </>
          )}
        </p>
      ))}
    </div>
  );
};
