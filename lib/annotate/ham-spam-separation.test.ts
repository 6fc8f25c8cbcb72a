import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { startAnnotate } from "@/lib/annotate/start-annotate";
import { spamAssassinDocs } from "@/lib/demo/spam-assassin";
import { startIngest } from "@/lib/ingest/start-ingest";
import { getRunOrThrow } from "@/lib/runs/get-run";
import { runWorkerLoop } from "@/lib/runs/worker-loop";
import { useTempDataDir } from "@/tests/helpers/temp-data-dir";

type TRates = { overall: Record<string, number>; byGroup: Record<string, Record<string, { docs: number; rates: Record<string, number> }>> };

// Every SpamAssassin message of the demo corpus (labels never shown to the rules): the built-in
// rule sets must tell spam from ham measurably, and the annotation run reports it per label.
let rates: TRates;
let mails: ReturnType<typeof spamAssassinDocs>;

beforeAll(async () => {
  const dir = useTempDataDir("ham-spam");
  mails = spamAssassinDocs();
  const file = path.join(dir, "mails.jsonl");
  fs.writeFileSync(file, mails.map((d) => JSON.stringify(d)).join("\n"));
  const { corpusId } = startIngest({ name: "mails", source: { kind: "path", path: file } }, { trusted: true });
  await runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });
  // Preset dclm (whitespace words): on raw mails with their headers, datatrove's definitions (spaCy
  // tokens, where every ":" "<" "@" of a header is a word) fail nearly every message, ham or spam
  // (gopher_quality passes 0.6 % of ham), so they do not separate them; DCLM's do.
  const { runId } = startAnnotate({
    corpusId,
    annotators: ["gopher_quality", "gopher_repetition", "c4", "fineweb"].map((id) => ({ id, config: id === "fineweb" ? {} : { preset: "dclm" } })),
  });
  await runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });
  const run = getRunOrThrow(runId);
  expect(run.status).toBe("succeeded");
  rates = JSON.parse(run.summaryJson).passRates as TRates;
}, 240_000);

describe("rule-based quality signals on ham and spam", () => {
  it("reports pass rates per label for every rule set", () => {
    const byLabel = rates.byGroup.label;
    expect(byLabel.ham.docs + byLabel.spam.docs).toBe(mails.length);
    expect(byLabel.ham.docs).toBe(mails.filter((m) => m.label === "ham").length);
    expect(Object.keys(byLabel.spam.rates).sort()).toEqual(["c4.pass", "fineweb.pass", "gopher_quality.pass", "gopher_repetition.pass"]);
  });

  it("passes spam measurably less often than ham under Gopher and C4 rules", () => {
    const { ham, spam } = rates.byGroup.label;
    // Two-proportion z-score of each gap: beyond 4 standard errors is no accident of sampling.
    const z = (k: string) => {
      const p = (ham.rates[k] * ham.docs + spam.rates[k] * spam.docs) / (ham.docs + spam.docs);
      return (ham.rates[k] - spam.rates[k]) / Math.sqrt(p * (1 - p) * (1 / ham.docs + 1 / spam.docs));
    };
    for (const k of Object.keys(ham.rates)) console.log(`${k}: ham ${(100 * ham.rates[k]).toFixed(1)} %, spam ${(100 * spam.rates[k]).toFixed(1)} %, z ${z(k).toFixed(1)}`);
    for (const k of ["gopher_quality.pass", "gopher_repetition.pass", "c4.pass"]) {
      expect(ham.rates[k] - spam.rates[k]).toBeGreaterThan(0.05);
      expect(z(k)).toBeGreaterThan(4);
    }
  });
});
