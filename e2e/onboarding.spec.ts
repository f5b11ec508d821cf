import { expect, test } from "@playwright/test";
import { alertOf, BALANCED, DEMO, deposit, signIn, signUp, signUpVerified, takeBalancedQuestionnaire } from "./fixtures";

test("a new investor takes the questionnaire, gets a score with its reasons, and a matching portfolio", async ({ page }) => {
  await signUp(page, "Quinn Questions", "quiz");
  await page.getByRole("link", { name: "Take the risk questionnaire" }).click();

  // Two answers missing: both named, the others kept.
  for (const [question, answer] of BALANCED.slice(0, 5)) {
    await page.getByRole("group", { name: question }).getByLabel(answer, { exact: true }).check();
  }
  await page.getByRole("button", { name: "See my risk score" }).click();
  await expect(alertOf(page)).toHaveText("Answer every question.");
  await expect(page.getByRole("group", { name: /emergency/ })).toContainText("Choose one of the answers.");
  await expect(page.getByRole("group", { name: /main goal/ }).getByLabel("A balance of growth and safety")).toBeChecked();

  for (const [question, answer] of BALANCED.slice(5)) {
    await page.getByRole("group", { name: question }).getByLabel(answer, { exact: true }).check();
  }
  await page.getByRole("button", { name: "See my risk score" }).click();
  await expect(page.getByTestId("risk-score")).toHaveText("6");
  await expect(page.getByText(/balanced\. A mix of stocks and bonds/)).toBeVisible();
  await expect(page.getByRole("heading", { name: "Your portfolio: Balanced" })).toBeVisible();
  await expect(page.getByRole("row", { name: /VTI/ })).toContainText("35%");

  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { name: "Your portfolio: Balanced" })).toBeVisible();

  // A retake with bolder answers moves the account to another model.
  await page.goto("/onboarding?retake=1");
  for (const [question] of BALANCED) {
    await page.getByRole("group", { name: question }).getByRole("radio").last().check();
  }
  await page.getByRole("button", { name: "See my risk score" }).click();
  await expect(page.getByTestId("risk-score")).toHaveText("10");
  await expect(page.getByRole("heading", { name: "Your portfolio: Aggressive" })).toBeVisible();
});

test("sign up, take the questionnaire, deposit, and within seconds the dashboard shows holdings matching the model", async ({ page, browser }) => {
  await signUpVerified(page, browser, "Ines Invests", "invest");
  await takeBalancedQuestionnaire(page);
  await expect(page.getByRole("heading", { name: "Your portfolio: Balanced" })).toBeVisible();

  await deposit(page, "500");
  await expect(page).toHaveURL(/\/dashboard\?deposit=/);

  // The dashboard refreshes itself while the money is being invested.
  const holdings = page.getByRole("table", { name: "Holdings at the latest prices" });
  await expect(holdings).toBeVisible({ timeout: 15_000 });
  await expect(holdings.getByRole("row")).toHaveCount(9); // header + 8 funds of the balanced model
  await expect(holdings.getByRole("row", { name: /VTI/ })).toContainText("35.0%");
  await expect(page.getByTestId("available-cash")).toHaveText(/^\$0\.\d\d$/);
  const invested = Number((await page.getByTestId("invested-value").textContent())!.replace(/[$,]/g, ""));
  expect(invested).toBeGreaterThan(498);
  expect(invested).toBeLessThanOrEqual(500);
  // Against the $500 put in, the only loss so far is the spread paid on the way in.
  await expect(page.getByTestId("total-gain")).toHaveText(/^-\$0\.\d\d \(-0\.\d\d%\)$/);

  // Holdings: the same funds with cost basis and unrealised gain (the spread paid on the way in).
  await page.getByRole("link", { name: "Holdings" }).click();
  await expect(page.getByRole("row", { name: /VTI/ })).toContainText("$175.00");
  await expect(page.getByTestId("unrealised-gain")).toHaveText(/^-\$0\.\d\d$/);

  // Activity: the deposit and the eight purchases, filterable, and as a CSV file.
  await page.getByRole("link", { name: "Activity" }).click();
  await expect(page.getByRole("row")).toHaveCount(10); // header + deposit + 8 purchases
  await page.getByLabel("Show").selectOption("deposit");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByRole("row")).toHaveCount(2);
  await expect(page.getByRole("row").nth(1)).toContainText("$500.00");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV" }).click()]);
  const csv = await (await download.createReadStream()).toArray();
  expect(Buffer.concat(csv).toString("utf8")).toMatch(/^date,type,description,amount,currency\r\n.*,deposit,Deposit,500\.00,USD\r\n$/s);
});

test("after a price sync the dashboard's values move by themselves, without a reload", async ({ page, browser }) => {
  await signUpVerified(page, browser, "Lena Live", "live");
  await takeBalancedQuestionnaire(page);
  await deposit(page, "1000");
  await expect(page.getByRole("table", { name: "Holdings at the latest prices" })).toBeVisible({ timeout: 15_000 });
  const before = await page.getByTestId("invested-value").textContent();

  // An admin asks for a price sync; the investor's page is left alone.
  const admin = await browser.newPage();
  await signIn(admin, DEMO.admin);
  await expect(admin).toHaveURL(/\/admin$/);
  expect((await admin.request.post("/api/v1/market/sync")).status()).toBe(202);
  await expect(page.getByTestId("invested-value")).not.toHaveText(before!, { timeout: 10_000 });
  await admin.close();
});
