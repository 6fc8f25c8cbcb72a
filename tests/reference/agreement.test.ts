/**
 * Reference agreement: Winnow's rule annotators against the reference runners of datatrove (main,
 * v0.3) and DCLM in ../shared/oracle, on a varied English corpus generated here (tests/reference/corpus.ts).
 * Requires Debian's python3 with python3-numpy, python3-regex, python3-nltk (installed by .ci/run);
 * skipped, with the reason, when they or the runners are missing.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { agreement, dclmComparable, oracleUnavailable, referenceVerdict, runOracle, winnowVerdicts, type TProfile } from "@/tests/reference/agreement";
import { buildReferenceCorpus } from "@/tests/reference/corpus";

const why = oracleUnavailable();
if (why) console.warn(`[reference agreement] skipped: ${why}`);

const DOCS = Number(process.env.WINNOW_REFERENCE_DOCS ?? 1200);
const CASES: { preset: string; profile: TProfile; annotators: string[] }[] = [
  { preset: "datatrove", profile: "head", annotators: ["gopher_quality", "gopher_repetition", "c4", "fineweb"] },
  { preset: "fineweb", profile: "v0.3", annotators: ["gopher_quality", "gopher_repetition", "c4", "fineweb"] },
  { preset: "dclm", profile: "dclm", annotators: ["gopher_quality", "gopher_repetition", "c4"] },
];
/** Figures of the last run, for docs/annotators.md. */
const FIGURES = path.resolve(__dirname, "../../bench/out/reference-agreement.json");

describe.skipIf(why !== null)("agreement with the reference pipelines", () => {
  const docs = buildReferenceCorpus(DOCS);
  const figures: Record<string, unknown> = {};

  for (const { preset, profile, annotators } of CASES) {
    describe(`preset ${preset} vs ${profile === "dclm" ? "DCLM" : `datatrove ${profile}`}`, () => {
      let rows: Record<string, unknown>[] = [];
      it("runs the reference", () => {
        rows = runOracle(docs, profile);
        expect(rows).toHaveLength(docs.length);
      }, 300_000);
      for (const a of annotators) {
        it(`${a}: keep/drop ≥ 99.5 %, first failing rule ≥ 99 %`, async () => {
          const idx = rows.map((r, i) => (profile !== "dclm" || dclmComparable(r, a) ? i : -1)).filter((i) => i >= 0);
          const sub = idx.map((i) => docs[i]);
          const ours = await winnowVerdicts(sub, a, preset);
          const ref = idx.map((i) => referenceVerdict(rows[i], a, profile));
          const ag = agreement(
            sub.map((d) => d.id),
            ours,
            ref,
          );
          figures[`${a}/${preset}`] = { docs: ag.docs, keep: ag.keep, rule: ag.rule, examples: ag.mismatches.slice(0, 5) };
          fs.mkdirSync(path.dirname(FIGURES), { recursive: true });
          fs.writeFileSync(FIGURES, JSON.stringify(figures, null, 2));
          const detail = ag.mismatches.slice(0, 5).map((m) => `${m.id}: ours ${JSON.stringify(m.ours)} vs ${JSON.stringify(m.ref)}`).join("\n");
          expect(ag.keep, detail).toBeGreaterThanOrEqual(0.995);
          expect(ag.rule, detail).toBeGreaterThanOrEqual(0.99);
        }, 300_000);
      }
    });
  }
});
