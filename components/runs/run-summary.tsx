import { PassRateTable, type TPassRates } from "@/components/annotate/pass-rate-table";
import { CLASSIFIER_SUMMARY_KEYS, ClassifierSummary, isClassifierSummary, type TClassifierSummaryView } from "@/components/runs/classifier-summary";
import { isStudentSummary, STUDENT_SUMMARY_KEYS, StudentSummary, type TStudentSummaryView } from "@/components/runs/student-summary";
import { GenericSummary } from "@/components/runs/generic-summary";
import { ImportSummary } from "@/components/runs/import-summary";
import { INFERENCE_SUMMARY_KEYS, InferenceSummary } from "@/components/runs/inference-summary";
import { INGEST_SUMMARY_KEYS, IngestSummary } from "@/components/runs/ingest-summary";
import { NGRAM_SUMMARY_KEYS, NgramTrainSummary } from "@/components/runs/ngram-train-summary";
import { RefineSummary, type TRefineSummary } from "@/components/refine/refine-summary";
import type { TInferenceSummary } from "@/lib/annotate/inference-summary";
import type { TSampleSummary } from "@/lib/annotate/sample-step";
import type { TImportSummary } from "@/lib/imports/import-run";

/**
 * The run's summary. Ingest summaries get their counts, the bad rows by kind and sampled bad rows;
 * annotation pass rates get their table; refinement totals theirs; any other key is shown as a value or as JSON.
 */
export const RunSummary = ({ summary, active = false, durationMs }: { summary: Record<string, unknown>; active?: boolean; durationMs?: number | null }) => {
  const keys = Object.keys(summary);
  if (keys.length === 0)
    return (
      <p className="text-sm text-slate-500" data-testid="run-summary">
        {active ? "No summary yet (written when the run ends)." : "No summary."}
      </p>
    );
  const isIngest = typeof summary.docsOut === "number" && summary.badRows !== undefined;
  const passRates = summary.passRates as TPassRates | undefined;
  // Model calls and samples (model-backed annotators) have their own section.
  const hasInference = keys.some((k) => INFERENCE_SUMMARY_KEYS.has(k));
  const isNgram = typeof summary.ngram === "object" && summary.ngram !== null;
  const imported = summary.import as TImportSummary | undefined;
  const refine = summary.refine as TRefineSummary | undefined;
  const isClassifier = isClassifierSummary(summary);
  const isStudent = isStudentSummary(summary);
  const rest = keys.filter(
    (k) =>
      !(isIngest && INGEST_SUMMARY_KEYS.has(k)) &&
      !(k === "passRates" && passRates) &&
      !INFERENCE_SUMMARY_KEYS.has(k) &&
      !(isNgram && NGRAM_SUMMARY_KEYS.has(k)) &&
      !(k === "import" && imported) &&
      !(k === "refine" && refine) &&
      !(isClassifier && CLASSIFIER_SUMMARY_KEYS.has(k)) &&
      !(isStudent && STUDENT_SUMMARY_KEYS.has(k)),
  );
  return (
    <div className="space-y-4 text-sm" data-testid="run-summary">
      {isIngest && <IngestSummary s={summary} />}
      {hasInference && <InferenceSummary inference={summary.inference as TInferenceSummary | undefined} sample={summary.sample as Record<string, TSampleSummary> | undefined} durationMs={durationMs} />}
      {passRates && <PassRateTable rates={passRates} />}
      {isNgram && <NgramTrainSummary s={summary} />}
      {imported && <ImportSummary s={imported} />}
      {refine && <RefineSummary s={refine} />}
      {isClassifier && <ClassifierSummary s={summary as unknown as TClassifierSummaryView} />}
      {isStudent && <StudentSummary s={summary as unknown as TStudentSummaryView} />}
      {rest.length > 0 && <GenericSummary summary={summary} keys={rest} />}
    </div>
  );
};
