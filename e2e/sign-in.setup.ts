import { DEMO, HOME, type DemoUser, expect, sessionFile, signIn, test } from "./fixtures";

// Each demo user signs in through the form once; the other specs start from the session it leaves.
for (const who of Object.keys(DEMO) as DemoUser[]) {
  test(`the demo ${who} signs in`, async ({ page }) => {
    await signIn(page, DEMO[who]);
    await expect(page).toHaveURL(HOME[who]);
    await page.context().storageState({ path: sessionFile(who) });
  });
}
