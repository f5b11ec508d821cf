import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";

/** Presses Tab until `target` has the focus (a keyboard user's way to reach it), failing after `limit` presses. */
async function tabTo(page: Page, target: Locator, limit = 80) {
  for (let presses = 0; presses < limit; presses++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((element) => element === document.activeElement)) return;
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

async function fitsTheScreen(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(page.viewportSize()!.width);
}

for (const width of [390, 1366]) {
  test(`a goal is set up, projected, changed and deleted with the keyboard alone at ${width} px`, async ({ pageAs }) => {
    const page = await pageAs("holder");
    await page.setViewportSize({ width, height: 900 });
    const name = `Sabbatical ${width} ${Date.now().toString(36)}`;

    await page.goto("/goals");
    // Hana's seeded goals are there, each with its chance and verdict.
    await expect(page.getByRole("heading", { name: "Retirement", level: 3 })).toBeVisible();
    await fitsTheScreen(page);
    await tabTo(page, page.getByRole("link", { name: "Add a goal" }));
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/goals\/new$/);
    await fitsTheScreen(page);

    await tabTo(page, page.getByLabel("Name"));
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type(name);
    await page.keyboard.press("Tab");
    await expect(page.getByLabel("Target amount (USD)")).toBeFocused();
    await page.keyboard.type("60000");
    await page.keyboard.press("Tab");
    await expect(page.getByLabel("Target date")).toBeFocused();
    // A date field takes its parts in the browser's order (en-US: month, day, year).
    await page.keyboard.type("06152034");
    await expect(page.getByLabel("Target date")).toHaveValue("2034-06-15");
    // (Tab may stop at the date field's own parts or its picker button first.)
    await tabTo(page, page.getByLabel("Monthly contribution (USD)"));
    await page.keyboard.type("300");
    // Hana's two goals count her whole account: the form starts this one at the 0 % they leave.
    await expect(page.getByLabel("Share of your account counted toward it (%)")).toHaveValue("0");
    await page.keyboard.press("Enter");

    await expect(page).toHaveURL(/\/goals\?saved=/);
    await expect(page.getByRole("main").getByRole("status")).toHaveText(`Goal saved: ${name}.`);
    const card = page.getByRole("article", { name });
    await expect(card.getByText("$60,000", { exact: true })).toBeVisible();
    await expect(card.getByText("$300.00")).toBeVisible();
    await expect(card.getByTestId("goal-probability")).toHaveText(/^\d{1,3}%$/);
    // $300 a month for about 7½ years from nothing does not make $60,000: the advice says what would.
    await expect(card.getByTestId("goal-status")).toContainText("Not on track");
    await expect(card.getByTestId("goal-status")).toContainText(/Save \$[\d,]+ more a month/);
    await expect(card.getByTestId("goal-status")).toContainText(/Move the date to|would not be enough/);
    await expect(card.locator(".recharts-wrapper")).toBeVisible();
    await expect(card.getByRole("figure")).toHaveAccessibleName(/median estimate is \$[\d,]+/);
    await fitsTheScreen(page);
    await page.screenshot({ path: test.info().outputPath(`goals-${width}.png`), fullPage: true });

    await tabTo(page, page.getByRole("link", { name: `Edit or delete goal: ${name}` }));
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/goals\/[0-9a-f-]+\/edit$/);
    await fitsTheScreen(page);
    await tabTo(page, page.getByLabel("Monthly contribution (USD)"));
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type("1000");
    await page.keyboard.press("Enter");
    await expect(page.getByRole("main").getByRole("status")).toHaveText(`Goal saved: ${name}.`);
    const changed = page.getByRole("article", { name });
    await expect(changed.getByText("$1,000.00")).toBeVisible();
    await expect(changed.getByTestId("goal-status")).toContainText("On track");

    await tabTo(page, page.getByRole("link", { name: `Edit or delete goal: ${name}` }));
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/edit$/);
    await tabTo(page, page.getByRole("button", { name: `Delete goal: ${name}` }));
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/goals\?deleted=1$/);
    await expect(page.getByRole("main").getByRole("status")).toHaveText("Goal deleted.");
    await expect(page.getByRole("article", { name })).toHaveCount(0);
  });
}

test("a goal that breaks the rules is refused, field by field, and nothing is saved", async ({ pageAs }) => {
  const page = await pageAs("holder");
  await page.goto("/goals/new");
  await page.getByLabel("Name").fill("Too much");
  await page.getByLabel("Target amount (USD)").fill("200000000");
  await page.getByLabel("Monthly contribution (USD)").fill("-1");
  await page.getByRole("button", { name: "Save goal" }).click();
  await expect(page.getByText("The target amount can be at most $100,000,000.")).toBeVisible();
  await expect(page.getByText("Enter the monthly contribution in dollars, e.g. 250000 or 1,250.50.")).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveValue("Too much");
  await page.goto("/goals");
  await expect(page.getByRole("article", { name: "Too much" })).toHaveCount(0);
});
