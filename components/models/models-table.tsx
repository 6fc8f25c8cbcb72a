import Link from "next/link";
import { StatusBadge } from "@/components/ui/card";
import { formatTime } from "@/components/ui/format";

export type TModelView = {
  id: string;
  kind: string;
  name: string;
  status: string;
  path: string;
  runId: string | null;
  metrics: Record<string, unknown>;
  config: Record<string, unknown>;
  createdAt: number;
};

/** The headline held-out figure of a model: a classifier's ROC AUC, a student's best Spearman. */
const headline = (m: TModelView): string => {
  const heldOut = m.metrics.heldOut as { rocAuc?: number | null; docs?: number } | undefined;
  if (heldOut?.rocAuc !== undefined && heldOut.rocAuc !== null) return `ROC AUC ${heldOut.rocAuc.toFixed(4)} (${heldOut.docs} held out)`;
  const targets = m.metrics.targets as { column: string; chosen: string; fasttext?: { spearman?: number | null }; linear?: { spearman?: number | null } }[] | undefined;
  if (targets?.length) {
    return targets
      .filter((t) => t.fasttext?.spearman !== undefined || t.linear?.spearman !== undefined)
      .map((t) => `${t.column} ρ ${((t.chosen === "fasttext" ? t.fasttext?.spearman : t.linear?.spearman) ?? NaN).toFixed(3)}`)
      .join(", ");
  }
  if (Array.isArray(m.config.labels)) return `labels: ${(m.config.labels as string[]).join(", ")}`;
  return "";
};

export const ModelsTable = ({ models }: { models: TModelView[] }) =>
  models.length === 0 ? (
    <p className="text-sm text-slate-500">No models yet. Train a classifier or a student from a corpus page, or register a fastText file with POST /api/models.</p>
  ) : (
    <table className="w-full text-sm" data-testid="models-table">
      <thead className="text-left text-xs text-slate-500">
        <tr>
          <th className="py-1">name</th>
          <th>kind</th>
          <th>status</th>
          <th>held-out quality</th>
          <th>run</th>
          <th>created</th>
        </tr>
      </thead>
      <tbody>
        {models.map((m) => (
          <tr key={m.id} className="border-t border-slate-100" data-testid="model-row">
            <td className="py-1">
              {m.name} <span className="font-mono text-xs text-slate-400">{m.id}</span>
            </td>
            <td>{m.kind}</td>
            <td>
              <StatusBadge status={m.status} />
            </td>
            <td className="text-xs">{headline(m)}</td>
            <td>
              {m.runId ? (
                <Link className="text-blue-700 hover:underline" href={`/runs/${m.runId}`}>
                  {m.runId}
                </Link>
              ) : (
                <span className="font-mono text-xs text-slate-500" title={m.path}>
                  registered file
                </span>
              )}
            </td>
            <td className="text-xs text-slate-500">{formatTime(m.createdAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
