import type { Page } from "@playwright/test";
import { alertOf, expect, literally, signIn, test, uniqueEmail } from "./fixtures";
import { enrolAuthenticatorApp, passStepUp } from "./second-factor";

/** Opens the Conservative model from the models page; returns the version it is on. */
async function openConservative(page: Page): Promise<number> {
  await page.goto("/admin/models");
  await page.getByRole("link", { name: "Conservative", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Conservative" })).toBeVisible();
  const lede = await page.locator("main .lede").innerText();
  return Number(/Version (\d+), published/.exec(lede)![1]);
}

test("an admin publishes a new version of a model: 99.99% is refused, exactly 100% becomes version n+1", async ({ pageAs }) => {
  const page = await pageAs("admin");
  const version = await openConservative(page);

  // Version 1 as seeded: SGOV 10, BND 35, TIP 20, IEF 10, VTI 12, VEA 8, GLD 5.
  await page.getByLabel("BND weight (%)").fill("34.99");
  await expect(page.getByTestId("weights-total")).toHaveText("Total: 99.99%");
  await page.getByRole("button", { name: `Publish version ${version + 1}` }).click();
  await passStepUp(page, alertOf(page).filter({ hasText: "Weights add up to 99.99%; they must add up to exactly 100%." }));
  await expect(page.getByLabel("BND weight (%)")).toHaveValue("34.99");

  await page.getByLabel("BND weight (%)").fill("30");
  await page.getByLabel("TIP weight (%)").fill("24.9999");
  await page.getByLabel("GLD weight (%)").fill("5.0001");
  await page.getByLabel("Drift band (%)").fill("2.5");
  await expect(page.getByTestId("weights-total")).toHaveText("Total: 100%");
  await page.getByRole("button", { name: `Publish version ${version + 1}` }).click();
  await passStepUp(page, page.getByRole("main").getByRole("status").filter({ hasText: `Published Conservative version ${version + 1}: accounts on earlier versions are moving to it.` }));

  const versions = page.getByRole("table", { name: "Accounts on each version" });
  await expect(versions.getByRole("row", { name: new RegExp(`^Version ${version + 1} .* 2\\.5%`) })).toBeVisible();
  await expect(versions.getByRole("row", { name: new RegExp(`^Version ${version} `) })).toBeVisible();
  const current = page.getByRole("table", { name: `Target weights, version ${version + 1}` });
  await expect(current.getByRole("row", { name: /TIP .* 24\.9999%$/ })).toBeVisible();
  await expect(current.getByRole("row", { name: /GLD .* 5\.0001%$/ })).toBeVisible();
  await expect(page.getByRole("button", { name: `Publish version ${version + 2}` })).toBeVisible();

  // Publishing the same weights again changes nothing.
  await page.getByRole("button", { name: `Publish version ${version + 2}` }).click();
  await passStepUp(page, alertOf(page).filter({ hasText: "Nothing changed." }));

  await page.goto("/admin/models");
  const card = page.getByRole("region", { name: "Conservative", exact: true });
  await expect(card.getByRole("definition").first()).toHaveText(String(version + 1));
  await expect(card.getByRole("table", { name: `Target weights, version ${version + 1}` })).toBeVisible();
});

test("an advisor without the permission sees models read-only; an admin allows a new advisor, who can publish", async ({ pageAs, newPerson }) => {
  const page = await pageAs("advisor");
  await openConservative(page);
  await expect(page.getByRole("table", { name: /Target weights, version \d+/ })).toBeVisible();
  await expect(page.getByText("You can view this model, but not edit it")).toBeVisible();
  await expect(page.getByRole("button", { name: /Publish/ })).toHaveCount(0);
  await expect(page.getByLabel("VTI weight (%)")).toHaveCount(0);

  // An admin creates an advisor and allows them to edit models.
  const admin = await pageAs("admin");
  await admin.goto("/admin/accounts");
  const email = uniqueEmail("modeller");
  await admin.getByLabel("Full name").fill("Mia Modeller");
  await admin.getByLabel("Email").fill(email);
  await admin.getByLabel("Initial password").fill("a quiet harbour at dawn");
  await admin.getByRole("button", { name: "Create account" }).click();
  await passStepUp(admin, admin.getByRole("main").getByRole("status").filter({ hasText: `Created advisor account for ${email}.` }));
  const row = admin.getByRole("row", { name: literally(email) });
  await expect(row.getByText("View only")).toBeVisible();
  await row.getByRole("button", { name: `Allow ${email} to edit models` }).click();
  await passStepUp(admin, row.getByRole("status").filter({ hasText: "Mia Modeller can now edit models." }));
  await expect(row.getByText("Can edit")).toBeVisible();

  const modeller = await newPerson();
  await signIn(modeller, { email, password: "a quiet harbour at dawn" });
  // New staff set up their second factor before anything else.
  await expect(modeller).toHaveURL(/\/security$/);
  await enrolAuthenticatorApp(modeller);
  const version = await openConservative(modeller);
  await expect(modeller.getByRole("button", { name: `Publish version ${version + 1}` })).toBeVisible();

  // Taken back: the next page shows the model read-only again.
  await row.getByRole("button", { name: `Stop ${email} editing models` }).click();
  await passStepUp(admin, row.getByRole("status").filter({ hasText: "Mia Modeller can no longer edit models." }));
  await modeller.reload();
  await expect(modeller.getByRole("button", { name: /Publish/ })).toHaveCount(0);
});
