import { readFile } from "node:fs/promises";
import { alertOf, deposit, expect, navigate, signIn, signUp, signUpVerified, test } from "./fixtures";

const PASSWORD = "a quiet harbour at dawn";

test("an investor downloads everything we hold about them as JSON, their name and deposit in it", async ({ page, pageAs }) => {
  const email = await signUpVerified(page, pageAs, "Dora Download");
  await deposit(page, "321.09", /succeeds/);
  await expect(page.getByRole("row", { name: /\$321\.09/ })).toContainText("Succeeded");

  await navigate(page, "Your data");
  await expect(page.getByRole("heading", { name: "Your data", level: 1 })).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download my data (JSON)" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^autovest-data-\d{4}-\d{2}-\d{2}\.json$/);
  const data = JSON.parse(await readFile((await download.path())!, "utf8"));
  expect(data.profile).toMatchObject({ name: "Dora Download", email });
  expect(data.identity).toMatchObject({ legalName: "Dora Download", taxId: "219099999", dateOfBirth: "1984-06-15" });
  expect(data.deposits).toEqual([expect.objectContaining({ amount: "32109", status: "SUCCEEDED" })]);
  expect(data.ledgerPostings).toContainEqual(expect.objectContaining({ entryKind: "DEPOSIT", amount: "32109" }));
});

test("closing an empty account signs the investor out, and their email can no longer sign in", async ({ page, pageAs, openPage }) => {
  const email = await signUp(page, "Cleo Closing");
  // The same session in another window (its cookie copied): closing must end it on the server, not only here.
  const sameSessionElsewhere = await openPage({ storageState: await page.context().storageState() });
  await sameSessionElsewhere.goto("/holdings");
  await expect(sameSessionElsewhere).toHaveURL(/\/holdings$/);

  await navigate(page, "Your data");
  const main = page.getByRole("main");

  await main.getByLabel("Type your email address to confirm").fill("someone.else@example.com");
  await main.getByLabel("Your password").fill(PASSWORD);
  await main.getByRole("button", { name: "Close my account" }).click();
  await expect(main.getByLabel("Type your email address to confirm")).toHaveAccessibleDescription(/That is not your email address\./);

  await main.getByLabel("Type your email address to confirm").fill(email);
  await main.getByLabel("Your password").fill(PASSWORD);
  await main.getByRole("button", { name: "Close my account" }).click();
  await expect(page).toHaveURL(/\/account-closed$/);
  await expect(page.getByRole("heading", { name: "Your account is closed" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign in" })).toBeVisible();
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
  await sameSessionElsewhere.goto("/holdings");
  await expect(sameSessionElsewhere).toHaveURL(/\/sign-in\?callbackUrl=/);

  await signIn(page, { email, password: PASSWORD });
  await expect(alertOf(page)).toHaveText("Wrong email or password.");

  // The confirmation went to the old address before it was erased (the development mailbox is for signed-in people).
  const someoneSignedIn = await pageAs("saver");
  await someoneSignedIn.goto("/dev/mail");
  await expect(someoneSignedIn.getByRole("article", { name: "Your Autovest account is closed" }).filter({ hasText: email })).toContainText(
    "You can no longer sign in.",
  );
});
