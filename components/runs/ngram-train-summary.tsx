import { Fact } from "@/components/runs/summary-fact";
import { formatBytes, formatInt } from "@/components/ui/format";
import type { TNgramTrainMetrics } from "@/lib/ngram/train-run";

/** Keys this section shows; the run summary renders the others generically. */
export const NGRAM_SUMMARY_KEYS = new Set(["ngram", "modelId", "arpaFile"]);

/** A train_ngram run: reference set, held-out perplexity, n-grams and discounts per order, timings. */
export const NgramTrainSummary = ({ s }: { s: Record<string, unknown> }) => {
  const m = s.ngram as TNgramTrainMetrics;
  return (
    <div className="space-y-3" data-testid="ngram-summary">
      <div className="grid grid-cols-2 gap-2 md:grid-cols-4 xl:grid-cols-6">
        <Fact label="Held-out perplexity" value={m.heldout.perplexity === null ? "—" : m.heldout.perplexity.toFixed(1)} testId="ngram-heldout-ppl" />
        <Fact label="Held-out documents" value={m.heldout.docs} />
        <Fact label="Held-out OOV rate" value={m.heldout.oovRate === null ? "—" : `${(m.heldout.oovRate * 100).toFixed(2)} %`} />
        <Fact label="Training documents" value={m.trainDocs} testId="ngram-train-docs" />
        <Fact label="Training tokens" value={m.tokens} />
        <Fact label="Vocabulary" value={m.vocab} />
        <Fact label="Model in memory" value={formatBytes(m.modelBytes)} />
        <Fact label="ARPA file" value={formatBytes(m.arpaBytes)} />
        <Fact label="Counting" value={`${m.seconds.count} s (${formatInt(m.trainTokensPerSecond)} tokens/s)`} />
        <Fact label="Estimation" value={`${m.seconds.estimate} s`} />
      </div>
      <table className="text-xs" data-testid="ngram-orders">
        <thead className="text-left text-slate-500">
          <tr>
            <th className="py-1 pr-4">Order</th>
            <th className="pr-4 text-right">N-grams</th>
            <th className="pr-4 text-right">Counted</th>
            <th className="pr-4 text-right">D1</th>
            <th className="pr-4 text-right">D2</th>
            <th className="text-right">D3+</th>
          </tr>
        </thead>
        <tbody>
          {m.ngrams.map((n, i) => (
            <tr key={i} className="border-t border-slate-100 tabular-nums">
              <td className="py-1 pr-4">{i + 1}</td>
              <td className="pr-4 text-right">{formatInt(n)}</td>
              <td className="pr-4 text-right">{formatInt(m.countedNgrams[i])}</td>
              {m.discounts[i].map((d, k) => (
                <td key={k} className="pr-4 text-right">
                  {d.toFixed(3)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {m.discountFallback.length > 0 && <p className="text-xs text-amber-700">Too little data for Kneser-Ney discounts of order {m.discountFallback.join(", ")}: lmplz&apos;s fallback 0.5 / 1 / 1.5 was used.</p>}
      <p className="text-xs text-slate-500">
        Model <span className="font-mono">{String(s.modelId)}</span>, ARPA file <span className="font-mono">{String(s.arpaFile)}</span> (in the data dir; KenLM reads it as is). Score a corpus with it: <em>Annotate…</em> on the corpus page, annotator{" "}
        <span className="font-mono">perplexity</span>.
      </p>
    </div>
  );
};
