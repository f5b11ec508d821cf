import type { Page } from "@playwright/test";
import { cents, expect, literally, signUpVerified, takeBalancedQuestionnaire, test, THROUGH_A_WORKFLOW } from "./fixtures";
import { linkTestBank } from "./banks";
import { enrolAuthenticatorApp, passStepUp } from "./second-factor";

/**
 * Linked banks and recurring deposits, as an investor goes through them. The e2e server makes a schedule's day last
 * one second (RECURRING_DEPOSIT_DAY_SECONDS=1), so a weekly deposit runs every seven seconds.
 */

const shot = (page: Page, name: string) =>
  page.screenshot({ path: test.info().outputPath(`bank-${name}-${page.viewportSize()!.width}.png`), fullPage: true });

async function noHorizontalScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(page.viewportSize()!.width);
}

async function setUpWeekly(page: Page, amount: string, secret: string, last4: string) {
  await page.goto("/recurring-deposits");
  await page.getByLabel("Amount each time (USD)").fill(amount);
  await page.getByLabel("How often").selectOption({ label: "Every week" });
  await page.getByLabel("Day of the week").selectOption({ label: "Friday" });
  await expect(page.getByTestId("new-preview")).toContainText(literally(`every Friday from STRIPE TEST BANK ••••${last4}, next on Friday,`));
  await page.getByRole("button", { name: "Set up recurring deposit" }).click();
  await passStepUp(page, page.getByText(/^Recurring deposit set up:/), secret);
  return page.getByRole("article").filter({ hasText: `every Friday from STRIPE TEST BANK ••••${last4}` });
}

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("link a test bank, then a weekly deposit runs three periods and each is invested", async ({ page, pageAs }) => {
    test.setTimeout(240_000);
    await signUpVerified(page, pageAs, "Rita Recurring", "saver");
    await takeBalancedQuestionnaire(page);
    const secret = await enrolAuthenticatorApp(page);

    // A number that is not one of Stripe's test accounts is refused beside the field.
    await page.goto("/bank-accounts");
    await page.getByLabel("Account holder's name").fill("Rita Recurring");
    await page.getByLabel("Account number").fill("123456789");
    await page.getByRole("button", { name: "Link test bank account" }).click();
    await expect(page.getByLabel("Account number")).toHaveAccessibleDescription(/use one of Stripe's test account numbers/);
    await expect(page.getByText("No bank account linked yet.")).toBeVisible();

    await linkTestBank(page, "000123456789", "Rita Recurring");
    await noHorizontalScroll(page);
    await shot(page, "bank-accounts");

    const schedule = await setUpWeekly(page, "200", secret, "6789");
    await expect(schedule).toContainText("Active");
    const deposited = schedule.getByRole("row").filter({ hasText: "Deposited" });
    await expect.poll(() => deposited.count(), { timeout: 120_000 }).toBeGreaterThanOrEqual(3);
    await noHorizontalScroll(page);
    await shot(page, "recurring-deposits");

    await schedule.getByRole("button", { name: /^Pause:/ }).click();
    await expect(schedule).toContainText("Paused");

    // Each deposit was invested as any other: the dashboard shows at least $600 of deposits at work.
    await page.goto("/dashboard");
    await expect
      .poll(async () => {
        await page.reload();
        return cents(await page.getByTestId("invested-value").textContent());
      }, THROUGH_A_WORKFLOW)
      .toBeGreaterThanOrEqual(59_000n);
    await page.goto("/activity");
    await expect(page.getByRole("row").filter({ hasText: "$200.00" }).first()).toBeVisible();
  });
});

test.describe("on a desktop", () => {
  test.use({ viewport: { width: 1366, height: 900 } });

  test("a weekly deposit from a bank without enough money is retried once, then the investor is told", async ({ page, pageAs }) => {
    test.setTimeout(240_000);
    await signUpVerified(page, pageAs, "Fay Failing", "saver");
    const secret = await enrolAuthenticatorApp(page);
    await linkTestBank(page, "000222222227", "Fay Failing");
    await shot(page, "bank-accounts");

    const schedule = await setUpWeekly(page, "25", secret, "2227");
    const failed = schedule.getByRole("row").filter({ hasText: "Failed twice; not deposited" });
    await expect(failed.first()).toContainText("The bank account did not have enough money.", { timeout: 120_000 });
    await shot(page, "recurring-deposits");
    await schedule.getByRole("button", { name: /^Cancel:/ }).click();
    await expect(schedule).toContainText("Cancelled");

    // A bank with a schedule on it cannot be removed until the schedule is cancelled; now it can.
    await page.goto("/bank-accounts");
    await page.getByRole("button", { name: "Remove STRIPE TEST BANK ••••2227" }).click();
    await expect(page.getByText("No bank account linked yet.")).toBeVisible();

    await page.goto("/notifications");
    await expect(page.getByText("Your recurring deposit of $25.00 did not go through").first()).toBeVisible();
    await page.goto("/dashboard");
    await expect(page.getByTestId("available-cash")).toHaveText("$0.00");
  });
});
