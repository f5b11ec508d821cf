import { deposit, expect, literally, sessionFile, signUpVerified, takeBalancedQuestionnaire, test, THROUGH_A_WORKFLOW } from "./fixtures";
import { enrolAuthenticatorApp, passStepUp } from "./second-factor";

/** The page fits the screen: nothing wider than the viewport. */
async function fitsTheScreen(page: import("@playwright/test").Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
}

test("an investor picks a riskier portfolio than recommended: warned, acknowledges it, previews the trades and confirms with the second factor", async ({ page, pageAs, openPage }) => {
  const email = await signUpVerified(page, pageAs, "Cora Chooser", "chooser");
  await takeBalancedQuestionnaire(page);
  await deposit(page, "500");
  await expect(page.getByRole("table", { name: "Holdings at the latest prices" }).getByRole("row", { name: /VTI/ })).toBeVisible(THROUGH_A_WORKFLOW);
  const secret = await enrolAuthenticatorApp(page);

  await page.goto("/onboarding");
  await page.getByRole("link", { name: "Compare or choose another portfolio" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Choose your portfolio" })).toBeVisible();
  for (const name of ["Conservative", "Moderately conservative", "Balanced", "Growth", "Aggressive"]) {
    await expect(page.getByRole("region", { name, exact: true })).toBeVisible();
  }
  const balanced = page.getByRole("region", { name: "Balanced", exact: true });
  await expect(balanced.getByText("Recommended for you")).toBeVisible();
  await expect(balanced.getByText("Your portfolio now")).toBeVisible();
  await expect(balanced.getByRole("table", { name: "Balanced: allocation by asset class" }).getByRole("row", { name: /US stocks/ })).toBeVisible();
  await expect(page.getByRole("region", { name: "Growth", exact: true }).getByText("More risk than recommended")).toBeVisible();
  await expect(page.getByRole("region", { name: "Growth", exact: true }).getByText(/^\d+\.\d% a year$/)).toBeVisible();

  // Growth: a warning, and nothing happens without the acknowledgement.
  await page.getByRole("radio", { name: /^Growth/ }).check();
  const warning = page.getByTestId("risk-warning");
  await expect(warning).toContainText("Growth takes more risk than your answers support.");
  for (const width of [390, 1366]) {
    await page.setViewportSize({ width, height: 900 });
    await fitsTheScreen(page);
    await page.screenshot({ path: test.info().outputPath(`portfolio-choice-${width}.png`), fullPage: true });
  }
  await page.getByRole("button", { name: "Review this change" }).click();
  await expect(page.getByText("tick the box to confirm you understand and accept it").first()).toBeVisible();
  await expect(page).toHaveURL(/\/portfolio$/);

  await page.getByRole("checkbox", { name: /I understand that this portfolio takes more risk/ }).check();
  await page.getByRole("button", { name: "Review this change" }).click();
  await expect(page).toHaveURL(/\/onboarding\/change\/[0-9a-f-]{36}$/);
  await expect(page.getByText("You chose the Growth portfolio.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "From Balanced to Growth" })).toBeVisible();
  await expect(page.getByTestId("preview-trades").getByRole("row", { name: /BND/ })).toContainText("Sell");
  await expect(page.getByTestId("estimated-tax")).toBeVisible();

  await page.getByRole("button", { name: "Confirm and rebalance" }).click();
  await passStepUp(page, page.getByRole("status").filter({ hasText: "Confirmed: your account is moving to Growth" }), secret);

  // The advisor sees that the client chose more risk than recommended, and acknowledged it.
  const admin = await openPage({ storageState: sessionFile("admin") });
  await admin.goto(`/admin/clients?q=${encodeURIComponent(email)}`);
  await admin.getByRole("row", { name: literally(email) }).getByRole("link").first().click();
  await expect(admin.getByTestId("client-portfolio-choice")).toContainText(
    "The client chose Growth themselves, 1 level above the Balanced portfolio their questionnaire recommends, and acknowledged the extra risk",
  );
});
