import { expect, test } from "@playwright/test";

test("annotate the demo corpus from the studio, then filter and inspect by annotation", async ({ page }) => {
  await page.goto("/corpora");
  await page.getByTestId("corpus-row").filter({ hasText: "demo" }).getByRole("link", { name: "demo" }).click();
  await page.getByTestId("annotate-button").click();
  await page.getByTestId("annotator-gopher_quality").check();
  await page.getByTestId("annotator-c4").check();
  await page.getByTestId("annotate-estimate-button").click();
  await expect(page.getByTestId("annotate-estimate")).toContainText("documents");
  await page.getByTestId("annotate-launch").click();

  await expect(page).toHaveURL(/\/runs\/run_/);
  await expect(page.getByTestId("run-status")).toContainText("succeeded", { timeout: 90_000 });
  // Pass rates per subset separate ham from spam.
  await expect(page.getByTestId("pass-rates")).toContainText("label");
  await expect(page.getByTestId("pass-rates")).toContainText("spam");

  await page.getByTestId("run-corpus-link").click();
  await expect(page.getByTestId("histograms")).toContainText("gopher_quality.word_count");
  await page.getByTestId("filter-column").selectOption("c4.lines_removed");
  await page.getByTestId("filter-min").fill("3");
  await page.getByTestId("filter-add").click();
  await expect(page.getByTestId("filter-chip")).toContainText("c4.lines_removed");
  await page.getByTestId("document-row").first().click();
  await expect(page.getByTestId("inspector-flagged")).toBeVisible();
  await expect(page.locator("[data-flagged]").first()).toBeVisible();
  await expect(page.getByTestId("inspector-fields")).toContainText("gopher_quality.pass");
});
