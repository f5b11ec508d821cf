import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, signIn, signOut, signUp, test } from "./fixtures";
import { enrolAuthenticatorApp } from "./second-factor";

const SCREENSHOTS = path.join(import.meta.dirname, "..", ".test-reports", "screenshots");

/** Axe (WCAG 2 A and AA rules) finds nothing serious or critical; the page is kept as a screenshot to look at. */
async function checkPage(page: Page, name: string, width: number) {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
  expect(serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`)).toEqual([]);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
}

for (const width of [390, 1366]) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: width < 600 ? 844 : 900 } });

    test("the Security page, the sign-in's second step and the step-up dialog are accessible", async ({ page, newPerson }) => {
      const email = await signUp(page, "Axel Access", "a11y");
      const other = await newPerson();
      await other.setViewportSize({ width, height: width < 600 ? 844 : 900 });
      await signIn(other, { email, password: "a quiet harbour at dawn" });
      await expect(other).toHaveURL(/\/dashboard$/);

      await page.goto("/security");
      await checkPage(page, "security-none", width);
      await page.getByRole("button", { name: "Set up an authenticator app" }).click();
      await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
      await checkPage(page, "security-qr", width);
      await enrolAuthenticatorApp(page);
      await page.getByRole("button", { name: "Make recovery codes" }).click();
      await expect(page.getByTestId("recovery-codes").getByRole("listitem")).toHaveCount(10);
      await checkPage(page, "security-enrolled", width);

      await other.goto("/settings");
      await other.getByLabel("Token name").fill("Spreadsheet");
      await other.getByRole("button", { name: "Create a read-only token" }).click();
      await expect(other.getByRole("dialog", { name: "Confirm it is you" })).toBeVisible();
      await checkPage(other, "step-up-dialog", width);

      await signOut(page);
      await signIn(page, { email, password: "a quiet harbour at dawn" });
      await expect(page).toHaveURL(/\/sign-in\/second-factor/);
      await page.getByText("Use a recovery code").click();
      await checkPage(page, "second-factor", width);
    });
  });
}
