import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { listBrownFiles, untagBrownFile, BROWN_DIR } from "../lib/demo/brown";

/** A JSONL file of real Brown-corpus texts, with one malformed line, written for this test. */
const writeUpload = () => {
  const files = listBrownFiles().filter((f) => f.startsWith("cf")).slice(0, 30);
  const lines = files.map((f, i) => JSON.stringify({ doc_id: `upl-${f}`, content: untagBrownFile(fs.readFileSync(path.join(BROWN_DIR, f), "utf8")), position: i }));
  lines.splice(5, 0, '{"doc_id": "broken", "content": "unterminated');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "winnow-e2e-")), "popular-lore.jsonl");
  fs.writeFileSync(file, lines.join("\n") + "\n");
  const known = untagBrownFile(fs.readFileSync(path.join(BROWN_DIR, files[7]), "utf8"));
  // A phrase of the known document: words 10..16 of its first sentence.
  const phrase = known.split("\n")[0].split(" ").slice(2, 8).join(" ");
  return { file, count: files.length, knownId: `upl-${files[7]}`, phrase, known };
};

test("the studio shows the demo corpus", async ({ page }) => {
  await page.goto("/corpora");
  const row = page.getByTestId("corpus-row").filter({ hasText: "demo" });
  await expect(row).toBeVisible();
  await row.getByRole("link", { name: "demo" }).click();
  await expect(page.getByTestId("corpus-name")).toHaveText("demo");
  await expect(page.getByTestId("documents-total")).toContainText("documents");
  await expect(page.getByTestId("document-row").first()).toBeVisible();
});

test("upload a JSONL file, wait for the ingest run, find a document by search and open it", async ({ page }) => {
  const upload = writeUpload();
  await page.goto("/corpora");
  await page.getByTestId("upload-input").setInputFiles(upload.file);
  await expect(page.getByTestId("ingest-form")).toBeVisible();
  await expect(page.getByTestId("text-field-select")).toHaveValue("content");
  await page.getByTestId("id-field-select").selectOption("doc_id");
  await page.getByTestId("corpus-name-input").fill("e2e popular lore");
  await page.getByTestId("ingest-button").click();

  await expect(page).toHaveURL(/\/runs\/run_/);
  await expect(page.getByTestId("run-status")).toContainText("succeeded", { timeout: 60_000 });
  await expect(page.getByTestId("summary-docs-out")).toHaveText(String(upload.count));
  await expect(page.getByTestId("summary-bad-rows")).toHaveText("1");
  await expect(page.getByTestId("bad-kind-invalid_json")).toContainText("popular-lore.jsonl:6");

  await page.getByTestId("run-corpus-link").click();
  await expect(page.getByTestId("corpus-name")).toHaveText("e2e popular lore");
  await expect(page.getByTestId("stat-docs")).toHaveText(String(upload.count));
  await page.getByTestId("search-input").fill(upload.phrase);
  await expect(page.getByTestId("documents-total")).toHaveText("1 document");
  const row = page.locator(`[data-testid="document-row"][data-doc-id="${upload.knownId}"]`);
  await expect(row).toBeVisible();
  await row.click();
  await expect(page.getByTestId("inspector-id")).toHaveText(upload.knownId);
  await expect(page.getByTestId("inspector-text")).toContainText(upload.known.split("\n")[1]);
  // The view (search and open document) lives in the URL: a reload shows the same state.
  await expect(page).toHaveURL(new RegExp(`doc=${upload.knownId}`));
  await page.reload();
  await expect(page.getByTestId("inspector-id")).toHaveText(upload.knownId);
});
