"use client";

import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Modal, NumberField } from "@/components/ui/modal";
import { FieldErrorsNote, useFieldErrors } from "@/components/ui/numeric-input";
import { ZHeldOutFractionSchema } from "@/lib/fasttext/hyper-params";
import { boundsFromZod, scaleBounds } from "@/lib/forms/number-text";
import { ZStudentMaxCharsSchema } from "@/lib/student/student-fields";
import { useLaunchRun } from "@/components/ui/use-launch-run";

type TSetInfo = { id: string; name: string; nDocs: number; columns: { name: string; type: string; description: string }[] };

const NUMERIC = /^(BIGINT|INTEGER|DOUBLE|FLOAT|REAL|DECIMAL|SMALLINT|TINYINT|UBIGINT|UINTEGER|HUGEINT)/i;

/** Pick the attribute set with the ratings and the columns to learn; both learners are trained and compared. */
export const TrainStudentPanel = ({ corpusId, versionId, onClose }: { corpusId: string; versionId?: string; onClose: () => void }) => {
  const [sets, setSets] = useState<TSetInfo[] | null>(null);
  const [setId, setSetId] = useState("");
  const [scores, setScores] = useState<string[]>([]);
  const [category, setCategory] = useState("");
  const [learners, setLearners] = useState({ fasttext: true, linear: true });
  const [heldOutPct, setHeldOutPct] = useState(20);
  const [maxChars, setMaxChars] = useState(8000);
  const { launch, busy, error, setError } = useLaunchRun();
  const fields = useFieldErrors();

  useEffect(() => {
    fetch(`/api/corpora/${encodeURIComponent(corpusId)}/attribute-sets${versionId ? `?versionId=${encodeURIComponent(versionId)}` : ""}`)
      .then((r) => r.json())
      .then((d: { attributeSets: TSetInfo[] }) => setSets(d.attributeSets))
      .catch((e) => setError((e as Error).message));
  }, [corpusId, versionId, setError]);

  const set = sets?.find((s) => s.id === setId);
  const numeric = set?.columns.filter((c) => NUMERIC.test(c.type)) ?? [];
  const categorical = set?.columns.filter((c) => c.type === "VARCHAR" || c.type === "BOOLEAN") ?? [];
  const chooseSet = (id: string) => {
    setSetId(id);
    const s = sets?.find((x) => x.id === id);
    // Ratings (1–5 scores) are the usual targets; start with every numeric column chosen.
    setScores(s ? s.columns.filter((c) => NUMERIC.test(c.type)).map((c) => c.name) : []);
    setCategory(s?.columns.find((c) => c.type === "VARCHAR" && /domain/.test(c.name))?.name ?? "");
  };

  const train = () =>
    launch("/api/train/student", {
      corpusId,
      versionId,
      attributeSetId: setId,
      scoreTargets: scores,
      categoryTarget: category || null,
      learners,
      heldOutFraction: heldOutPct / 100,
      maxChars,
    });

  return (
    <Modal
      title="Train a student on ratings"
      onClose={onClose}
      testId="train-student-panel"
      error={error}
      footer={
        <div className="flex items-center justify-end gap-2">
          <FieldErrorsNote summary={fields.summary} testId="student-errors" />
          <Button variant="primary" onClick={train} disabled={busy || fields.invalid || !set || (scores.length === 0 && !category) || (!learners.fasttext && !learners.linear)} data-testid="student-launch">
            Train and apply
          </Button>
        </div>
      }
    >
      <p className="text-xs text-slate-500">
        The student learns the chosen columns from the documents where all of them are set (the rated sample), is measured on a held-out share (Spearman and MAE for scores, accuracy
        and macro-F1 for the category), keeps the better learner per column, and then predicts every document into a new attribute set.
      </p>
      {sets && sets.length === 0 && <p className="text-sm text-slate-600">This corpus version has no attribute sets yet: rate documents first (or import scores).</p>}
      <label className="block text-sm">
        <span className="text-slate-600">Ratings from</span>
        <select className="ml-2 rounded border border-slate-300 px-1.5 py-0.5" value={setId} onChange={(e) => chooseSet(e.target.value)} data-testid="student-set">
          <option value="">choose an attribute set…</option>
          {(sets ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} ({s.columns.length} columns)
            </option>
          ))}
        </select>
      </label>
      {set && (
        <>
          <div>
            <div className="text-sm text-slate-600">Scores to predict</div>
            <div className="mt-1 grid grid-cols-2 gap-1 md:grid-cols-3">
              {numeric.map((c) => (
                <label key={c.name} className="flex items-center gap-1 font-mono text-xs" title={c.description}>
                  <input
                    type="checkbox"
                    checked={scores.includes(c.name)}
                    onChange={(e) => setScores(e.target.checked ? [...scores, c.name] : scores.filter((x) => x !== c.name))}
                    data-testid={`student-score-${c.name}`}
                  />
                  {c.name}
                </label>
              ))}
              {numeric.length === 0 && <span className="text-xs text-slate-500">no numeric columns</span>}
            </div>
          </div>
          <label className="block text-sm">
            <span className="text-slate-600">Category to predict</span>
            <select className="ml-2 rounded border border-slate-300 px-1.5 py-0.5 font-mono text-xs" value={category} onChange={(e) => setCategory(e.target.value)} data-testid="student-category">
              <option value="">none</option>
              {categorical.map((c) => (
                <option key={c.name} value={c.name}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        </>
      )}
      <div className="flex flex-wrap items-end gap-4">
        <label className="flex items-center gap-1 text-sm">
          <input type="checkbox" checked={learners.fasttext} onChange={(e) => setLearners({ ...learners, fasttext: e.target.checked })} data-testid="student-learner-fasttext" />
          fastText
        </label>
        <label className="flex items-center gap-1 text-sm">
          <input type="checkbox" checked={learners.linear} onChange={(e) => setLearners({ ...learners, linear: e.target.checked })} data-testid="student-learner-linear" />
          hashed n-gram linear model
        </label>
        <div className="w-28">
          <NumberField label="held out %" value={heldOutPct} onChange={setHeldOutPct} bounds={scaleBounds(boundsFromZod(ZHeldOutFractionSchema), 100)} onError={(e) => fields.report("held out %", e)} testId="student-heldout" />
        </div>
        <div className="w-28">
          <NumberField label="max chars" value={maxChars} onChange={setMaxChars} bounds={boundsFromZod(ZStudentMaxCharsSchema)} onError={(e) => fields.report("max chars", e)} testId="student-maxchars" />
        </div>
      </div>
    </Modal>
  );
};
