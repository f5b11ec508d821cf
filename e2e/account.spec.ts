import type { Page } from "@playwright/test";
import { alertOf, expect, linkInEmail, signIn, signUp, test, navigate } from "./fixtures";

const PASSWORD = "a quiet harbour at dawn";
const RESET_REQUESTED = "If an account uses that address, we have sent it a link to choose a new password. The link works once, for 30 minutes.";

/** Where the page lands when it asks for the dashboard: the dashboard if still signed in, else the sign-in form. */
async function signedIn(page: Page): Promise<boolean> {
  await page.goto("/dashboard");
  return !/\/sign-in/.test(page.url());
}

test("a forgotten password is reset through the emailed link: the old session ends, the new password works, the link works once", async ({
  page,
  newPerson,
}) => {
  const email = await signUp(page, "Fern Forgot", "forgot");

  // At another computer, signed out, the owner asks for a link; an unknown address gets the very same answer.
  const other = await newPerson();
  await other.goto("/sign-in");
  await other.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(other).toHaveURL(/\/forgot-password$/);
  await other.getByLabel("Email").fill(`nobody.${email}`);
  await other.getByRole("button", { name: "Send me a link" }).click();
  await expect(other.getByRole("main").getByRole("status")).toHaveText(RESET_REQUESTED);
  await other.goto("/forgot-password");
  await other.getByLabel("Email").fill(email);
  await other.getByRole("button", { name: "Send me a link" }).click();
  await expect(other.getByRole("main").getByRole("status")).toHaveText(RESET_REQUESTED);

  // The link from the email (read in the development mailbox from the owner's signed-in browser).
  const link = await linkInEmail(page, email, "Choose a new Autovest password");
  expect(link).toMatch(/^\/reset-password\?token=[\w-]{43}$/);
  await other.goto(link);
  await other.getByLabel("New password").fill("password1234");
  await other.getByRole("button", { name: "Set my new password" }).click();
  await expect(other.getByLabel("New password")).toHaveAccessibleDescription(/too common/);
  await other.getByLabel("New password").fill("lanterns over the tidal flats");
  await other.getByRole("button", { name: "Set my new password" }).click();
  await expect(other.getByRole("main").getByRole("status")).toContainText("Your password is changed, and every session of your account was signed out.");

  // The session that was open is signed out; the old password no longer works, the new one does.
  expect(await signedIn(page)).toBe(false);
  await signIn(other, { email, password: PASSWORD });
  await expect(alertOf(other)).toHaveText("Wrong email or password.");
  await signIn(other, { email, password: "lanterns over the tidal flats" });
  await expect(other).toHaveURL(/\/dashboard$/);
  await expect(other.getByRole("heading", { name: "Welcome, Fern Forgot" })).toBeVisible();

  // The owner is told, and the link does not work a second time.
  await other.goto("/dev/mail");
  await expect(other.getByRole("article", { name: "Your Autovest password was changed" }).filter({ hasText: email })).toHaveCount(1);
  await other.goto(link);
  await expect(alertOf(other)).toContainText("This link has expired or has already been used.");
  await expect(other.getByLabel("New password")).toHaveCount(0);
});

test("the sessions page lists each browser, ends one, and signs out everywhere", async ({ page, newPerson }) => {
  const email = await signUp(page, "Sid Sessions", "sessions");
  // A second browser (another computer) signs in: new to this account, so the owner is emailed.
  const laptop = await newPerson();
  await signIn(laptop, { email, password: PASSWORD });
  await expect(laptop).toHaveURL(/\/dashboard$/);
  await laptop.goto("/dev/mail");
  const notice = laptop.getByRole("article", { name: "New sign-in to your Autovest account" }).filter({ hasText: email });
  await expect(notice).toContainText("Device: Chrome on Windows"); // Playwright's desktop Chrome says so

  await navigate(laptop, "Settings");
  await laptop.getByRole("link", { name: "Where you are signed in" }).click();
  await expect(laptop).toHaveURL(/\/settings\/sessions$/);
  const sessions = laptop.getByRole("table", { name: "Your sessions" });
  await expect(sessions.getByRole("row")).toHaveCount(3); // the header and two sessions
  const thisDevice = sessions.getByRole("row", { name: /\(this device\)$/ });
  await expect(thisDevice).toHaveCount(1);
  await expect(thisDevice).toContainText("this device");
  await expect(laptop.getByText("we do not look up where an address is")).toBeVisible();

  // The laptop ends the first browser's session: that browser is signed out at its next request.
  const firstBrowser = sessions.getByRole("row").filter({ hasNotText: "this device" }).filter({ has: laptop.getByRole("button") });
  await firstBrowser.getByRole("button", { name: "End this session" }).click();
  await expect(sessions.getByRole("row")).toHaveCount(2);
  expect(await signedIn(page)).toBe(false);

  // Signed in again there, then "sign out everywhere" from the laptop ends both, the laptop's own included.
  await signIn(page, { email, password: PASSWORD });
  await expect(page).toHaveURL(/\/dashboard$/);
  await laptop.reload();
  await expect(sessions.getByRole("row")).toHaveCount(3);
  await laptop.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(laptop).toHaveURL(/\/sign-in/);
  expect(await signedIn(laptop)).toBe(false);
  expect(await signedIn(page)).toBe(false);

  // The laptop is known now (its device cookie): signing in there again is no news to the owner.
  await signIn(laptop, { email, password: PASSWORD });
  await expect(laptop).toHaveURL(/\/dashboard$/);
  const deviceCookie = (await laptop.context().cookies()).find((cookie) => cookie.name === "autovest-device");
  expect(deviceCookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  expect(deviceCookie!.expires * 1000 - Date.now()).toBeGreaterThan(300 * 24 * 3600 * 1000);
  await laptop.goto("/dev/mail");
  await expect(notice).toHaveCount(1);
});

test("changing the password asks for the current password and the second factor first", async ({ page }) => {
  await signUp(page, "Cai Change", "change");
  await page.goto("/settings");
  await page.getByRole("link", { name: "Change your password" }).click();
  await expect(page).toHaveURL(/\/settings\/password$/);
  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByLabel("New password").fill("lanterns over the tidal flats");
  await page.getByRole("button", { name: "Change my password" }).click();
  // Without a second factor proved in the last five minutes, nothing changes (lib/auth/step-up.ts).
  await expect(alertOf(page)).toContainText("second factor");
  expect(await signedIn(page)).toBe(true);
});

test("the account pages fit a phone and a desktop", async ({ page }) => {
  await signUp(page, "Wendy Width", "width");
  const pages = ["/settings", "/settings/password", "/settings/email", "/settings/sessions", "/dashboard"];
  const signedOut = ["/forgot-password", "/reset-password?token=unknown", "/verify-email?token=unknown"];
  for (const width of [390, 1366]) {
    await page.setViewportSize({ width, height: 900 });
    for (const path of pages) await expectFits(page, path, width);
  }
  await page.context().clearCookies();
  for (const width of [390, 1366]) {
    await page.setViewportSize({ width, height: 900 });
    for (const path of signedOut) await expectFits(page, path, width);
  }
});

async function expectFits(page: Page, path: string, width: number) {
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${path} at ${width} px scrolls sideways`).toBeLessThanOrEqual(0);
  const name = `${path.replace(/[/?=]+/g, "-").replace(/^-|-$/g, "") || "home"}-${width}.png`;
  await page.screenshot({ path: `.test-reports/screenshots/account/${name}`, fullPage: true });
}
