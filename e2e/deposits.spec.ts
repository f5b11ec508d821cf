import { alertOf, deposit, expect, signUp, signUpVerified, submitIdentity, test, verifyEmail, verifyIdentity } from "./fixtures";

test("an investor deposits $500 by test card and sees $500 of cash", async ({ page, pageAs }) => {
  await signUpVerified(page, pageAs, "Dana Deposit", "saver");
  await expect(page.getByTestId("available-cash")).toHaveText("$0.00");
  await deposit(page, "500", /succeeds/);
  await expect(page).toHaveURL(/\/dashboard\?deposit=/);
  await expect(page.getByTestId("available-cash")).toHaveText("$500.00");
  const row = page.getByRole("row", { name: /\$500\.00/ });
  await expect(row).toContainText("Card");
  await expect(row).toContainText("Succeeded");
});

test("a declined card shows a clear failure, what to do next and a notification, and no cash", async ({ page, pageAs }) => {
  await signUpVerified(page, pageAs, "Dana Deposit", "saver");
  await expect(page.getByRole("link", { name: "Notifications (1 unread)" })).toBeVisible();
  await deposit(page, "75.50", /declined/);
  await expect(page.getByTestId("available-cash")).toHaveText("$0.00");
  const declined = "Your card was declined by your bank: no money was taken. Try another card.";
  const row = page.getByRole("row", { name: /\$75\.50/ });
  await expect(row).toContainText("Failed");
  await expect(row).toContainText(declined);
  const notice = page.getByTestId("deposit-failure");
  await expect(notice).toContainText(`Your card payment of $75.50 did not go through. ${declined}`);
  await expect(notice.getByRole("link", { name: "Try another card" })).toHaveAttribute("href", "/deposit");

  // Told once, in the notification centre (and by email).
  await page.getByRole("link", { name: "Notifications (2 unread)" }).click();
  const item = page.getByRole("main").getByRole("listitem").filter({ hasText: "Your card payment of $75.50 was declined" });
  await expect(item).toContainText(declined);
  await expect(item.getByRole("link", { name: "Your card payment of $75.50 was declined" })).toHaveAttribute("href", "/deposit");
});

test("a bank transfer is pending until it settles", async ({ page, pageAs }) => {
  await signUpVerified(page, pageAs, "Dana Deposit", "saver");
  await deposit(page, "1,000.00", /bank account/);
  await expect(page.getByRole("row", { name: /\$1,000\.00/ })).toContainText("Pending: bank transfer in progress");
  await expect(page.getByTestId("available-cash")).toHaveText("$0.00");
  await page.getByRole("button", { name: "Settle test transfer" }).click();
  await expect(page.getByTestId("available-cash")).toHaveText("$1,000.00");
  await expect(page.getByRole("row", { name: /\$1,000\.00/ })).toContainText("Succeeded");
});

test("a bank transfer the bank returns says why, that nothing is owed and what to do, and tells the investor", async ({ page, pageAs }) => {
  await signUpVerified(page, pageAs, "Bo Bounce", "saver");
  await deposit(page, "1,000.00", /bank account/);
  await page.getByRole("button", { name: "Bounce test transfer" }).click();
  const returned = "Your bank returned the $1,000.00 transfer (R01: not enough funds in the account): it was not invested, and nothing is owed.";
  await expect(page.getByRole("row", { name: /\$1,000\.00/ })).toContainText(`Failed ${returned}`);
  await expect(page.getByTestId("deposit-failure")).toContainText(`Your bank transfer of $1,000.00 did not go through. ${returned}`);
  await expect(page.getByTestId("available-cash")).toHaveText("$0.00");
  await page.getByRole("link", { name: "Notifications (2 unread)" }).click();
  await expect(page.getByRole("main").getByRole("listitem").filter({ hasText: "Your bank returned your $1,000.00 transfer" })).toContainText(returned);
});

