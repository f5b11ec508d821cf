import { expect, type Page } from "@playwright/test";

export const DEMO = {
  admin: { email: "admin@autovest.dev", password: "autovest-demo-ledger" },
  advisor: { email: "advisor@autovest.dev", password: "autovest-demo-portfolio" },
  investor: { email: "investor@autovest.dev", password: "autovest-demo-savings" },
} as const;

/** An address no other test uses, so tests run in parallel against one database. */
export function uniqueEmail(prefix = "investor"): string {
  return `${prefix}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}@example.com`;
}

export async function signIn(page: Page, { email, password }: { email: string; password: string }) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

/** The page's own alert (Next.js keeps an empty route announcer with role="alert" outside <main>). */
export function alertOf(page: Page) {
  return page.getByRole("main").getByRole("alert");
}

/** Opens a new investor account through the sign-up form and lands on the dashboard; returns its email. */
export async function signUp(page: Page, name: string, emailPrefix = "investor"): Promise<string> {
  const email = uniqueEmail(emailPrefix);
  await page.goto("/sign-up");
  await page.getByLabel("Full name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a quiet harbour at dawn");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  return email;
}

/** Deposits `amount` through the deposit form's test method (the first, succeeding card unless `method` picks another). */
export async function deposit(page: Page, amount: string, method?: RegExp) {
  await page.getByRole("link", { name: "Deposit money" }).click();
  await page.getByLabel("Amount (USD)").fill(amount);
  if (method) await page.getByRole("radio", { name: method }).check();
  await page.getByRole("button", { name: "Pay with test method" }).click();
}
