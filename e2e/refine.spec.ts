import { expect, test } from "@playwright/test";

const spamOnly = encodeURIComponent(JSON.stringify([{ op: "in", column: "source", values: ["spamassassin"] }]));

test("refine the demo corpus with rule programs, then see the diff of a SpamAssassin message", async ({ page }) => {
  await page.goto("/corpora");
  await page.getByTestId("corpus-row").filter({ hasText: "demo" }).getByRole("link", { name: "demo" }).click();
  // Refine the ingested version (another spec may have refined the corpus already); the version switcher comes first.
  await page.getByRole("link", { name: "v1", exact: true }).first().click();
  await expect(page).toHaveURL(/version=/);
  await page.getByTestId("refine-button").click();
  // The e-mail rules are preselected; add a web-boilerplate rule and tune a setting.
  await expect(page.getByTestId("rule-email_headers")).toBeChecked();
  await expect(page.getByTestId("rule-signatures")).toBeChecked();
  await page.getByTestId("rule-share_subscribe").check();
  await page.getByTestId("rule-settings-signatures").click();
  await page.getByTestId("rule-signatures-max_lines").fill("12");
  await page.getByTestId("refine-launch").click();

  await expect(page).toHaveURL(/\/runs\/run_/);
  await expect(page.getByTestId("run-status")).toContainText("succeeded", { timeout: 90_000 });
  const summary = page.getByTestId("refine-summary");
  await expect(summary).toBeVisible();
  await expect(page.getByTestId("refine-by-source")).toContainText("email_headers");
  await expect(page.getByTestId("refine-by-doc-source")).toContainText("spamassassin");
  const linesRemoved = Number((await page.getByTestId("refine-lines-removed").innerText()).replace(/\D/g, ""));
  expect(linesRemoved).toBeGreaterThan(10_000);

  // The refined version is the corpus's current one; it says where it comes from.
  // The summary reads "v1 → vN": the second version link is the refined version.
  const child = summary.getByRole("link", { name: /^v\d+$/ }).nth(1);
  const childName = await child.innerText();
  await child.click();
  await expect(page.getByTestId("version-lineage")).toContainText("Refined from");
  const v2 = new URL(page.url()).searchParams.get("version")!;
  await page.goto(`${new URL(page.url()).pathname}?version=${v2}&f=${spamOnly}`);
  await page.getByTestId("document-row").first().click();
  const refinement = page.getByTestId("refinement");
  await expect(refinement).toContainText(`v1 → ${childName}`);
  // Removed header lines are struck through, with the rule that removed them.
  await expect(page.locator('[data-diff="removed"]').first()).toContainText("email_headers");
  await page.getByTestId("refinement-tab-program").click();
  await expect(page.getByTestId("refinement-program")).toContainText("remove_lines(line_start=0");

  // The same document in the parent version shows the same refinement, seen from the original.
  const docId = await page.getByTestId("inspector-id").innerText();
  await page.getByTestId("refinement-other-version").click();
  await expect(page).not.toHaveURL(new RegExp(`version=${v2}`));
  await expect(page.getByTestId("version-lineage")).toContainText("Refined into");
  await expect(page.getByTestId("inspector-id")).toHaveText(docId);
  await expect(page.getByTestId("refinement")).toContainText(`this document in ${childName} (refined)`);
  await expect(page.getByTestId("inspector-text")).toContainText("Received:");
});
