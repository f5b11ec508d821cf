import path from "node:path";
import { HOLDINGS_HEADER, INVESTED_500 } from "./figures";
import { alertOf, BALANCED, deposit, expect, literally, sessionFile, signUpVerified, takeBalancedQuestionnaire, test, THROUGH_A_WORKFLOW } from "./fixtures";
import { enrolAuthenticatorApp, passStepUp } from "./second-factor";

const SCREENSHOTS = path.join(import.meta.dirname, "..", ".test-reports", "screenshots", "model-change");

/** The boldest answer to every question: a risk score of 10, the Aggressive model (no bonds). */
async function retakeBoldly(page: import("@playwright/test").Page) {
  await page.goto("/onboarding?retake=1");
  for (const [question] of BALANCED) await page.getByRole("group", { name: question }).getByRole("radio").last().check();
  await page.getByRole("button", { name: "See my risk score" }).click();
  await expect(page).toHaveURL(/\/onboarding\/change\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "Review the change to your portfolio" })).toBeVisible();
}

for (const [device, width, height] of [
  ["phone", 390, 844],
  ["desktop", 1366, 900],
] as const) {
  test.describe(`on a ${device}`, () => {
    test.use({ viewport: { width, height } });

    test("a questionnaire retake on an invested account previews the trades and only trades once the investor confirms", async ({ page, pageAs, openPage }) => {
      const email = await signUpVerified(page, pageAs, `Petra Preview ${device}`, "preview");
      await takeBalancedQuestionnaire(page);
      await deposit(page, "500");
      const holdings = page.getByRole("table", { name: "Holdings at the latest prices" });
      await expect(holdings.getByRole("row")).toHaveText([HOLDINGS_HEADER, ...INVESTED_500], { useInnerText: true, ...THROUGH_A_WORKFLOW });

      // Bolder answers: a preview, not a sale. Every bond fund would be sold (BND entirely, $124.96), stocks bought.
      await retakeBoldly(page);
      await expect(page.getByRole("heading", { name: "From Balanced to Aggressive" })).toBeVisible();
      const trades = page.getByTestId("preview-trades");
      await expect(trades.getByRole("row", { name: /BND/ })).toContainText("Sell 1.715425 shares");
      await expect(trades.getByRole("row", { name: /BND/ })).toContainText("$124.96");
      await expect(trades.getByRole("row", { name: /VTI/ })).toContainText("Buy");
      // Bought minutes ago at the price plus half the spread, sold at the price: a loss of a few cents, no tax.
      await expect(page.getByTestId("estimated-gain")).toHaveText(/^−\$0\.\d\d$/);
      await expect(page.getByTestId("estimated-tax")).toHaveText("$0.00");
      await expect(page.getByText("An illustration, not tax advice")).toBeVisible();
      await page.screenshot({ path: path.join(SCREENSHOTS, `preview-${width}.png`), fullPage: true });

      // Keeping the current portfolio trades nothing.
      await page.getByRole("button", { name: "Keep my current portfolio" }).click();
      await expect(page).toHaveURL(/\/onboarding\?kept=1$/);
      await expect(page.getByRole("status").filter({ hasText: "You kept your current portfolio" })).toBeVisible();
      await expect(page.getByRole("heading", { name: "Your portfolio: Balanced" })).toBeVisible();
      await page.goto("/holdings");
      await expect(page.getByRole("table", { name: "Holdings at the latest prices" }).getByRole("row", { name: /BND/ })).toContainText("1.715425");

      // Retaken and confirmed with the second factor: the account moves to Aggressive and its bonds are sold.
      const secret = await enrolAuthenticatorApp(page);
      await retakeBoldly(page);
      await page.getByRole("button", { name: "Confirm and rebalance" }).click();
      await passStepUp(page, page.getByRole("status").filter({ hasText: "Confirmed: your account is moving to Aggressive" }), secret);
      await expect(page.getByRole("button", { name: "Confirm and rebalance" })).toHaveCount(0);
      await page.screenshot({ path: path.join(SCREENSHOTS, `confirmed-${width}.png`), fullPage: true });

      await expect(async () => {
        await page.goto("/holdings");
        const table = page.getByRole("table", { name: "Holdings at the latest prices" });
        for (const bond of [/BND/, /IEF/, /TIP/]) await expect(table.getByRole("row", { name: bond })).toHaveCount(0, { timeout: 1_000 });
        await expect(table.getByRole("row", { name: /VTI/ })).toContainText("55.0%", { timeout: 1_000 });
      }).toPass(THROUGH_A_WORKFLOW);

      // An admin previews moving her to Conservative: the same preview, and a confirmation that needs a real reason.
      const admin = await openPage({ storageState: sessionFile("admin"), viewport: { width, height } });
      await admin.goto(`/admin/clients?q=${encodeURIComponent(email)}`);
      await admin.getByRole("row", { name: literally(email) }).getByRole("link").first().click();
      // Whatever version of Conservative is current: the models spec may publish one beside this test.
      const newModel = admin.getByLabel("New model");
      const conservative = newModel.getByRole("option", { name: /^Conservative \(version \d+\)$/ });
      await expect(conservative).toHaveCount(1);
      await newModel.selectOption((await conservative.getAttribute("value"))!);
      await admin.getByRole("button", { name: "Preview the change" }).click();
      await expect(admin.getByRole("heading", { name: "From Aggressive to Conservative" })).toBeVisible();
      await expect(admin.getByTestId("preview-trades").getByRole("row", { name: /VTI/ })).toContainText("Sell");
      await admin.getByLabel("Reason (the client is told it)").fill("Because");
      await admin.getByLabel("Reason (the client is told it)").evaluate((field: HTMLTextAreaElement) => field.removeAttribute("minlength"));
      await admin.getByRole("button", { name: "Confirm and rebalance" }).click();
      await expect(admin.getByText("Say why in a sentence: the client is told.")).toBeVisible();
      await expect(admin.getByLabel("Reason (the client is told it)")).toHaveValue("Because");
      await admin.screenshot({ path: path.join(SCREENSHOTS, `advisor-${width}.png`), fullPage: true });
      await admin.getByRole("button", { name: "Cancel the change" }).click();
      await expect(admin).toHaveURL(/\/admin\/clients\/[0-9a-f-]{36}$/);
      await expect(admin.getByRole("heading", { name: /Portfolio: Aggressive/ })).toBeVisible();

      // The model editor says what publishing would move before anything is published.
      await admin.goto("/admin/models");
      await admin.getByRole("link", { name: "Aggressive", exact: true }).click();
      await admin.getByRole("button", { name: "Preview what moves" }).click();
      await expect(admin.getByTestId("publish-impact")).toContainText(/accounts? follows? this model; moving them to these weights would trade about \$/);
      await admin.getByLabel("Schedule for a date").check();
      await expect(admin.getByLabel("Date (New York)")).toBeVisible();
      await admin.screenshot({ path: path.join(SCREENSHOTS, `model-editor-${width}.png`), fullPage: true });
      await expect(alertOf(admin)).toHaveCount(0);
    });
  });
}
