import { deposit, expect, signUpVerified, test } from "./fixtures";

test("an investor is told their deposit arrived, marks it read, and its email is in the development mailbox", async ({ page, pageAs }) => {
  const email = await signUpVerified(page, pageAs, "Nora Notified");
  // The approval of their identity is the first thing they were told.
  await expect(page.getByRole("link", { name: "Notifications (1 unread)" })).toBeVisible();

  await deposit(page, "500");
  await expect(page).toHaveURL(/\/dashboard\?deposit=/);
  await expect(page.getByTestId("available-cash")).toHaveText("$500.00");
  await page.getByRole("link", { name: "Notifications (2 unread)" }).click();
  await expect(page).toHaveURL(/\/notifications$/);

  const main = page.getByRole("main");
  await expect(main).toContainText("You have 2 unread notifications.");
  const depositItem = main.getByRole("listitem").filter({ hasText: "Deposit of $500.00 received" });
  await expect(depositItem).toContainText("New");
  await expect(depositItem.getByRole("link", { name: "Deposit of $500.00 received" })).toHaveAttribute("href", "/activity");
  await depositItem.getByRole("button", { name: "Mark as read: Deposit of $500.00 received" }).click();

  await expect(depositItem).toContainText("· Read");
  await expect(depositItem).not.toContainText("New");
  await expect(depositItem.getByRole("button")).toHaveCount(0);
  await expect(main).toContainText("You have 1 unread notification.");
  await expect(page.getByRole("link", { name: "Notifications (1 unread)" })).toBeVisible();

  await main.getByRole("button", { name: "Mark all as read" }).click();
  await expect(main).toContainText("You have no unread notifications.");
  await expect(main.getByRole("listitem").filter({ hasText: "Your identity is verified" })).toContainText("· Read");
  await expect(page.getByRole("link", { name: "Notifications", exact: true })).toBeVisible();

  // The email goes out after the deposit's transaction commits, through the outbox and the workflow.
  await expect(async () => {
    await page.goto("/dev/mail");
    await expect(page.getByRole("article", { name: "Deposit of $500.00 received" }).filter({ hasText: email })).toBeVisible({ timeout: 1_000 });
  }).toPass();
  const mail = page.getByRole("article", { name: "Deposit of $500.00 received" }).filter({ hasText: email });
  await expect(mail).toContainText("The money is in your account.");
  await expect(mail).toContainText("/notifications");
});
