import { DEMO, HOME, type DemoUser, expect, sessionFile, signIn, test } from "./fixtures";
import { DEMO_STAFF_TOTP_SECRET, signInSecondStep } from "./second-factor";

// Each demo user signs in through the form once; the other specs start from the session it leaves.
for (const who of Object.keys(DEMO) as DemoUser[]) {
  test(`the demo ${who} signs in`, async ({ page }) => {
    await signIn(page, DEMO[who]);
    // The demo staff have an authenticator app (its secret is published for development): staff must use it.
    if (who === "admin" || who === "advisor") await signInSecondStep(page, DEMO_STAFF_TOTP_SECRET);
    await expect(page).toHaveURL(HOME[who]);
    await page.context().storageState({ path: sessionFile(who) });
  });
}
