import { expect, test } from "@playwright/test";
import { decompress } from "fzstd";

test("build a mix with linked sliders, watch the preview, save, export and download it", async ({ page, request }) => {
  await page.goto("/recipes");
  await page.getByTestId("new-recipe-link").filter({ hasText: "demo" }).first().click();
  await expect(page.getByTestId("recipe-preview")).toBeVisible();
  await page.locator("select").filter({ hasText: "documents" }).first().selectOption("docs");
  await page.getByTestId("budget-value").fill("300");
  await page.getByTestId("sampling-method").selectOption("uniform");
  await page.getByTestId("mix-column").selectOption("source");
  await expect(page.getByTestId("mix-value-spamassassin")).toHaveText("33.3%");
  await expect(page.getByTestId("preview-docs")).toHaveText("300");

  // Drag the spam slider to 60%: the other two share the remaining 40% in proportion.
  await page.getByTestId("mix-slider-spamassassin").fill("60");
  await expect(page.getByTestId("mix-value-spamassassin")).toHaveText("60.0%");
  await expect(page.getByTestId("mix-value-brown")).toHaveText("20.0%");
  await expect(page.getByTestId("mix-value-readme")).toHaveText("20.0%");
  await expect(page.getByTestId("preview-group-row").filter({ hasText: "spamassassin" })).toContainText("180");

  await page.getByTestId("recipe-name").fill("e2e spam-heavy mix");
  await page.getByTestId("recipe-save").click();
  await expect(page).toHaveURL(/\/recipes\/rcp_/);
  await page.getByTestId("recipe-export").click();
  await expect(page).toHaveURL(/\/runs\/run_/);
  await expect(page.getByTestId("run-status")).toContainText("succeeded", { timeout: 60_000 });

  await page.goto("/exports");
  await page.getByTestId("export-manifest-button").first().click();
  const link = page.getByTestId("export-file-link").first();
  await expect(link).toBeVisible();
  const href = await link.getAttribute("href");
  const res = await request.get(href!);
  expect(res.ok()).toBe(true);
  const rows = Buffer.from(decompress(new Uint8Array(await res.body())))
    .toString("utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { source: string });
  expect(rows).toHaveLength(300);
  const count = (s: string) => rows.filter((r) => r.source === s).length;
  expect(count("spamassassin")).toBe(180);
  expect(count("brown")).toBe(60);
  expect(count("readme")).toBe(60);
});
