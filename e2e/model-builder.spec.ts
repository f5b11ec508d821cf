import { expect, test } from "./fixtures";

test("an admin opens the model builder, sees the frontier and the models, and takes a frontier portfolio to a model's editor", async ({ pageAs }) => {
  const page = await pageAs("admin");
  await page.goto("/admin/models");
  await page.getByRole("link", { name: "Open the model builder" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Model builder" })).toBeVisible();
  await page.getByLabel("Window").selectOption({ label: "All common history" });
  await page.getByRole("button", { name: "Show the frontier" }).click();
  await expect(page).toHaveURL(/window=all/);

  await expect(page.getByTestId("frontier-chart").locator(".recharts-scatter").first()).toBeVisible();
  await expect(page.getByTestId("frontier-chart")).toContainText("Published models");
  const models = page.getByRole("table", { name: "Published models on the same axes" });
  for (const name of ["Conservative", "Moderately conservative", "Balanced", "Growth", "Aggressive"]) {
    await expect(models.getByRole("row", { name: new RegExp(`^${name} \\(v\\d+\\)`) })).toBeVisible();
  }
  const points = page.getByRole("table", { name: /From the lowest volatility to the highest expected return/ });
  await expect(points.getByRole("row")).toHaveCount(17);

  await points.getByRole("link", { name: "Frontier portfolio 8", exact: true }).click();
  await expect(page).toHaveURL(/pick=7/);
  await expect(page.getByRole("heading", { name: "Chosen portfolio: frontier portfolio 8" })).toBeVisible();
  await expect(page.getByTestId("backtest-chart")).toBeVisible();
  const figures = page.getByRole("definition");
  await expect(figures.first()).toHaveText(/^[+−]\d+\.\d%$/);
  for (const width of [390, 1366]) {
    await page.setViewportSize({ width, height: 900 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: test.info().outputPath(`model-builder-${width}.png`), fullPage: true });
  }

  // The chosen weights go to the Balanced model's editor, where publishing still goes through its preview.
  const weights = (await page.getByText(/^Weights: /).innerText()).replace(/^Weights: /, "").split(". ")[0]!;
  const [symbol, percent] = weights.split(", ")[0]!.split(" ");
  await page.getByRole("link", { name: "Use as new version of Balanced" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Balanced" })).toBeVisible();
  await expect(page.getByText("The weights below come from the model builder.")).toBeVisible();
  await expect(page.getByLabel(`${symbol} weight (%)`)).toHaveValue(percent!.replace("%", ""));
  await expect(page.getByTestId("weights-total")).toHaveText("Total: 100%");
});
