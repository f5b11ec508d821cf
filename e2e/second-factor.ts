import type { Locator, Page } from "@playwright/test";
import { totpCodeAt } from "../lib/auth/second-factor/totp";
import { DEMO_STAFF_TOTP_SECRET } from "../prisma/demo-second-factor";
import { expect } from "./fixtures";

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

const stepNow = () => Math.floor(Date.now() / 30_000);
/** The last time step this worker used, per secret: a code is accepted once, so the next use waits for a new one. */
const lastStepUsed = new Map<string, number>();

/**
 * Enters the authenticator app's current code into `field` and submits, until it is accepted. A code is accepted
 * once only (per 30-second step): the next code is awaited (polling the clock) when this worker used the current
 * one, or when the server refuses it because another test (another worker, same demo user) did.
 */
export async function enterTotpCode(page: Page, secret: string, { field, submit, accepted }: { field: string; submit: string; accepted: () => Promise<void> }) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const last = lastStepUsed.get(secret) ?? -1;
    await expect.poll(stepNow, { timeout: 45_000, intervals: [250] }).toBeGreaterThan(last);
    const step = stepNow();
    await page.getByLabel(field).fill(totpCodeAt(secret, new Date()));
    lastStepUsed.set(secret, step);
    // The server action's answer says whether the code was taken (an alert already on screen may be the last one's).
    const answer = page.waitForResponse((response) => response.request().method() === "POST" && response.request().headers()["next-action"] !== undefined);
    await page.getByRole("button", { name: submit, exact: true }).click();
    const response = await answer;
    // A redirect (signed in) navigates away, and its body goes with it.
    const body = response.headers()["x-action-redirect"] ? "" : await response.text().catch(() => null);
    if (body === null) {
      // Chromium did not keep this response's body: the page says whether the code was taken.
      try {
        await accepted();
        return;
      } catch (error) {
        if ((await page.getByRole("alert").filter({ hasText: /already used/ }).count()) > 0) continue;
        throw error;
      }
    }
    if (/already used/.test(body)) continue;
    await accepted();
    return;
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
  // (A set-up already started shows its QR code at once.)
  const start = page.getByRole("button", { name: "Set up an authenticator app" });
  if (await start.isVisible()) await start.click();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  const secret = (await page.getByTestId("totp-secret").textContent())!;
  await enterTotpCode(page, secret, {
    field: "Code from the app",
    submit: "Confirm the app",
    accepted: () => expect(page.getByRole("cell", { name: "Authenticator app", exact: true })).toBeVisible({ timeout: 20_000 }),
  });
  return secret;
}

/**
 * After submitting a form whose action needs step-up: if this session proved its factor more than 5 minutes ago
 * the dialog asks again, and is answered with the app (`secret`); then the form's own `outcome` shows.
 */
export async function passStepUp(page: Page, outcome: Locator, secret = DEMO_STAFF_TOTP_SECRET) {
  const dialog = page.getByRole("dialog", { name: "Confirm it is you" });
  await expect(outcome.or(dialog).first()).toBeVisible();
  if (await dialog.isVisible()) await confirmStepUp(page, secret);
  await expect(outcome).toBeVisible();
}
