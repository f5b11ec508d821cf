import { HOLDINGS_HEADER, INVESTED_500 } from "./figures";
import { alertOf, BALANCED, deposit, expect, signUp, signUpVerified, takeBalancedQuestionnaire, navigate, test, THROUGH_A_WORKFLOW } from "./fixtures";

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

test("sign up, take the questionnaire, deposit, and within seconds the dashboard shows holdings matching the model", async ({ page, pageAs }) => {
  await signUpVerified(page, pageAs, "Ines Invests", "invest");
  await takeBalancedQuestionnaire(page);
  await expect(page.getByRole("heading", { name: "Your portfolio: Balanced" })).toBeVisible();

  await deposit(page, "500");
  await expect(page).toHaveURL(/\/dashboard\?deposit=/);

  // The dashboard refreshes itself while the money is being invested.
  const holdings = page.getByRole("table", { name: "Holdings at the latest prices" });
  await expect(holdings.getByRole("row")).toHaveText([HOLDINGS_HEADER, ...INVESTED_500], { useInnerText: true, ...THROUGH_A_WORKFLOW });
  await expect(page.getByText("Being invested")).toHaveCount(0);
  await expect(page.getByTestId("available-cash")).toHaveText("$0.00");
  await expect(page.getByTestId("invested-value")).toHaveText("$499.84");
  await expect(page.getByTestId("total-value")).toHaveText("$499.84");
  // Against the $500 put in, the only loss so far is the spread paid on the way in.
  await expect(page.getByTestId("total-gain")).toHaveText("-$0.16 (-0.03%)");

  // Holdings: the same funds with cost basis (what each order cost) and unrealised gain.
  await navigate(page, "Holdings");
  await expect(page.getByRole("row", { name: /VTI/ })).toHaveText("VTI 0.603047 $290.12 $174.95 35.0% 35.0% $175.00 -$0.05", { useInnerText: true });
  await expect(page.getByTestId("unrealised-gain")).toHaveText("-$0.16");

  // Activity: the deposit and the eight purchases, filterable, and as a CSV file.
  await navigate(page, "Activity");
  const amounts = page.getByRole("row").locator("td:last-child");
  await expect(amounts).toHaveCount(9); // deposit + 8 purchases
  expect((await amounts.allInnerTexts()).sort()).toEqual(["$500.00", "-$125.00", "-$175.00", "-$25.00", "-$25.00", "-$25.00", "-$25.00", "-$25.00", "-$75.00"]);
  await page.getByLabel("Show").selectOption("deposit");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByRole("row")).toHaveCount(2);
  await expect(page.getByRole("row").nth(1)).toContainText("$500.00");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV" }).click()]);
  const csv = await (await download.createReadStream()).toArray();
  expect(Buffer.concat(csv).toString("utf8")).toMatch(/^date,type,symbol,quantity,price,amount,fees,cash_balance,currency,description\r\n[^,]+,deposit,,,,500\.00,,500\.00,USD,Deposit\r\n$/s);
});
