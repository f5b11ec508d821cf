import type { Page } from "@playwright/test";
import { alertOf, DEMO, expect, signOut, signUp, test, uniqueEmail } from "./fixtures";
import { totpCodeAt } from "../lib/auth/second-factor/totp";
import { enrolAuthenticatorApp, signInSecondStep } from "./second-factor";

/**
 * Sign in with Google, against a real OpenID provider run locally (scripts/oidc/provider.ts, panva's oidc-provider,
 * started by scripts/e2e-server.ts as GOOGLE_ISSUER): discovery, authorization, token and JWKS over HTTP, ID tokens
 * checked by next-auth's openid-client.
 */
const PROVIDER_BUTTON = "Continue with local test provider (stands in for Google)";

interface ProviderLogin {
  email: string;
  name?: string;
  emailVerified?: boolean;
  idToken?: "Genuine" | "Re-signed as from another issuer (must be refused)" | "Re-signed for another client (must be refused)";
}

/** On the local provider's own login page: signs in as `email` and sends the browser back to Autovest. */
async function loginAtProvider(page: Page, { email, name, emailVerified = true, idToken = "Genuine" }: ProviderLogin) {
  await expect(page).toHaveURL(/\/interaction\//);
  await expect(page.getByText("Local test provider: this is not Google.")).toBeVisible();
  await page.getByLabel("Email", { exact: true }).fill(email);
  if (name) await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("The provider has verified this email").setChecked(emailVerified);
  await page.getByLabel("ID token (test switch)").selectOption({ label: idToken });
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

async function continueWithProvider(page: Page, login: ProviderLogin) {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: PROVIDER_BUTTON }).click();
  await loginAtProvider(page, login);
}

/** Nobody is signed in on this page: a signed-in page sends it to the sign-in form. */
async function expectSignedOut(page: Page) {
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fdashboard/);
}

/** Where next-auth sends a callback that failed its checks. */
const CALLBACK_REFUSED = /\/sign-in\?.*error=OAuthCallback/;
const DID_NOT_COMPLETE = "Signing in with the provider did not complete. Please try again.";

test("a new investor signs up through the provider, lands on the dashboard, and signs in with it again", async ({ page }) => {
  const email = uniqueEmail("oidc");
  await continueWithProvider(page, { email, name: "Ada Provider" });
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { name: "Welcome, Ada Provider" })).toBeVisible();
  await expect(page.getByTestId("available-cash")).toHaveText("$0.00");

  await signOut(page);
  // The provider remembers this browser (as Google does): no login page this time, straight back in.
  await page.getByRole("button", { name: PROVIDER_BUTTON }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { name: "Welcome, Ada Provider" })).toBeVisible();
});

test("an existing account's email is not signed in or linked by the provider: the page says to sign in and link it", async ({ page }) => {
  await continueWithProvider(page, { email: DEMO.investor.email });
  await expect(page).toHaveURL(/\/sign-in\?oidc_error=email_taken/);
  await expect(alertOf(page)).toHaveText(
    'An Autovest account already uses this email. Sign in with your password, then link local test provider (stands in for Google) from Settings, under "Sign-in methods".',
  );
  await expectSignedOut(page);
});

test("an unknown email the provider has not verified opens no account", async ({ page }) => {
  const email = uniqueEmail("unverified");
  await continueWithProvider(page, { email, emailVerified: false });
  await expect(page).toHaveURL(/\/sign-in\?oidc_error=email_unverified/);
  await expect(alertOf(page)).toContainText("has not verified this email address");
  await expectSignedOut(page);
});

test("linking a provider from Settings needs a second factor first, and records nothing before it", async ({ page }) => {
  const email = await signUp(page, "Linus Link", "link");
  await page.goto("/settings");
  const methods = page.getByRole("region", { name: "Sign-in methods" });
  await methods.getByRole("button", { name: "Link local test provider (stands in for Google)" }).click();
  await expect(page.getByRole("main").getByText("This needs a second factor.")).toBeVisible();
  await expect(page).toHaveURL(/\/settings$/);

  // No link intent was recorded: the provider's identity with this email is still refused.
  await signOut(page);
  await continueWithProvider(page, { email });
  await expect(page).toHaveURL(/\/sign-in\?oidc_error=email_taken/);
});

