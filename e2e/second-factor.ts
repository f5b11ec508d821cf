import type { Page } from "@playwright/test";
import { totpCodeAt } from "../lib/auth/second-factor/totp";
import { DEMO_STAFF_TOTP_SECRET } from "../prisma/demo-second-factor";
import { alertOf, expect } from "./fixtures";

export { DEMO_STAFF_TOTP_SECRET };

/** Adds Chromium's virtual authenticator (a passkey-capable platform authenticator that says yes at once) to the page. */
export async function addVirtualAuthenticator(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}

const currentCode = (secret: string) => totpCodeAt(secret, new Date());

/**
 * Enters the authenticator app's current code into `field` and submits, until it is accepted. A code is accepted
 * once only (per 30-second step): when this or another test used the current one already, it waits for the
 * app's next code (polling the clock, up to a step and a half) and tries that.
 */
export async function enterTotpCode(page: Page, secret: string, { field, submit, accepted }: { field: string; submit: string; accepted: () => Promise<void> }) {
  let tried: string | null = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tried) await expect.poll(() => currentCode(secret), { timeout: 45_000, intervals: [500] }).not.toBe(tried);
    tried = currentCode(secret);
    await page.getByLabel(field).fill(tried);
    await page.getByRole("button", { name: submit, exact: true }).click();
    const outcome = await Promise.race([
      accepted().then(() => "accepted" as const),
      alertOf(page).filter({ hasText: /already used|not right/ }).first().waitFor().then(() => "refused" as const),
    ]);
    if (outcome === "accepted") return;
  }
  throw new Error("no code from the authenticator app was accepted");
}

/** The second step of signing in, with the authenticator app; lands wherever the sign-in was going. */
export async function signInSecondStep(page: Page, secret: string) {
  await expect(page).toHaveURL(/\/sign-in\/second-factor/);
  await enterTotpCode(page, secret, {
    field: "Code from your authenticator app",
    submit: "Verify",
    accepted: () => expect(page).not.toHaveURL(/\/sign-in/, { timeout: 20_000 }),
  });
}

/** The step-up dialog, answered with the authenticator app: the form it interrupted is sent again. */
export async function confirmStepUp(page: Page, secret: string) {
  const dialog = page.getByRole("dialog", { name: "Confirm it is you" });
  await expect(dialog).toBeVisible();
  await enterTotpCode(page, secret, {
    field: "Code from your authenticator app, or a recovery code",
    submit: "Confirm",
    accepted: () => expect(dialog).toBeHidden({ timeout: 20_000 }),
  });
}

/** On /security: sets up an authenticator app and returns its secret (as a person would type it into the app). */
export async function enrolAuthenticatorApp(page: Page): Promise<string> {
  await page.goto("/security");
  await page.getByRole("button", { name: "Set up an authenticator app" }).click();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  const secret = (await page.getByTestId("totp-secret").textContent())!;
  await enterTotpCode(page, secret, {
    field: "Code from the app",
    submit: "Confirm the app",
    accepted: () => expect(page.getByRole("cell", { name: "Authenticator app", exact: true })).toBeVisible({ timeout: 20_000 }),
  });
  return secret;
}
