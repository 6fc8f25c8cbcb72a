import { expect, test } from "@playwright/test";
import { startInferenceServer, type TInferenceServer } from "../tests/helpers/inference-server";

const TOKEN = "hf_e2eSecretTokenValue_7x9q";
let server: TInferenceServer;

test.beforeAll(async () => {
  server = await startInferenceServer();
});
test.afterAll(async () => {
  await server.close();
});

test("add an endpoint on the local test server, test it, rate a sample of the demo corpus with DataMan and see the ratings", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page).toHaveURL(/\/settings\/endpoints/);

  // No endpoints yet: the form is open.
  await page.getByTestId("endpoint-name").fill("e2e local");
  await page.getByTestId("endpoint-kind").selectOption("openai");
  await page.getByTestId("endpoint-base-url").fill(server.url);
  await page.getByTestId("endpoint-model").fill("test-model");
  await page.getByTestId("endpoint-token").fill(TOKEN);
  await page.getByTestId("endpoint-price-in").fill("0.2");
  await page.getByTestId("endpoint-price-out").fill("0.6");
  await page.getByTestId("endpoint-save").click();
  const row = page.getByTestId("endpoint-row").filter({ hasText: "e2e local" });
  await expect(row.getByTestId("endpoint-token-masked")).toHaveText("hf_…7x9q");

  await row.getByTestId("endpoint-test").click();
  await expect(row.getByTestId("endpoint-test-result")).toHaveAttribute("data-ok", "true");
  await expect(row.getByTestId("endpoint-test-result")).toContainText("pong");
  expect(server.requests.at(-1)?.authorization).toBe(`Bearer ${TOKEN}`);
  // The token is in no page the studio serves.
  await page.reload();
  expect(await page.content()).not.toContain(TOKEN);

  // Rate a stratified sample of 40 demo documents.
  await page.goto("/corpora");
  await page.getByTestId("corpus-row").filter({ hasText: "demo" }).getByRole("link", { name: "demo" }).click();
  await page.getByTestId("annotate-button").click();
  await page.getByTestId("annotator-dataman").check();
  await expect(page.getByTestId("config-dataman-endpointId")).toContainText("e2e local");
  await page.getByTestId("config-dataman-sampleSize").fill("40");
  await page.getByTestId("annotate-launch").click();

  await expect(page).toHaveURL(/\/runs\/run_/);
  await expect(page.getByTestId("run-status")).toContainText("succeeded", { timeout: 90_000 });
  await expect(page.getByTestId("inference-rated")).toHaveText("40");
  await expect(page.getByTestId("inference-requests")).toHaveText("40");
  await expect(page.getByTestId("inference-cost")).not.toContainText("no prices");
  await expect(page.getByTestId("sample-by-source")).toContainText("spamassassin");
  expect(await page.content()).not.toContain(TOKEN);

  await page.getByTestId("run-corpus-link").click();
  await expect(page.getByTestId("histograms")).toContainText("dataman.overall_score");
  await page.getByTestId("filter-column").selectOption("dataman.overall_score");
  await page.getByTestId("filter-min").fill("1");
  await page.getByTestId("filter-add").click();
  await expect(page.getByTestId("filter-chip")).toContainText("dataman.overall_score");
  await page.getByTestId("document-row").first().click();
  await expect(page.getByTestId("inspector-fields")).toContainText("dataman.domain");
  await expect(page.getByTestId("inspector-fields")).toContainText("dataman.rated");
});
