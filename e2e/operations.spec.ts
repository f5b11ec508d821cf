import type { Page } from "@playwright/test";
import { HOLDINGS_HEADER, INVESTED_200 } from "./figures";
import { cents, deposit, dollars, expect, signUpVerified, takeBalancedQuestionnaire, test, THROUGH_A_WORKFLOW } from "./fixtures";
import { passStepUp } from "./second-factor";

// Halts trading for everyone, and reads platform-wide totals: this spec runs on its own, after the others
// (see playwright.config.ts).
test("an admin halts trading with a reason, an advisor sees it read-only, and the admin resumes it", async ({ pageAs }) => {
  const page = await pageAs("admin");
  await page.goto("/admin/operations");
  const halt = page.getByRole("region", { name: "Trading halt" });
  await expect(halt.getByRole("status")).toHaveText("Trading is running: workflows place orders as usual.");

  await halt.getByRole("button", { name: "Halt trading" }).click();
  await passStepUp(page, halt.getByText("Say why trading is halted."));
  await expect(halt.getByRole("status")).toHaveText("Trading is running: workflows place orders as usual.");

  await halt.getByLabel("Reason for halting").fill("Price feed shows stale quotes");
  await halt.getByRole("button", { name: "Halt trading" }).click();
  await passStepUp(page, halt.getByRole("status").filter({ hasText: "Trading is halted" }));
  await expect(halt.getByRole("status")).toContainText("Reason: Price feed shows stale quotes.");

  const advisor = await pageAs("advisor");
  await advisor.goto("/admin/operations");
  const seen = advisor.getByRole("region", { name: "Trading halt" });
  await expect(seen.getByRole("status")).toContainText("Trading is halted");
  await expect(seen.getByRole("status")).toContainText("Price feed shows stale quotes");
  await expect(advisor.getByRole("button", { name: "Halt trading" })).toHaveCount(0);
  await expect(advisor.getByRole("button", { name: "Resume trading" })).toHaveCount(0);
  await expect(advisor.getByRole("region", { name: "Reconciliation" })).toHaveCount(0);
  await expect(advisor.getByRole("region", { name: "Recent runs" })).toBeVisible();

  await halt.getByRole("button", { name: "Resume trading" }).click();
  await passStepUp(page, halt.getByRole("status").filter({ hasText: "Trading is running: workflows place orders as usual." }));
  await advisor.reload();
  await expect(seen.getByRole("status")).toHaveText("Trading is running: workflows place orders as usual.");
});