test("bad amounts are refused next to the field, and nothing is deposited", async ({ page, pageAs }) => {
  await signUpVerified(page, pageAs, "Dana Deposit", "saver");
  await page.getByRole("link", { name: "Deposit money" }).click();
  for (const [amount, message] of [
    ["5", "Deposits are between $10.00 and $100,000.00."],
    ["12.345", "Enter an amount in dollars and cents, like 500 or 500.00."],
    ["100000.01", "Deposits are between $10.00 and $100,000.00."],
    ["ten dollars", "Enter an amount in dollars and cents, like 500 or 500.00."],
  ]) {
    await page.getByLabel("Amount (USD)").fill(amount!);
    await page.getByRole("button", { name: "Pay with test method" }).click();
    await expect(page.getByLabel("Amount (USD)")).toHaveAccessibleDescription(new RegExp(message!.replace(/[$.]/g, "\\$&")));
    // The refused amount stays in the field to be corrected.
    await expect(page.getByLabel("Amount (USD)")).toHaveValue(amount!);
  }
  await page.goto("/dashboard");
  await expect(page.getByText("No deposits yet.")).toBeVisible();
});

test("the Stripe webhook refuses unsigned and tampered requests", async ({ request }) => {
  const unsigned = await request.post("/api/webhooks/stripe", { data: { id: "evt_1", type: "payment_intent.succeeded" } });
  expect(unsigned.status()).toBe(400);
  expect((await unsigned.json()).error.code).toBe("invalid_webhook");
  const forged = await request.post("/api/webhooks/stripe", {
    headers: { "stripe-signature": `t=${Math.floor(Date.now() / 1000)},v1=${"0".repeat(64)}` },
    data: { id: "evt_2", type: "payment_intent.succeeded", data: { object: {} } },
  });
  expect(forged.status()).toBe(400);
});

test("deposits are for investors: an advisor is refused the deposit page", async ({ pageAs }) => {
  const page = await pageAs("advisor");
  expect((await page.goto("/deposit"))?.status()).toBe(403);
  await expect(alertOf(page)).toHaveCount(0);
});

test("a new investor is asked to verify their identity and confirm their email before depositing, and can deposit once both are done", async ({ page, pageAs }) => {
  const email = await signUp(page, "Vera Verify", "verify");
  const main = page.getByRole("main");
  await expect(main.getByRole("status").filter({ hasText: "Before you deposit, verify your identity" })).toBeVisible();
  await expect(main.getByRole("link", { name: "Deposit money" })).toHaveCount(0);
  await page.goto("/deposit");
  await expect(main.getByLabel("Amount (USD)")).toHaveCount(0);
  await main.getByRole("link", { name: "Verify your identity" }).click();
  await expect(page).toHaveURL(/\/verify$/);

  await submitIdentity(page, "Vera Verify");
  await page.goto("/dashboard");
  await expect(main.getByRole("status").filter({ hasText: "Your identity check is waiting for review" })).toBeVisible();
  await expect(main.getByRole("link", { name: "Deposit money" })).toHaveCount(0);

  await verifyIdentity(page, pageAs, "Vera Verify", email, { submitted: true });
  // Identity approved, but the address is not confirmed yet: the deposit form waits for it, and the banner says so.
  await page.goto("/deposit");
  await expect(main.getByRole("status")).toContainText("Before your first deposit, confirm your email address");
  await expect(main.getByLabel("Amount (USD)")).toHaveCount(0);
  const banner = page.getByRole("complementary", { name: "Confirm your email address" });
  await expect(banner).toContainText(email);
  // The first email is lost: a new link replaces it.
  await banner.getByRole("button", { name: "Send the link again" }).click();
  await expect(banner.getByRole("status")).toHaveText(`We have sent a new link to ${email}.`);
  await verifyEmail(page, email);
  await expect(page.getByRole("complementary", { name: "Confirm your email address" })).toHaveCount(0);
  await deposit(page, "100", /succeeds/);
  await expect(page.getByTestId("available-cash")).toHaveText("$100.00");
});
