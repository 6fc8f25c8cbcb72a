import { expect, test, type Locator, type Page } from "@playwright/test";

const openDemo = async (page: Page) => {
  await page.goto("/corpora");
  await page.getByTestId("corpus-row").filter({ hasText: "demo" }).getByRole("link", { name: "demo" }).click();
};

/** Adds `column is one of value` in one FilterBar. */
const addInFilter = async (set: Locator, column: string, value: string) => {
  await set.getByTestId("filter-column").selectOption(column);
  await set.getByTestId("filter-value").fill(value);
  await set.getByTestId("filter-add").click();
  await expect(set.getByTestId("filter-chip")).toContainText(`${column} ∈ {${value}}`);
};

test("train a ham-vs-spam fastText classifier from the corpus page, see its held-out AUC, and pick it in the annotate panel", async ({ page }) => {
  test.setTimeout(420_000);
  await openDemo(page);
  await page.getByTestId("train-classifier-button").click();
  const panel = page.getByTestId("train-classifier-panel");
  await panel.getByTestId("classifier-name").fill("Ham vs spam");
  await panel.getByTestId("positive-set-label").fill("ham");
  await panel.getByTestId("negative-set-label").fill("spam");
  await addInFilter(panel.getByTestId("positive-set"), "label", "ham");
  await addInFilter(panel.getByTestId("negative-set"), "label", "spam");
  await panel.getByTestId("classifier-heldout").fill("50");
  // A small model for a 3k-mail training set: more epochs, fewer buckets than DCLM's 200k-example defaults.
  await panel.getByTestId("classifier-epoch").fill("25");
  await panel.getByTestId("classifier-dim").fill("32");
  await panel.getByTestId("classifier-bucket").fill("100000");
  await panel.getByTestId("classifier-launch").click();

  await expect(page).toHaveURL(/\/runs\/run_/);
  await expect(page.getByTestId("run-status")).toContainText("succeeded", { timeout: 240_000 });
  const auc = Number(await page.getByTestId("classifier-auc").textContent());
  expect(auc).toBeGreaterThanOrEqual(0.95);
  await expect(page.getByTestId("classifier-summary")).toContainText("held out (ham / spam)");

  // The chained annotation run writes P(ham) for every document. (A full load of its page: during a
  // client-side navigation the training run's "succeeded" would still be on screen.)
  const annotateRun = await page.getByTestId("classifier-annotate-run").getAttribute("href");
  await page.goto(annotateRun!);
  await expect(page.getByTestId("run-status")).toContainText("succeeded", { timeout: 120_000 });

  await openDemo(page);
  await expect(page.getByTestId("histograms")).toContainText("fasttext.ham_vs_spam_prob");
  await page.getByTestId("annotate-button").click();
  await page.getByTestId("annotator-fasttext").check();
  const picker = page.getByTestId("config-fasttext-model");
  await expect(picker.locator("option", { hasText: "Ham vs spam" })).toHaveCount(1);
  await picker.selectOption({ label: await picker.locator("option", { hasText: "Ham vs spam" }).innerText() });
  await expect(page.getByTestId("config-fasttext-positive_label")).toHaveValue("ham");
  await page.getByTestId("annotate-estimate-button").click();
  await expect(page.getByTestId("annotate-estimate")).toContainText("documents");
  await page.getByLabel("Close").click();

  // A student distilled from the classifier's attribute set (the linear learner only, to keep this quick).
  await page.getByTestId("train-student-button").click();
  const student = page.getByTestId("train-student-panel");
  await student.getByTestId("student-set").selectOption({ label: await student.locator("option", { hasText: "fastText: Ham vs spam" }).innerText() });
  await expect(student.getByTestId("student-score-fasttext.ham_vs_spam_prob")).toBeChecked();
  await student.getByTestId("student-category").selectOption("fasttext.ham_vs_spam_label");
  await student.getByTestId("student-learner-fasttext").uncheck();
  await student.getByTestId("student-launch").click();
  await expect(page).toHaveURL(/\/runs\/run_/);
  await expect(page.getByTestId("run-status")).toContainText("succeeded", { timeout: 180_000 });
  await expect(page.getByTestId("student-target-row")).toHaveCount(2);
  await expect(page.getByTestId("student-summary")).toContainText("student.ham_vs_spam_prob");

  await page.goto("/models");
  await expect(page.getByTestId("model-row")).toHaveCount(2);
  await expect(page.getByTestId("models-table")).toContainText("ROC AUC");
});
