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