test("a deposit made while trading is halted is held, not invested, and invested once the admin resumes trading", async ({ page, pageAs }) => {
  await signUpVerified(page, pageAs, "Hal Held", "halt");
  await takeBalancedQuestionnaire(page);
  await expect(page.getByRole("heading", { name: "Your portfolio: Balanced" })).toBeVisible();

  const admin = await pageAs("admin");
  await admin.goto("/admin/operations");
  const halt = admin.getByRole("region", { name: "Trading halt" });
  await halt.getByLabel("Reason for halting").fill("Broker reports a pricing incident");
  await halt.getByRole("button", { name: "Halt trading" }).click();
  await passStepUp(admin, halt.getByRole("status").filter({ hasText: "Trading is halted" }));
  try {
    await page.goto("/dashboard");
    await deposit(page, "200", /succeeds/);
    await expect(page).toHaveURL(/\/dashboard\?deposit=/);
    // The run has taken the $200 to invest, and bought nothing with it.
    // Read after a reload: the live refresh of this one state is not reliable yet (see issue 16's note).
    const beingInvested = page.getByRole("term").filter({ hasText: /^Being invested$/ }).locator("xpath=following-sibling::dd[1]");
    await expect(async () => {
      await page.reload();
      await expect(beingInvested).toHaveText("$200.00", { timeout: 2_000 });
    }).toPass(THROUGH_A_WORKFLOW);
    await expect(page.getByTestId("invested-value")).toHaveText("$0.00");
    await expect(page.getByTestId("available-cash")).toHaveText("$0.00");
    // Every investor page says the money is safe and waiting; the staff overview says trading is halted, and why.
    await expect(page.getByRole("complementary", { name: "Trading is paused" })).toHaveText(
      "Trading is paused by Autovest. Your money is safe: cash and holdings are unchanged and deposits will be invested when trading resumes.",
    );
    await admin.goto("/admin");
    const staffBanner = admin.getByRole("complementary", { name: "Trading is halted" });
    await expect(staffBanner).toContainText("Trading is halted for every account. Reason: Broker reports a pricing incident.");
    await expect(staffBanner.getByRole("link", { name: "Go to operations" })).toHaveAttribute("href", "/admin/operations");
    // The operations page says why: the run holds the account and waits for the halt to be lifted.
    await admin.goto("/admin/operations");
    const held = admin.getByRole("region", { name: "Accounts held by a run, longest first" }).getByRole("row", { name: /Hal Held/ });
    await expect(held).toContainText("Waiting for the trading halt to be lifted", THROUGH_A_WORKFLOW);
    await expect(held).toContainText("Investment");
    await expect(held.getByRole("button", { name: "Release Hal Held's account from its invest run" })).toBeVisible();
  } finally {
    await halt.getByRole("button", { name: "Resume trading" }).click();
    await passStepUp(admin, halt.getByRole("status").filter({ hasText: "Trading is running: workflows place orders as usual." }));
  }

  // Lifted: the waiting investment goes through, and the dashboard shows it by itself (e2e/figures.ts).
  const holdings = page.getByRole("table", { name: "Holdings at the latest prices" });
  await expect(holdings.getByRole("row")).toHaveText([HOLDINGS_HEADER, ...INVESTED_200], { useInnerText: true, ...THROUGH_A_WORKFLOW });
  await expect(page.getByText("Being invested")).toHaveCount(0);
  await expect(page.getByRole("complementary", { name: "Trading is paused" })).toHaveCount(0);
  await expect(page.getByTestId("invested-value")).toHaveText("$199.90");
  await expect(page.getByTestId("available-cash")).toHaveText("$0.00");
  await expect(page.getByTestId("total-gain")).toHaveText("-$0.10 (-0.05%)");

  // Every purchase is dated after the resumption the audit trail records.
  await admin.goto("/admin/audit?action=TRADING_RESUMED");
  const resumedAt = Date.parse((await admin.getByRole("table").getByRole("row").nth(1).locator("time").getAttribute("datetime"))!);
  await page.goto("/settings");
  const accountId = (await page.getByTestId("account-id").textContent())!;
  const trades = await page.request.get(`/api/v1/accounts/${accountId}/transactions?type=trade`);
  const purchases = ((await trades.json()) as { transactions: { at: string }[] }).transactions.map((t) => Date.parse(t.at));
  expect(purchases).toHaveLength(8);
  expect(purchases.filter((at) => at <= resumedAt), "purchases made before the resumption").toEqual([]);
});

/** Runs the reconciliation from the operations page; returns the report. */
async function reconcile(admin: Page) {
  await admin.goto("/admin/operations");
  await admin.getByRole("button", { name: "Run the reconciliation" }).click();
  const report = admin.getByRole("region", { name: "Reconciliation" });
  await expect(report.getByRole("status")).toHaveText(/^Checked at .* UTC in \d+ ms\.$/);
  return report;
}

/** The Stripe clearing balance the report shows (the row is left out when it is back at zero). */
async function stripeClearing(report: ReturnType<Page["getByRole"]>): Promise<bigint> {
  const row = report.getByRole("region", { name: "Clearing accounts back to zero" }).getByRole("row", { name: /^Stripe clearing USD / });
  return (await row.count()) === 0 ? 0n : cents(await row.getByRole("cell").nth(2).textContent());
}

test("an admin runs the reconciliation and reads each check: the books balance, the holdings match the broker, and a new card payment is in Stripe clearing", async ({
  page,
  pageAs,
}) => {
  const admin = await pageAs("admin");
  const before = await stripeClearing(await reconcile(admin));

  // A card payment nobody has invested yet (no portfolio chosen): it sits in Stripe clearing until Stripe
  // pays it out, and nothing else moves.
  await signUpVerified(page, pageAs, "Rita Reconciled", "reconcile");
  await deposit(page, "123.45", /succeeds/);
  await expect(page.getByTestId("available-cash")).toHaveText("$123.45");

  const report = await reconcile(admin);
  await expect(report.getByRole("region", { name: "Trial balance" })).toHaveText(/^Trial balance\s*No differences$/);
  await expect(report.getByRole("region", { name: "Holdings against the broker's positions" })).toHaveText(/^Holdings against the broker's positions\s*No differences$/);
  await expect(report.getByRole("region", { name: "Ledger against Stripe's balance transactions" })).toHaveText(
    /^Ledger against Stripe's balance transactions\s*Stripe keys not set: not checked\.$/,
  );
  // The payment is owed to us by Stripe: clearing is $123.45 further below zero than before it.
  expect(dollars(await stripeClearing(report))).toBe(dollars(before - 12_345n));
});
