import Link from "next/link";
import { Fact } from "@/components/runs/summary-fact";
import { formatInt } from "@/components/ui/format";
import type { TRefineStats, TRefineTotals, TSourceTotals } from "@/lib/refine/refine-stats";

export type TRefineSummary = TRefineStats & {
  corpusId: string;
  inputVersionId: string;
  inputVersion: number;
  outputVersionId: string;
  outputVersion: number;
  rules: string[];
  lmStage: string | null;
  acceptance: { threshold1: number; threshold2: number; errorOp: number; shortDocWords: number | null } | null;
};

/** 1 − threshold2 as a percentage without floating-point noise (0.95 → "5 %"). */
const keptShare = (threshold2: number) => `${Math.round((1 - threshold2) * 1000) / 10} %`;

const dropReason = (reason: string, a: TRefineSummary["acceptance"]): string =>
  reason === "drop_doc"
    ? "drop_doc() in the program"
    : reason === "low_ratio"
      ? `acceptance: ≤ ${a ? keptShare(a.threshold2) : "?"} of the words left`
      : reason === "short"
        ? `acceptance: ≤ ${a?.shortDocWords ?? "?"} words left`
        : reason;

const Num = ({ v }: { v: number }) => <td className="text-right tabular-nums">{formatInt(v)}</td>;

/** A refinement run's totals, overall, by program source (rule, LM, acceptance rule) and by the documents' source. */
export const RefineSummary = ({ s }: { s: TRefineSummary }) => {
  const t = s.totals;
  const versionLink = (id: string, v: number, q = "") => (
    <Link href={`/corpora/${s.corpusId}?version=${id}${q}`} className="text-blue-700 hover:underline">
      v{v}
    </Link>
  );
  const sources = Object.entries(s.bySource).sort(([a], [b]) => (a === "lm" ? -1 : b === "lm" ? 1 : a === "acceptance" ? 1 : b === "acceptance" ? -1 : 0));
  return (
    <div className="space-y-4" data-testid="refine-summary">
      <p className="text-sm">
        {versionLink(s.inputVersionId, s.inputVersion)} → {versionLink(s.outputVersionId, s.outputVersion)}{" "}
        <span className="text-slate-500">
          ({[s.lmStage ? `LM: ${s.lmStage}` : null, s.rules.length ? `rules: ${s.rules.join(", ")}` : null].filter(Boolean).join("; ")})
        </span>
        {" · "}
        <Link href={`/corpora/${s.corpusId}?version=${s.inputVersionId}&f=${encodeURIComponent(JSON.stringify([{ op: "eq", column: "refine.changed", value: true }]))}`} className="text-blue-700 hover:underline" data-testid="refine-changed-link">
          changed documents
        </Link>
      </p>
      <div className="grid grid-cols-2 gap-2 md:grid-cols-4 xl:grid-cols-8">
        <Fact label="Documents in" value={t.docs} />
        <Fact label="Documents kept" value={t.docsOut} testId="refine-docs-out" />
        <Fact label="Dropped" value={t.dropped} testId="refine-dropped" />
        <Fact label="Changed" value={t.changed} testId="refine-changed" />
        <Fact label="Lines removed" value={t.linesRemoved} testId="refine-lines-removed" />
        <Fact label="Characters removed" value={t.charsRemoved} testId="refine-chars-removed" />
        <Fact label="Program errors" value={`${formatInt(t.errors)} in ${formatInt(t.docsWithErrors)} docs`} testId="refine-errors" />
        <Fact label="Programs ignored" value={t.rejected} />
      </div>
      <table className="w-full text-xs" data-testid="refine-by-source">
        <thead className="text-left text-slate-500">
          <tr>
            <th className="py-1">program source</th>
            <th className="text-right">docs changed</th>
            <th className="text-right">dropped</th>
            <th className="text-right">lines removed</th>
            <th className="text-right">chars removed</th>
            <th className="text-right">normalizations</th>
            <th className="text-right">errors</th>
          </tr>
        </thead>
        <tbody>
          {sources.map(([name, v]: [string, TSourceTotals]) => (
            <tr key={name} className="border-t border-slate-100">
              <td className="py-1 font-mono">{name === "acceptance" ? "acceptance rule" : name}</td>
              <Num v={v.docsChanged} />
              <Num v={v.dropped} />
              <Num v={v.linesRemoved} />
              <Num v={v.charsRemoved} />
              <Num v={v.normalizations} />
              <Num v={v.errors} />
            </tr>
          ))}
        </tbody>
      </table>
      <table className="w-full text-xs" data-testid="refine-by-doc-source">
        <thead className="text-left text-slate-500">
          <tr>
            <th className="py-1">document source</th>
            <th className="text-right">docs</th>
            <th className="text-right">kept</th>
            <th className="text-right">dropped</th>
            <th className="text-right">changed</th>
            <th className="text-right">lines removed</th>
            <th className="text-right">chars removed</th>
            <th className="text-right">errors</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(s.byDocSource).map(([name, v]: [string, TRefineTotals]) => (
            <tr key={name} className="border-t border-slate-100">
              <td className="py-1">{name || "∅"}</td>
              <Num v={v.docs} />
              <Num v={v.docsOut} />
              <Num v={v.dropped} />
              <Num v={v.changed} />
              <Num v={v.linesRemoved} />
              <Num v={v.charsRemoved} />
              <Num v={v.errors} />
            </tr>
          ))}
        </tbody>
      </table>
      {Object.keys(s.dropReasons).length > 0 && (
        <p className="text-xs text-slate-600">
          Dropped because of:{" "}
          {Object.entries(s.dropReasons)
            .map(([k, n]) => `${dropReason(k, s.acceptance)} (${formatInt(n)})`)
            .join(", ")}
          .
        </p>
      )}
      {(s.lm.requests > 0 || (s.lm.cacheHits ?? 0) > 0 || (s.lm.failed ?? 0) > 0) && (
        <p className="text-xs text-slate-600" data-testid="refine-lm-stats">
          Refining LM: {formatInt(s.lm.requests)} requests, {formatInt(s.lm.cacheHits ?? 0)} answers from the cache, {formatInt(s.lm.tokensIn)} tokens in, {formatInt(s.lm.tokensOut)} tokens out
          {(s.lm.failed ?? 0) > 0 ? `; ${formatInt(s.lm.failed)} documents left unchanged because their request failed (see the programs' errors)` : ""}.
        </p>
      )}
      <p className="text-[11px] text-slate-500">
        {s.acceptance
          ? `Acceptance rule: drop when ≤ ${keptShare(s.acceptance.threshold2)} of the words are kept, program ignored at ${s.acceptance.errorOp} errors${s.acceptance.shortDocWords === null ? "" : `, drop at ≤ ${s.acceptance.shortDocWords} words`}.`
          : "No acceptance rule (drop/keep programs only): a program with an error is ignored."}{" "}
        Per-source characters count each removed line with its line break.
      </p>
    </div>
  );
};
