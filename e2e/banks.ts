import { expect, type Page } from "@playwright/test";

/**
 * Links one of Stripe's test bank accounts through the bank-linking form of the test-payment mode (routing number
 * 110000000; 000123456789 is paid, 000111111113 is returned as closed). Kept minimal: the bank-linking work owns
 * the form (lib/payments/bank-accounts.ts); reconcile with its own helper when both are merged.
 */
export async function linkTestBank(page: Page, accountNumber = "000123456789") {
  await page.goto("/settings/bank-accounts");
  await page.getByLabel("Account holder's name").fill("Test Holder");
  await page.getByLabel("Routing number").fill("110000000");
  await page.getByLabel("Account number").fill(accountNumber);
  await page.getByRole("button", { name: "Link test bank account" }).click();
  await expect(page.getByText(`••••${accountNumber.slice(-4)}`).first()).toBeVisible({ timeout: 60_000 });
}
