import { cents, dollars, expect, signUp, test, THROUGH_A_WORKFLOW } from "./fixtures";
import { passStepUp } from "./second-factor";

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 900 };

/** The month it is in New York, and the one before ("2026-12", "2026-11"). */
function months(now = new Date()) {
  const current = now.toLocaleDateString("en-CA", { timeZone: "America/New_York" }).slice(0, 7);
  const [year, month] = current.split("-").map(Number) as [number, number];
  const previous = month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, "0")}`;
  return { current, previous };
}

test("the price is on the landing page before anyone signs up, on a phone and on a desktop", async ({ openPage }) => {
  for (const viewport of [PHONE, DESKTOP]) {
    const page = await openPage({ viewport });
    await page.goto("/");
    const pricing = page.getByRole("region", { name: "Pricing" });
    await expect(pricing).toContainText("no trading fees");
    await expect(pricing.getByRole("table", { name: "The advisory fee" }).getByRole("row").nth(1)).toHaveText(/Any balance\s*0\.25 % a year/);
    // 0.25 % of $50,000.
    await expect(pricing.getByTestId("pricing-example")).toContainText("with $50,000 invested you pay $125.00 a year");
    await expect(page.getByRole("main").getByRole("link", { name: "Open an account" })).toBeVisible();
  }
});

test("an admin gives a client their own schedule and waives part of their fee; the client sees both in settings", async ({ page, pageAs }) => {
  const email = await signUp(page, "Fay Feewise", "fees");
  const suffix = email.split("@")[0]!.slice(-6);
  const admin = await pageAs("admin");
  await admin.goto("/admin/fees");

  const schedules = admin.getByRole("region", { name: "Schedules" });
  const create = schedules.getByRole("form", { name: "Create schedule" });
  await create.getByLabel("Name").fill(`Founders ${suffix}`);
  await create.getByLabel("Bands").fill("0: 0.20\n1000000: 0.10");
  await create.getByRole("button", { name: "Create schedule" }).click();
  await passStepUp(admin, create.getByRole("status").filter({ hasText: "Schedule saved" }));
  await expect(schedules.getByRole("table", { name: `Founders ${suffix}` })).toContainText("Over $1,000,000");

  const assign = admin.getByRole("region", { name: "Assign a schedule" });
  await assign.getByLabel("Advisor or client (email)").fill(email);
  await assign.getByLabel("Schedule").selectOption({ label: `Founders ${suffix}` });
  await assign.getByRole("button", { name: "Assign" }).click();
  await passStepUp(admin, assign.getByRole("status").filter({ hasText: "Assigned" }));
  await expect(assign.getByRole("table", { name: "Assignments" })).toContainText(`${email} (client)`);

  const waive = admin.getByRole("region", { name: "Waive fees" });
  await waive.getByLabel("Client (email)").fill(email);
  await waive.getByLabel("From").fill("2030-01-01");
  await waive.getByLabel("To (included)").fill("2030-03-31");
  await waive.getByLabel("Share of the fee waived (%)").fill("50");
  await waive.getByLabel("Reason").fill("Welcome offer");
  await waive.getByRole("button", { name: "Grant waiver" }).click();
  await passStepUp(admin, waive.getByRole("status").filter({ hasText: "Waiver granted." }));

  await page.goto("/settings");
  const fees = page.getByRole("region", { name: "Fees" });
  await expect(fees.getByTestId("fee-rate")).toHaveText("0.2 % a year");
  await expect(fees).toContainText(`Schedule: Founders ${suffix} (set for you)`);
  await expect(fees.getByTestId("fee-waiver")).toHaveText("50 % of the fee is waived from 2030-01-01 to 2030-03-31 (Welcome offer).");
  await expect(fees.getByTestId("fees-this-year")).toHaveText("$0.00");
  await expect(fees).toContainText("No fee has been billed yet");

  // The same through the JSON API.
  const accountId = await page.getByTestId("account-id").textContent();
  const answer = await page.request.get(`/api/v1/accounts/${accountId}/fees`);
  expect(answer.status()).toBe(200);
  expect(await answer.json()).toMatchObject({
    accountId,
    annualRate: "0.2 %",
    schedule: { name: `Founders ${suffix}`, source: "client", tiers: [{ from: "0.00", to: "1000000.00", annualRate: "0.2 %" }, { from: "1000000.00", to: null, annualRate: "0.1 %" }] },
    waivers: [{ from: "2030-01-01", to: "2030-03-31", share: "50 %", reason: "Welcome offer" }],
    feesThisYear: "0.00",
    bills: [],
  });
});

/** "November 2026" for "2026-11", as the fee's memo names the month. */
const monthName = (month: string) => new Date(`${month}-15T12:00:00Z`).toLocaleDateString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });

test("an admin bills a month that has ended, not the one under way; the client with history sees the fee, the advisor's book the revenue", async ({ pageAs }) => {
  const { current, previous } = months();
  const admin = await pageAs("admin");
  await admin.goto("/admin/operations");
  const billing = admin.getByRole("region", { name: "Fee billing" });
  await billing.getByLabel("Month to bill").fill(current);
  await billing.getByRole("button", { name: "Bill fees" }).click();
  await passStepUp(admin, billing.getByRole("alert").filter({ hasText: `Only months that have ended can be billed; ${current} has not.` }));

  await billing.getByLabel("Month to bill").fill(previous);
  await billing.getByRole("button", { name: "Bill fees" }).click();
  await passStepUp(admin, billing.getByRole("status").filter({ hasText: `Billing ${previous}` }));

  // Hana Holder (the demo investor with a year of history) had value all month: her bill is not nothing. She holds
  // no cash, so the fee is collected by selling; once it is, Settings shows the month paid and Activity the fee.
  let fee = 0n;
  for (const viewport of [PHONE, DESKTOP]) {
    const hana = await pageAs("holder");
    await hana.setViewportSize(viewport);
    const bill = hana.getByRole("region", { name: "Fees" }).getByTestId(`fee-bill-${previous}`);
    await expect(async () => {
      await hana.goto("/settings");
      await expect(bill.getByRole("cell").nth(3)).toHaveText("Paid", { timeout: 1_000 });
    }).toPass(THROUGH_A_WORKFLOW);
    const [, amount, paid] = (await bill.getByRole("cell").allInnerTexts()).map((text) => text.trim());
    expect(cents(amount!)).toBeGreaterThan(0n);
    expect(paid).toBe(amount);
    fee = cents(amount!);

    await hana.goto("/activity");
    const entry = hana.getByRole("table", { name: "Your activity, newest first" }).getByRole("row", { name: `Advisory fee for ${monthName(previous)}` });
    await expect(entry).toHaveCount(1);
    await expect(entry.getByRole("cell").nth(1)).toHaveText("Fee");
    await expect(entry.getByRole("cell").nth(3)).toHaveText(dollars(-fee));
  }

  // Her advisor's book counts it in this month's revenue (with whatever else was collected this month).
  const advisor = await pageAs("advisor");
  await advisor.goto("/admin");
  const book = advisor.getByRole("region", { name: "Your book" });
  await expect(book.getByTestId("fee-revenue-month")).toHaveText(/^\$\d[\d,]*\.\d\d$/);
  expect(cents(await book.getByTestId("fee-revenue-month").textContent())).toBeGreaterThanOrEqual(fee);
  await expect(book.getByTestId("fees-accrued-month")).toHaveText(/^\$\d[\d,]*\.\d\d$/);

  // The books still balance after the bill, the sales and the collection.
  await admin.goto("/admin/operations");
  await admin.getByRole("button", { name: "Run the reconciliation" }).click();
  const report = admin.getByRole("region", { name: "Reconciliation" });
  await expect(report.getByRole("status")).toHaveText(/^Checked at .* UTC in \d+ ms\.$/);
  await expect(report.getByRole("region", { name: "Trial balance" })).toHaveText(/^Trial balance\s*No differences$/);
});
