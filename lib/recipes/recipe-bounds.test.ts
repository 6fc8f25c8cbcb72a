import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as exportPost } from "@/app/api/exports/route";
import { POST as previewPost } from "@/app/api/recipes/preview/route";
import { POST as savePost } from "@/app/api/recipes/route";
import { startIngest } from "@/lib/ingest/start-ingest";
import { RECIPE_LIMITS } from "@/lib/recipes/schema";
import { runWorkerLoop } from "@/lib/runs/worker-loop";
import { useTempDataDir } from "@/tests/helpers/temp-data-dir";

let corpusId = "";
const ctx = { params: Promise.resolve({}) };
const post = (handler: typeof previewPost, body: unknown) =>
  handler(new Request("http://localhost/api", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }), ctx);

beforeAll(async () => {
  const dir = useTempDataDir("recipe-bounds");
  const file = path.join(dir, "tiny.jsonl");
  fs.writeFileSync(file, [0, 1, 2, 3, 4, 5].map((s) => JSON.stringify({ id: `d${s}`, text: `A document whose score is ${s}.`, q: s })).join("\n"));
  corpusId = startIngest({ name: "tiny", source: { kind: "path", path: file } }, { trusted: true }).corpusId;
  await runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });
});

/** Out-of-range values and the field each 422 must name. */
const OUT_OF_RANGE: [string, object, string][] = [
  ["a budget beyond int64", { budget: { unit: "tokens", value: 1e19 } }, "budget.value"],
  ["a budget of 0", { budget: { unit: "docs", value: 0 } }, "budget.value"],
  ["a tiny temperature", { sampling: { method: "temperature", temperature: 1e-300 } }, "sampling.temperature"],
  ["a huge temperature", { sampling: { method: "gumbel_top_k", temperature: 1e300 } }, "sampling.temperature"],
  ["a huge weight", { score: { terms: [{ column: "q", weight: 1e300 }] } }, "score.terms.0.weight"],
  ["a huge mix target", { mix: { column: "source", targets: { a: 1e300 } } }, "mix.targets.a"],
  ["too many epochs", { maxEpochs: 1e6 }, "maxEpochs"],
  ["a seed beyond 2^53", { seed: 2 ** 60 }, "seed"],
  ["a filter bound beyond int64", { filters: [{ op: "range", column: "q", min: 1e300 }] }, "filters.0.min"],
];

describe("recipe bounds", () => {
  it.each(OUT_OF_RANGE)("%s is a 422 naming the field in preview, save and export", async (_label, patch, field) => {
    const recipe = { corpusId, ...patch };
    for (const [name, res] of [
      ["preview", await post(previewPost, { recipe })],
      ["save", await post(savePost, { recipe })],
      ["export", await post(exportPost, { recipe })],
    ] as const) {
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect({ name, status: res.status }).toEqual({ name, status: 422 });
      expect(body.error.message).toContain(field);
    }
  });

  it("the limits themselves preview without an error", async () => {
    const recipe = {
      corpusId,
      score: { terms: [{ column: "q", weight: RECIPE_LIMITS.maxWeight }] },
      sampling: { method: "temperature", temperature: RECIPE_LIMITS.minTemperature },
      budget: { unit: "tokens", value: RECIPE_LIMITS.maxBudget },
      maxEpochs: RECIPE_LIMITS.maxEpochs,
      seed: RECIPE_LIMITS.maxSeed,
      filters: [{ op: "range", column: "q", min: -9e18, max: 9e18 }],
    };
    const res = await post(previewPost, { recipe });
    expect(res.status).toBe(200);
    const preview = (await res.json()) as { totals: { filteredDocs: number; selectedDocs: number; copies: number } };
    expect(preview.totals.filteredDocs).toBe(6);
    // The budget far exceeds the corpus: every document, repeated up to maxEpochs times.
    expect(preview.totals.selectedDocs).toBe(6);
    expect(preview.totals.copies).toBe(6 * RECIPE_LIMITS.maxEpochs);
  });
});
