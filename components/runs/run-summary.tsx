import { PassRateTable, type TPassRates } from "@/components/annotate/pass-rate-table";
import { CLASSIFIER_SUMMARY_KEYS, ClassifierSummary, isClassifierSummary, type TClassifierSummaryView } from "@/components/runs/classifier-summary";
import { isStudentSummary, STUDENT_SUMMARY_KEYS, StudentSummary, type TStudentSummaryView } from "@/components/runs/student-summary";
import { GenericSummary } from "@/components/runs/generic-summary";
import { INGEST_SUMMARY_KEYS, IngestSummary } from "@/components/runs/ingest-summary";

/**
 * The run's summary. Ingest summaries get their counts, the bad rows by kind and sampled bad rows;
 * annotation pass rates get their table; any other key is shown as a value or as JSON.
 */
export const RunSummary = ({ summary, active = false }: { summary: Record<string, unknown>; active?: boolean }) => {
  const keys = Object.keys(summary);
  if (keys.length === 0)
    return (
      <p className="text-sm text-slate-500" data-testid="run-summary">
        {active ? "No summary yet (written when the run ends)." : "No summary."}
      </p>
    );
  const isIngest = typeof summary.docsOut === "number" && summary.badRows !== undefined;
  const passRates = summary.passRates as TPassRates | undefined;
  const isClassifier = isClassifierSummary(summary);
  const isStudent = isStudentSummary(summary);
  const rest = keys.filter(
    (k) => !(isIngest && INGEST_SUMMARY_KEYS.has(k)) && !(k === "passRates" && passRates) && !(isClassifier && CLASSIFIER_SUMMARY_KEYS.has(k)) && !(isStudent && STUDENT_SUMMARY_KEYS.has(k)),
  );
  return (
    <div className="space-y-4 text-sm" data-testid="run-summary">
      {isIngest && <IngestSummary s={summary} />}
      {passRates && <PassRateTable rates={passRates} />}
      {isClassifier && <ClassifierSummary s={summary as unknown as TClassifierSummaryView} />}
      {isStudent && <StudentSummary s={summary as unknown as TStudentSummaryView} />}
      {rest.length > 0 && <GenericSummary summary={summary} keys={rest} />}
    </div>
  );
};
