import type { Page } from "@playwright/test";
import { alertOf, expect, signIn, signOut, signUp, test } from "./fixtures";
import { addVirtualAuthenticator, confirmStepUp, enrolAuthenticatorApp, passStepUp, signInSecondStep } from "./second-factor";

const PASSWORD = "a quiet harbour at dawn";
const PHONE = { width: 390, height: 844 };

async function useRecoveryCode(page: Page, code: string) {
  const field = page.getByLabel("Recovery code");
  if (!(await field.isVisible())) await page.getByText("Use a recovery code").click();
  await field.fill(code);
  await page.getByRole("button", { name: "Use recovery code" }).click();
}

test.describe("on a phone", () => {
  test.use({ viewport: PHONE });

  test("an investor adds an authenticator app, signs in with its code, and with each recovery code once", async ({ page }) => {
    const email = await signUp(page, "Tara Totp", "totp");
    const secret = await enrolAuthenticatorApp(page);
    await page.getByRole("button", { name: "Make recovery codes" }).click();
    await expect(page.getByTestId("recovery-codes").getByRole("listitem")).toHaveCount(10);
    const codes = await page.getByTestId("recovery-codes").getByRole("listitem").allTextContents();
    expect(new Set(codes).size).toBe(10);

    // The password alone opens nothing but the second step.
    await signOut(page);
    await signIn(page, { email, password: PASSWORD });
    await expect(page).toHaveURL(/\/sign-in\/second-factor/);
    await page.goto("/settings");
    // A session waiting for its second factor reaches nothing else: it is sent on to the second step, and back after.
    await expect(page).toHaveURL(/\/sign-in\/second-factor\?callbackUrl=%2Fsettings/);
    await page.goto("/sign-in/second-factor");
    await signInSecondStep(page, secret);
    await expect(page).toHaveURL(/\/dashboard$/);

    await signOut(page);
    await signIn(page, { email, password: PASSWORD });
    await useRecoveryCode(page, codes[0]!);
    await expect(page).toHaveURL(/\/dashboard$/);

    // The same code a second time is refused; another one works.
    await signOut(page);
    await signIn(page, { email, password: PASSWORD });
    await useRecoveryCode(page, codes[0]!);
    await expect(alertOf(page)).toContainText("That recovery code is not right, or was already used.");
    await expect(page).toHaveURL(/\/sign-in\/second-factor/);
    await useRecoveryCode(page, codes[1]!.toUpperCase());
    await expect(page).toHaveURL(/\/dashboard$/);
    await page.goto("/security");
    await expect(page.getByTestId("recovery-count")).toHaveText(/^8 of 10 recovery codes left/);
  });
});

test("an investor adds a passkey and signs in with it", async ({ page }) => {
  await addVirtualAuthenticator(page);
  const email = await signUp(page, "Pat Passkey", "passkey");
  await page.goto("/security");
  await page.getByLabel("Passkey name").fill("Work laptop");
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByRole("main").getByRole("status")).toHaveText('Passkey "Work laptop" added.');
  await expect(page.getByRole("cell", { name: "Passkey: Work laptop", exact: true })).toBeVisible();

  await signOut(page);
  await signIn(page, { email, password: PASSWORD });
  await expect(page).toHaveURL(/\/sign-in\/second-factor/);
  await expect(page.getByLabel("Code from your authenticator app")).toHaveCount(0);
  await page.getByRole("button", { name: "Use a passkey" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("creating an API token needs a second factor, used in the last 5 minutes: refused, then granted through the dialog", async ({ page, newPerson }) => {
  const email = await signUp(page, "Sid Stepup", "stepup");
  // A second browser, signed in before the account had a factor: it has never proved one.
  const other = await newPerson();
  await signIn(other, { email, password: PASSWORD });
  await expect(other).toHaveURL(/\/dashboard$/);
  await other.goto("/settings");
  await other.getByLabel("Token name").fill("Spreadsheet");
  await other.getByRole("button", { name: "Create a read-only token" }).click();
  await expect(other.getByRole("main").getByRole("link", { name: "Set one up in Security" })).toBeVisible();
  await expect(other.getByTestId("new-token")).toHaveCount(0);

  const secret = await enrolAuthenticatorApp(page);

  await other.getByLabel("Token name").fill("Spreadsheet");
  await other.getByRole("button", { name: "Create a read-only token" }).click();
  const dialog = other.getByRole("dialog", { name: "Confirm it is you" });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Code from your authenticator app, or a recovery code").fill("000000");
  await dialog.getByRole("button", { name: "Confirm", exact: true }).click();
  await expect(dialog.getByRole("alert")).toContainText("That code is not right");
  await expect(other.getByTestId("new-token")).toHaveCount(0);
  await confirmStepUp(other, secret);
  // The interrupted request went through once the factor was proved.
  await expect(other.getByTestId("new-token")).toHaveText(/^av_/);
});

test("staff without a second factor are sent to set one up before they reach /admin", async ({ pageAs, newPerson }) => {
  const admin = await pageAs("admin");
  await admin.goto("/admin/accounts");
  const email = `advisor.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.com`;
  await admin.getByLabel("Full name").fill("Nova Newstaff");
  await admin.getByLabel("Email").fill(email);
  await admin.getByLabel("Initial password").fill(PASSWORD);
  await admin.getByRole("button", { name: "Create account" }).click();
  await passStepUp(admin, admin.getByRole("main").getByRole("status").filter({ hasText: email }));

  const advisor = await newPerson();
  await signIn(advisor, { email, password: PASSWORD });
  await expect(advisor).toHaveURL(/\/security$/);
  await expect(advisor.getByRole("main")).toContainText("Staff accounts need a second factor");
  await advisor.goto("/admin/clients");
  await expect(advisor).toHaveURL(/\/security$/);

  await enrolAuthenticatorApp(advisor);
  await advisor.goto("/admin/clients");
  await expect(advisor.getByRole("heading", { name: "Your clients" })).toBeVisible();
});
