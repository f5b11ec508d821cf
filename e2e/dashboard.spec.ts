import type { Page } from "@playwright/test";
import { expect, signUp, test } from "./fixtures";

/** The page is no wider than the screen: nothing scrolls sideways. */
async function fitsTheScreen(page: Page) {
  const { scroll, viewport } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, viewport: window.innerWidth }));
  expect(scroll, "page width").toBeLessThanOrEqual(viewport);
}

test("Hana sees her balance, today's change and total gain, the chart's legend and her allocation against target, on a laptop and a phone", async ({ pageAs }) => {
  const page = await pageAs("holder");
  for (const width of [1366, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/dashboard");
    const hero = page.getByRole("region", { name: "Your balance" });
    await expect(hero.getByTestId("total-value")).toHaveClass(/figure-primary/);
    await expect(hero.getByTestId("total-value")).toHaveText(/^\$\d{1,3}(,\d{3})*\.\d\d$/);
    await expect(hero.getByTestId("todays-change")).toHaveText(/^[+-]?\$[\d,]+\.\d\d( \([+-]?\d+\.\d\d%\))?$/);
    await expect(hero.getByTestId("total-gain")).toHaveText(/^[+-]?\$[\d,]+\.\d\d \([+-]\d+\.\d\d%\)$/);
    await expect(hero.getByRole("term").filter({ hasText: /^Total (gain|loss)$/ })).toBeVisible();

    const performance = page.getByRole("region", { name: "Performance" });
    await expect(performance.getByRole("list", { name: "Chart legend" }).getByRole("listitem")).toHaveText(["Your portfolio", "60/40 benchmark", "Net deposits"]);
    await expect(performance.getByRole("link", { name: "3M" })).toBeVisible();
    const range = await performance.getByRole("link", { name: "3M" }).boundingBox();
    expect(range!.height).toBeGreaterThanOrEqual(44);
    // Three lines drawn: the portfolio, the benchmark and the net deposits.
    await expect(performance.locator(".recharts-line")).toHaveCount(3);

    const allocation = page.getByRole("region", { name: "Allocation by asset class" });
    const table = allocation.getByRole("table", { name: "Actual and target by asset class" });
    await expect(table.getByRole("columnheader")).toHaveText(["Asset class", "Actual", "Target", "Difference"]);
    await expect(table.getByRole("row", { name: /US stocks/ })).toContainText(/\d+\.\d%\s*\d+\.\d%\s*[+-]?\d+\.\d points/);
    await expect(allocation.getByRole("group")).toHaveAttribute("aria-label", /^Allocation: .*US stocks \d+\.\d% \(target \d+\.\d%\)/);
    // Hana's money is invested and she saves monthly: the one step she has not taken (a second factor) is folded away, one click from view.
    const steps = page.getByRole("region", { name: "Next steps" });
    await expect(steps.getByText("4 of 5 done")).toBeVisible();
    await expect(steps.getByRole("link", { name: "Set up a second factor" })).toBeHidden();
    await page.screenshot({ path: test.info().outputPath(`dashboard-${width}.png`), fullPage: true });
    await fitsTheScreen(page);
  }
});

test("a new investor sees what to do next, each step a link to do it", async ({ page }) => {
  await signUp(page, "Nina Newcomer");
  const steps = page.getByRole("region", { name: "Next steps" });
  await expect(steps.getByText("0 of 5 done")).toBeVisible();
  await expect(steps.getByRole("listitem")).toHaveText([
    /Answer the risk questionnaire \(To do\) Take the questionnaire/,
    /Verify your identity \(To do\) Start your identity check/,
    /Make your first deposit \(To do\) Make a deposit/,
    /Protect your account with a second factor \(To do\) Set up a second factor/,
    /Invest regularly with a recurring deposit \(To do\) Set up a recurring deposit/,
  ]);
  await expect(steps.getByRole("link", { name: "Start your identity check" })).toHaveAttribute("href", "/verify");
  await page.setViewportSize({ width: 390, height: 900 });
  await page.screenshot({ path: test.info().outputPath("new-investor-390.png"), fullPage: true });
  await fitsTheScreen(page);
});
