import { expect, test } from "@playwright/test";
import { DEMO, deposit, signIn, signUp, submitIdentity, takeBalancedQuestionnaire } from "./fixtures";

const money = (text: string | null) => Number(text!.replace(/[$,]/g, ""));

// Halts trading for everyone: this spec runs on its own, after the others (see playwright.config.ts).
test("an investor is verified by their advisor, deposits and is invested; the advisor sees it all; a trading halt holds the next investment until it is lifted", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  // The investor signs up, chooses a portfolio and submits their identity.
  const email = await signUp(page, "Jordan Journey", "journey");
  await takeBalancedQuestionnaire(page);
  await submitIdentity(page, "Jordan Journey");

  // An admin assigns them to the demo advisor.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, DEMO.admin);
  await expect(admin).toHaveURL(/\/admin$/);
  await admin.goto(`/admin/clients?q=${encodeURIComponent(email)}`);
  await admin.getByRole("link", { name: "Jordan Journey" }).click();
  await admin.getByLabel("Advisor").selectOption({ label: "Alex Advisor (advisor@autovest.dev)" });
  await admin.getByRole("button", { name: "Assign" }).click();
  await expect(admin.getByRole("status")).toHaveText("Assigned to Alex Advisor.");
  const clientPath = new URL(admin.url()).pathname;
  const clientId = clientPath.split("/").at(-1)!;

  // The advisor finds the check waiting from the dashboard and approves it.
  const advisorContext = await browser.newContext();
  const advisor = await advisorContext.newPage();
  await signIn(advisor, DEMO.advisor);
  await expect(advisor).toHaveURL(/\/admin$/);
  await advisor.getByRole("link", { name: /identity checks? waiting for review/ }).click();
  await expect(advisor).toHaveURL(/kyc=PENDING_REVIEW/);
  await advisor.getByRole("link", { name: "Jordan Journey" }).click();
  await expect(advisor.getByTestId("kyc-status")).toHaveText("Waiting for review");
  await advisor.getByRole("button", { name: "Approve identity" }).click();
  await expect(advisor.getByTestId("kyc-status")).toHaveText("Approved");

  // The investor deposits and is invested in the Balanced model.
  await page.goto("/dashboard");
  await deposit(page, "500", /succeeds/);
  const holdings = page.getByRole("table", { name: "Holdings at the latest prices" });
  await expect(holdings.getByRole("row")).toHaveCount(9, { timeout: 20_000 });
  await expect(page.getByText("Being invested")).toHaveCount(0, { timeout: 20_000 });
  const investedBefore = money(await page.getByTestId("invested-value").textContent());
  expect(investedBefore).toBeGreaterThan(498);

  // The advisor sees the client's holdings and the trail of all of it.
  await advisor.goto(clientPath);
  await expect(advisor.getByRole("heading", { name: "Portfolio: Balanced (version 1)" })).toBeVisible();
  await expect(advisor.getByRole("table", { name: "Holdings at the latest prices" }).getByRole("row", { name: /VTI/ })).toBeVisible();
  expect(money(await advisor.getByTestId("client-total-value").textContent())).toBeCloseTo(500, 0);
  await advisor.goto(`/admin/audit?actor=${encodeURIComponent(email)}`);
  const byClient = advisor.getByRole("table");
  for (const action of ["Signed up", "Risk questionnaire submitted", "Identity check submitted", "Deposit requested"]) {
    await expect(byClient.getByRole("row", { name: new RegExp(action) }).first()).toBeVisible();
  }
  await advisor.goto(`/admin/audit?targetId=${clientId}`);
  await expect(advisor.getByRole("table").getByRole("row", { name: /Identity approved/ })).toContainText("Alex Advisor");

  // An admin halts trading: the next deposit is credited but not invested until the halt is lifted.
  await admin.goto("/admin/operations");
  const halt = admin.getByRole("region", { name: "Trading halt" });
  await halt.getByLabel("Reason for halting").fill("Broker reports a pricing incident");
  await halt.getByRole("button", { name: "Halt trading" }).click();
  await expect(halt.getByRole("status")).toContainText("Trading is halted");
  try {
    await page.goto("/dashboard");
    await deposit(page, "200", /succeeds/);
    await expect(page).toHaveURL(/\/dashboard\?deposit=/);
    const waiting = page.getByRole("definition").filter({ hasText: "$200.00" });
    await expect(page.getByText("Being invested")).toBeVisible({ timeout: 20_000 });
    await expect(waiting).toBeVisible();
    // Several seconds later, still nothing bought.
    await page.waitForTimeout(4_000);
    await page.reload();
    await expect(page.getByText("Being invested")).toBeVisible();
    expect(money(await page.getByTestId("invested-value").textContent())).toBeCloseTo(investedBefore, 0);
  } finally {
    await halt.getByRole("button", { name: "Resume trading" }).click();
    await expect(halt.getByRole("status")).toHaveText("Trading is running: workflows place orders as usual.");
  }
  // Lifted: the waiting investment goes through, and the dashboard shows it by itself.
  await expect(page.getByText("Being invested")).toHaveCount(0, { timeout: 20_000 });
  expect(money(await page.getByTestId("invested-value").textContent())).toBeGreaterThan(investedBefore + 198);
  await Promise.all([adminContext.close(), advisorContext.close()]);
});
