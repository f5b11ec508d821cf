import { linkTestBank } from "./banks";
import { deposit, expect, navigate, signUpVerified, takeBalancedQuestionnaire, test, THROUGH_A_WORKFLOW } from "./fixtures";
import { enrolAuthenticatorApp, passStepUp } from "./second-factor";

const PHONE = { width: 390, height: 844 };

test("an investor withdraws part of an invested account (sales previewed, step-up, an advisor's approval, paid), has a payout returned, then withdraws everything", async ({
  page,
  pageAs,
}) => {
  await signUpVerified(page, pageAs, "Wendy Withdrawer");
  const secret = await enrolAuthenticatorApp(page);
  await navigate(page, "Dashboard");
  await takeBalancedQuestionnaire(page);
  await navigate(page, "Dashboard");
  await deposit(page, "1000.00");
  await expect(page.getByTestId("invested-value")).not.toHaveText("$0.00", THROUGH_A_WORKFLOW);
  await expect(page.getByText("Being invested")).toHaveCount(0, THROUGH_A_WORKFLOW);
  await linkTestBank(page);

  // Part: the preview lists the sales and the estimated gain before anything moves.
  await navigate(page, "Withdraw");
  await page.getByLabel("Amount (USD)").fill("300.00");
  await page.getByRole("button", { name: "Preview withdrawal" }).click();
  await expect(page.getByRole("heading", { name: "Review your withdrawal" })).toBeVisible();
  await expect(page.getByRole("table", { name: /Sales/ }).getByRole("row")).not.toHaveCount(1);
  // Bought minutes ago: every lot is short-term, and the whole estimated gain (a few cents of spread lost) is short-term.
  await expect(page.getByTestId("estimated-gain")).toContainText(/Estimated realised gain: (-?\$\d+\.\d\d) \(short-term \1, long-term \$0\.00\)/);
  await expect(page.getByText(/An advisor reviews this withdrawal first: the first withdrawal to a bank linked less than 7 days ago/)).toBeVisible();
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: test.info().outputPath("i15-withdrawals-withdraw-preview-390.png"), fullPage: true });
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.screenshot({ path: test.info().outputPath("i15-withdrawals-withdraw-preview-1366.png"), fullPage: true });
  await page.getByRole("button", { name: "Confirm withdrawal" }).click();
  await passStepUp(page, page.getByText("Your withdrawal is requested."), secret);
  const rows = page.getByRole("table", { name: "Withdrawals, newest first" }).getByRole("row");
  await expect(rows.nth(1)).toContainText("$300.00");
  await expect(rows.nth(1)).toContainText("Waiting for an advisor's review");

  // An admin approves it (with their second factor); it sells, settles and is paid.
  const admin = await pageAs("admin");
  await admin.goto("/admin/withdrawals");
  const card = admin.getByRole("listitem").filter({ hasText: "$300.00 for Wendy Withdrawer" });
  await expect(card).toContainText("the first withdrawal to a bank linked less than 7 days ago");
  await admin.setViewportSize(PHONE);
  await admin.screenshot({ path: test.info().outputPath("i15-withdrawals-approvals-390.png"), fullPage: true });
  await admin.setViewportSize({ width: 1366, height: 900 });
  await admin.screenshot({ path: test.info().outputPath("i15-withdrawals-approvals-1366.png"), fullPage: true });
  // The client's page shows the same withdrawal, waiting.
  await card.getByRole("link", { name: "Wendy Withdrawer" }).click();
  const section = admin.getByRole("region", { name: "Withdrawals" });
  await expect(section.getByRole("row").nth(1)).toContainText("Waiting for an advisor's review");
  await section.scrollIntoViewIfNeeded();
  await admin.screenshot({ path: test.info().outputPath("i15-withdrawals-client-page-1366.png"), fullPage: true });
  await admin.setViewportSize(PHONE);
  await admin.screenshot({ path: test.info().outputPath("i15-withdrawals-client-page-390.png"), fullPage: true });
  await admin.setViewportSize({ width: 1366, height: 900 });
  await admin.goBack();
  await card.getByRole("button", { name: "Approve" }).click();
  // Decided, it leaves the list of those waiting.
  await passStepUp(admin, admin.getByText("No withdrawal is waiting for review."));
  await expect(async () => {
    await page.reload();
    await expect(rows.nth(1)).toContainText("Paid", { timeout: 1_000 });
  }).toPass(THROUGH_A_WORKFLOW);

  // A payout to a closed account comes back to cash.
  await linkTestBank(page, "000111111113");
  await navigate(page, "Withdraw");
  await page.getByLabel("Amount (USD)").fill("25.00");
  await page.getByLabel("To bank account").selectOption({ label: "STRIPE TEST BANK ••1113" });
  await page.getByRole("button", { name: "Preview withdrawal" }).click();
  await page.getByRole("button", { name: "Confirm withdrawal" }).click();
  await passStepUp(page, page.getByText("Your withdrawal is requested."), secret);
  await admin.reload();
  await admin.getByRole("listitem").filter({ hasText: "$25.00 for Wendy Withdrawer" }).getByRole("button", { name: "Approve" }).click();
  await passStepUp(admin, admin.getByText("No withdrawal is waiting for review."));
  await expect(async () => {
    await page.reload();
    await expect(rows.nth(1)).toContainText("Returned by the bank: back in cash", { timeout: 1_000 });
  }).toPass(THROUGH_A_WORKFLOW);
  await expect(rows.nth(1)).toContainText("Your bank says the account is closed.");

  // Everything: to the first bank again (no review now), and the account is left at zero.
  await page.getByLabel("Withdraw everything").check();
  await page.getByLabel("To bank account").selectOption({ label: "STRIPE TEST BANK ••6789" });
  await page.getByRole("button", { name: "Preview withdrawal" }).click();
  await expect(page.getByText(/^Everything: about/)).toBeVisible();
  await page.getByRole("button", { name: "Confirm withdrawal" }).click();
  await passStepUp(page, page.getByText("Your withdrawal is requested."), secret);
  await expect(async () => {
    await page.reload();
    await expect(rows.nth(1)).toContainText("Paid", { timeout: 1_000 });
  }).toPass(THROUGH_A_WORKFLOW);
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: test.info().outputPath("i15-withdrawals-withdraw-390.png"), fullPage: true });
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.screenshot({ path: test.info().outputPath("i15-withdrawals-withdraw-1366.png"), fullPage: true });
  await navigate(page, "Dashboard");
  await expect(page.getByTestId("total-value")).toHaveText("$0.00");
  await expect(page.getByTestId("invested-value")).toHaveText("$0.00");
});
