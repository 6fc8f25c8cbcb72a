import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";

/** Opens the demo corpus page, with documents-table filters given in the URL. */
const openDemo = async (page: import("@playwright/test").Page, filters?: object[]) => {
  await page.goto("/corpora");
  const href = await page.getByTestId("corpus-row").filter({ hasText: "demo" }).getByRole("link", { name: "demo" }).getAttribute("href");
  await page.goto(filters ? `${href}?f=${encodeURIComponent(JSON.stringify(filters))}` : href!);
  await expect(page.getByTestId("corpus-name")).toHaveText("demo");
};

test("train an n-gram model on a filtered reference set, then annotate perplexity with it", async ({ page }) => {
  await openDemo(page, [{ op: "in", column: "genre", values: ["learned", "belles-lettres"] }]);
  await expect(page.getByTestId("documents-total")).toContainText("155 documents");
  await page.getByTestId("train-ngram-button").click();
  await expect(page.getByTestId("train-ngram-total")).toHaveText("155");
  await page.getByTestId("train-ngram-name").fill("e2e learned 3-gram");
  await page.getByTestId("train-ngram-order").fill("3");
  await page.getByTestId("train-ngram-launch").click();
  await expect(page).toHaveURL(/\/runs\/run_/);
  await expect(page.getByTestId("run-status")).toContainText("succeeded", { timeout: 90_000 });
  await expect(page.getByTestId("ngram-summary")).toBeVisible();
  await expect(page.getByTestId("ngram-orders")).toContainText("3");
  await expect(page.getByTestId("ngram-heldout-ppl")).not.toHaveText("—");

  await openDemo(page);
  await page.getByTestId("annotate-button").click();
  await page.getByTestId("annotator-perplexity").check();
  const picker = page.getByTestId("config-perplexity-model_id");
  await expect(picker.locator("option", { hasText: "e2e learned 3-gram" })).toHaveCount(1);
  const value = await picker.locator("option", { hasText: "e2e learned 3-gram" }).getAttribute("value");
  await picker.selectOption(value!);
  await page.getByTestId("annotate-launch").click();
  await expect(page).toHaveURL(/\/runs\/run_/);
  await expect(page.getByTestId("run-status")).toContainText("succeeded", { timeout: 120_000 });

  await page.getByTestId("run-corpus-link").click();
  await expect(page.getByTestId("histograms")).toContainText("perplexity.ppl");
  await page.getByTestId("filter-column").selectOption("perplexity.ppl");
  await page.getByTestId("filter-min").fill("0");
  await page.getByTestId("filter-add").click();
  await expect(page.getByTestId("filter-chip")).toContainText("perplexity.ppl");
});

test("import external scores from an uploaded JSONL file", async ({ page }) => {
  const rows = [
    { id: "brown-ca01", pds: 0.9, tier: "a" },
    { id: "brown-ca02", pds: 0.4, tier: "b" },
    { id: "brown-ca03", pds: 0.1, tier: "b" },
    { id: "not-in-the-corpus", pds: 0.5, tier: "c" },
  ];
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "winnow-e2e-")), "pds-scores.jsonl");
  fs.writeFileSync(file, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
  await openDemo(page);
  await page.getByTestId("import-scores-button").click();
  await page.getByTestId("import-scores-panel").getByTestId("upload-input").setInputFiles(file);
  await expect(page.getByTestId("import-form")).toBeVisible();
  await expect(page.getByTestId("import-id-column")).toHaveValue("id");
  await expect(page.getByTestId("import-prefix")).toHaveValue("pds_scores");
  await page.getByTestId("import-launch").click();
  await expect(page).toHaveURL(/\/runs\/run_/);
  await expect(page.getByTestId("run-status")).toContainText("succeeded", { timeout: 60_000 });
  await expect(page.getByTestId("import-matched")).toHaveText("3");
  await expect(page.getByTestId("import-unmatched")).toHaveText("1");
  await expect(page.getByTestId("import-summary")).toContainText("not-in-the-corpus (row 4)");

  await openDemo(page, [{ op: "range", column: "pds_scores.pds", min: 0.3 }]);
  await expect(page.getByTestId("documents-total")).toContainText("2 documents");
});
