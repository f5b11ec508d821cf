import { expect, type Page } from "@playwright/test";

/**
 * Links one of Stripe's test bank accounts through the test-payment mode's form on /bank-accounts (routing number
 * 110000000; 000123456789 pays and is paid; 000111111113 is returned as closed; 000222222227 fails a debit for
 * insufficient funds), and waits until it shows as verified.
 */
export async function linkTestBank(page: Page, accountNumber = "000123456789", holder = "Test Holder") {
  await page.goto("/bank-accounts");
  await page.getByLabel("Account holder's name").fill(holder);
  await page.getByLabel("Account number").fill(accountNumber);
  await page.getByRole("button", { name: "Link test bank account" }).click();
  await expect(page.getByText("The test bank account is linked.")).toBeVisible();
  const linked = page.getByRole("list", { name: "Linked bank accounts" }).getByRole("listitem").filter({ hasText: `••••${accountNumber.slice(-4)}` });
  await expect(linked).toContainText(`STRIPE TEST BANK ••••${accountNumber.slice(-4)}`);
  await expect(linked).toContainText("Verified");
}