test("an investor links the provider after password and second factor, then signs in with it and the second factor", async ({ page }) => {
  await signUp(page, "Lena Linked", "linked");
  // Signed up with the password; enrolling the app proved the second factor in this session moments ago, so the
  // step-up is satisfied and the provider opens.
  const secret = await enrolAuthenticatorApp(page);
  const codeUsedAtEnrolment = totpCodeAt(secret, new Date());
  await page.goto("/settings");
  const methods = page.getByRole("region", { name: "Sign-in methods" });
  await methods.getByRole("button", { name: "Link local test provider (stands in for Google)" }).click();
  const providerEmail = uniqueEmail("at-provider");
  await loginAtProvider(page, { email: providerEmail });
  await expect(page).toHaveURL(/\/settings\?linked=google/);
  await expect(methods.getByRole("status")).toHaveText("local test provider (stands in for Google) is linked: you can now sign in with it.");
  await expect(methods.getByRole("cell", { name: providerEmail })).toBeVisible();

  // Signing in through the provider (which remembers this browser) asks for the second factor, then the dashboard.
  await signOut(page);
  await page.getByRole("button", { name: PROVIDER_BUTTON }).click();
  await expect(page).toHaveURL(/\/sign-in\/second-factor/);
  // A code is accepted once: the app's next one signs in.
  await expect.poll(() => totpCodeAt(secret, new Date()), { timeout: 45_000, intervals: [500] }).not.toBe(codeUsedAtEnrolment);
  await signInSecondStep(page, secret);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { name: "Welcome, Lena Linked" })).toBeVisible();
});

test.describe("answers a real provider would never send are refused", () => {
  // The provider's answer comes back as a redirect, which the browser follows by itself: the test changes what the
  // app asked the provider for, and the provider faithfully sends the forged value back.
  const askProviderWith = (page: Page, parameter: "state" | "nonce", value: string) =>
    page.route(
      (url) => url.pathname === "/auth" && url.searchParams.has(parameter),
      (route) => {
        const url = new URL(route.request().url());
        url.searchParams.set(parameter, value);
        return route.continue({ url: url.toString() });
      },
    );

  test("a callback whose state is not the one this browser sent", async ({ page }) => {
    await askProviderWith(page, "state", "forged-state");
    await continueWithProvider(page, { email: uniqueEmail("state") });
    await expect(page).toHaveURL(CALLBACK_REFUSED);
    await expect(alertOf(page)).toHaveText(DID_NOT_COMPLETE);
    await expectSignedOut(page);
  });

  test("an ID token carrying another nonce than the one this browser sent", async ({ page }) => {
    await askProviderWith(page, "nonce", "forged-nonce");
    await continueWithProvider(page, { email: uniqueEmail("nonce") });
    await expect(page).toHaveURL(CALLBACK_REFUSED);
    await expect(alertOf(page)).toHaveText(DID_NOT_COMPLETE);
    await expectSignedOut(page);
  });

  for (const idToken of ["Re-signed as from another issuer (must be refused)", "Re-signed for another client (must be refused)"] as const) {
    test(`an ID token ${idToken.replace(" (must be refused)", "").toLowerCase()}`, async ({ page, newPerson }) => {
      const email = uniqueEmail("forged");
      await continueWithProvider(page, { email, idToken });
      await expect(page).toHaveURL(CALLBACK_REFUSED);
      await expect(alertOf(page)).toHaveText(DID_NOT_COMPLETE);
      await expectSignedOut(page);
      // Nothing was opened for that email: in another browser, a genuine token for it signs up a new investor.
      const genuine = await newPerson();
      await continueWithProvider(genuine, { email, name: "Genuine Person" });
      await expect(genuine.getByRole("heading", { name: "Welcome, Genuine Person" })).toBeVisible();
    });
  }
});
