import { Fact } from "@/components/runs/summary-fact";
import { formatBytes, formatInt } from "@/components/ui/format";

type TMetrics = { spearman?: number | null; mae?: number | null; accuracy?: number | null; macroF1?: number | null };
type TTarget = { column: string; output: string; kind: "score" | "category"; heldOut: number; classes: number; fasttext?: TMetrics; linear?: TMetrics; chosen: "fasttext" | "linear" };
export type TStudentSummaryView = {
  modelId: string;
  modelName: string;
  ratedDocs: number;
  trainDocs: number;
  heldOutDocs: number;
  maxChars: number;
  learners: Partial<Record<"fasttext" | "linear", { trainSeconds: number; predictDocsPerSecond: number; bytes: number }>>;
  targets: TTarget[];
  attributeSetId?: string;
  docs?: number;
};

export const STUDENT_SUMMARY_KEYS = new Set(["modelId", "modelName", "sourceAttributeSetId", "ratedDocs", "trainDocs", "heldOutDocs", "maxChars", "learners", "targets"]);

export const isStudentSummary = (s: Record<string, unknown>): boolean => typeof s.modelId === "string" && Array.isArray(s.targets) && typeof s.learners === "object";

const f = (x: number | null | undefined, d = 3) => (x === null || x === undefined ? "—" : x.toFixed(d));
const LEARNERS = { fasttext: "fastText", linear: "hashed n-gram linear" } as const;

/** Held-out quality of both learners for every target, and which one the student kept. */
export const StudentSummary = ({ s }: { s: TStudentSummaryView }) => (
  <div className="space-y-3" data-testid="student-summary">
    <h3 className="font-semibold">
      Student <span className="font-mono text-xs text-slate-500">{s.modelId}</span> · {s.modelName}
    </h3>
    <div className="grid grid-cols-2 gap-2 md:grid-cols-4 xl:grid-cols-6">
      <Fact label="rated documents" value={formatInt(s.ratedDocs)} />
      <Fact label="training" value={formatInt(s.trainDocs)} />
      <Fact label="held out" value={formatInt(s.heldOutDocs)} testId="student-heldout" />
      <Fact label="text per document" value={s.maxChars > 0 ? `${formatInt(s.maxChars)} chars` : "all"} />
      {(Object.keys(LEARNERS) as (keyof typeof LEARNERS)[]).map((l) =>
        s.learners[l] ? (
          <Fact
            key={l}
            label={`${LEARNERS[l]}`}
            value={`${s.learners[l]!.trainSeconds} s train · ${formatInt(s.learners[l]!.predictDocsPerSecond)} docs/s · ${s.learners[l]!.bytes ? formatBytes(s.learners[l]!.bytes) : "not kept"}`}
          />
        ) : null,
      )}
    </div>
    <table className="w-full text-xs" data-testid="student-targets">
      <thead className="text-left text-slate-500">
        <tr>
          <th className="py-1">target → column</th>
          <th>metric</th>
          <th className="text-right">fastText</th>
          <th className="text-right">linear</th>
          <th className="text-right">kept</th>
        </tr>
      </thead>
      <tbody>
        {s.targets.flatMap((t) => {
          const rows = t.kind === "score" ? ([["Spearman", "spearman"], ["MAE", "mae"]] as const) : ([["macro-F1", "macroF1"], ["accuracy", "accuracy"]] as const);
          return rows.map(([label, key], i) => (
            <tr key={`${t.column}-${key}`} className={i === 0 ? "border-t border-slate-100" : ""} data-testid={i === 0 ? "student-target-row" : undefined}>
              <td className="py-1 font-mono">{i === 0 ? `${t.column} → ${t.output}` : ""}</td>
              <td>{label}</td>
              <td className={`text-right tabular-nums ${t.chosen === "fasttext" ? "font-semibold" : ""}`}>{f(t.fasttext?.[key])}</td>
              <td className={`text-right tabular-nums ${t.chosen === "linear" ? "font-semibold" : ""}`}>{f(t.linear?.[key])}</td>
              <td className="text-right">{i === 0 ? LEARNERS[t.chosen] : ""}</td>
            </tr>
          ));
        })}
      </tbody>
    </table>
    <p className="text-xs text-slate-500">
      Measured on {formatInt(s.heldOutDocs)} held-out rated documents (md5(id, seed) split). Scores: Spearman with tie-corrected ranks and mean absolute error; category: macro-F1 and
      accuracy. The better learner per target (higher Spearman / macro-F1) predicts it for every document.
    </p>
  </div>
);
