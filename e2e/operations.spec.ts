import { expect, test } from "@playwright/test";
import { DEMO, signIn } from "./fixtures";

test("an admin halts trading with a reason, an advisor sees it read-only, and the admin resumes it", async ({ page, browser }) => {
  await signIn(page, DEMO.admin);
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto("/admin/operations");
  const halt = page.getByRole("region", { name: "Trading halt" });
  await expect(halt.getByRole("status")).toHaveText("Trading is running: workflows place orders as usual.");

  await halt.getByRole("button", { name: "Halt trading" }).click();
  await expect(halt.getByText("Say why trading is halted.")).toBeVisible();
  await expect(halt.getByRole("status")).toHaveText("Trading is running: workflows place orders as usual.");

  await halt.getByLabel("Reason for halting").fill("Price feed shows stale quotes");
  await halt.getByRole("button", { name: "Halt trading" }).click();
  await expect(halt.getByRole("status")).toContainText("Trading is halted");
  await expect(halt.getByRole("status")).toContainText("Reason: Price feed shows stale quotes.");

  const staff = await browser.newContext();
  try {
    const advisor = await staff.newPage();
    await signIn(advisor, DEMO.advisor);
    await expect(advisor).toHaveURL(/\/admin$/);
    await advisor.goto("/admin/operations");
    const seen = advisor.getByRole("region", { name: "Trading halt" });
    await expect(seen.getByRole("status")).toContainText("Trading is halted");
    await expect(seen.getByRole("status")).toContainText("Price feed shows stale quotes");
    await expect(advisor.getByRole("button", { name: "Halt trading" })).toHaveCount(0);
    await expect(advisor.getByRole("button", { name: "Resume trading" })).toHaveCount(0);
    await expect(advisor.getByRole("region", { name: "Reconciliation" })).toHaveCount(0);
    await expect(advisor.getByRole("region", { name: "Recent runs" })).toBeVisible();

    await halt.getByRole("button", { name: "Resume trading" }).click();
    await expect(halt.getByRole("status")).toHaveText("Trading is running: workflows place orders as usual.");
    await advisor.reload();
    await expect(seen.getByRole("status")).toHaveText("Trading is running: workflows place orders as usual.");
  } finally {
    await staff.close();
  }
});

test("an admin runs the reconciliation and reads each check", async ({ page }) => {
  await signIn(page, DEMO.admin);
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto("/admin/operations");
  await page.getByRole("button", { name: "Run the reconciliation" }).click();
  const report = page.getByRole("region", { name: "Reconciliation" });
  await expect(report.getByRole("status")).toContainText(/Checked at .* in \d+ ms\./);
  await expect(report.getByRole("region", { name: "Trial balance" })).toContainText("No differences");
  await expect(report.getByRole("region", { name: "Ledger against Stripe's balance transactions" })).toContainText("Stripe keys not set: not checked.");
  await expect(report.getByRole("region", { name: "Holdings against the broker's positions" })).toBeVisible();
  await expect(report.getByRole("region", { name: "Clearing accounts back to zero" })).toBeVisible();
});
