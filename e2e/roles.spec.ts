import type { Page } from "@playwright/test";
import { DEMO, expect, test } from "./fixtures";
import { DEMO_STAFF_TOTP_SECRET, signInSecondStep } from "./second-factor";

const STAFF_PAGES = ["/admin", "/admin/clients", "/admin/models", "/admin/audit", "/admin/operations", "/admin/consultations"];
const INVESTOR_PAGES = ["/dashboard", "/holdings", "/activity", "/deposit", "/verify", "/consultations", "/settings"];

async function expectRefused(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(403);
  await expect(page.getByRole("heading", { name: "You do not have access to this page" }), path).toBeVisible();
}

test("an investor is refused every advisor page", async ({ pageAs }) => {
  const page = await pageAs("investor");
  for (const path of [...STAFF_PAGES, "/admin/accounts"]) await expectRefused(page, path);
});

test("an advisor is refused the investors' pages and the admin's account management", async ({ pageAs }) => {
  const page = await pageAs("advisor");
  for (const path of [...INVESTOR_PAGES, "/admin/accounts"]) await expectRefused(page, path);
  // Their own pages open.
  for (const path of STAFF_PAGES) expect((await page.goto(path))?.status(), path).toBe(200);
});

test("someone signed out is sent to sign in, and comes back after", async ({ page }) => {
  await page.goto("/admin/clients");
  await expect(page).toHaveURL(/\/sign-in\?/);
  await page.getByLabel("Email").fill(DEMO.advisor.email);
  await page.getByLabel("Password").fill(DEMO.advisor.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await signInSecondStep(page, DEMO_STAFF_TOTP_SECRET);
  await expect(page).toHaveURL(/\/admin\/clients$/);
  await expect(page.getByRole("heading", { name: "Your clients" })).toBeVisible();
});
