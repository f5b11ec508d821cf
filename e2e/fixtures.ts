import { expect, type Browser, type Page } from "@playwright/test";

export const DEMO = {
  admin: { email: "admin@autovest.dev", password: "autovest-demo-ledger" },
  advisor: { email: "advisor@autovest.dev", password: "autovest-demo-portfolio" },
  investor: { email: "investor@autovest.dev", password: "autovest-demo-savings" },
} as const;

/** An address no other test uses, so tests run in parallel against one database. */
export function uniqueEmail(prefix = "investor"): string {
  return `${prefix}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}@example.com`;
}

export async function signIn(page: Page, { email, password }: { email: string; password: string }) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

/** The page's own alert (Next.js keeps an empty route announcer with role="alert" outside <main>). */
export function alertOf(page: Page) {
  return page.getByRole("main").getByRole("alert");
}

/** Opens a new investor account through the sign-up form and lands on the dashboard; returns its email. */
export async function signUp(page: Page, name: string, emailPrefix = "investor"): Promise<string> {
  const email = uniqueEmail(emailPrefix);
  await page.goto("/sign-up");
  await page.getByLabel("Full name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a quiet harbour at dawn");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  return email;
}

/** Deposits `amount` through the deposit form's test method (the first, succeeding card unless `method` picks another). */
export async function deposit(page: Page, amount: string, method?: RegExp) {
  await page.getByRole("link", { name: "Deposit money" }).click();
  await page.getByLabel("Amount (USD)").fill(amount);
  if (method) await page.getByRole("radio", { name: method }).check();
  await page.getByRole("button", { name: "Pay with test method" }).click();
}

/** A tiny PNG's first bytes: enough for the identity-document check, which reads the content, not the name. */
export const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

/** Fills and submits the identity form on /verify for the signed-in investor. */
export async function submitIdentity(page: Page, legalName: string) {
  await page.goto("/verify");
  await page.getByLabel("Legal name").fill(legalName);
  await page.getByLabel("Date of birth").fill("1984-06-15");
  await page.getByLabel("Social Security number or ITIN").fill("219-09-9999");
  await page.getByLabel("Street address").fill("1 Harbour Road");
  await page.getByLabel("City").fill("Portland");
  await page.getByLabel("State").fill("OR");
  await page.getByLabel("ZIP code").fill("97201");
  await page.getByLabel("Identity document").setInputFiles({ name: "passport.png", mimeType: "image/png", buffer: PNG });
  await page.getByRole("button", { name: "Submit for review" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText("with our team for review since");
}

/**
 * Takes the signed-in investor on `page` through identity checks as a user would: they submit the form, an
 * admin (in a browser context of their own) approves it, and the investor sees it verified. Deposits and
 * investing need this.
 */
export async function verifyIdentity(page: Page, browser: Browser, legalName: string, email: string, { submitted = false } = {}) {
  if (!submitted) await submitIdentity(page, legalName);
  const staff = await browser.newContext();
  try {
    const admin = await staff.newPage();
    await signIn(admin, DEMO.admin);
    await expect(admin).toHaveURL(/\/admin$/);
    await admin.goto(`/admin/clients?q=${encodeURIComponent(email)}`);
    await admin.getByRole("row", { name: new RegExp(email.replace(/[.+]/g, "\\$&")) }).getByRole("link").first().click();
    await expect(admin).toHaveURL(/\/admin\/clients\/[0-9a-f-]{36}$/);
    await admin.getByRole("button", { name: "Approve identity" }).click();
    await expect(admin.getByTestId("kyc-status")).toHaveText("Approved");
  } finally {
    await staff.close();
  }
  await page.goto("/verify");
  await expect(page.getByRole("main").getByRole("status")).toHaveText("Your identity is verified.");
}

/** A new investor, signed up and verified, on the dashboard; returns their email. */
export async function signUpVerified(page: Page, browser: Browser, name: string, emailPrefix = "investor"): Promise<string> {
  const email = await signUp(page, name, emailPrefix);
  await verifyIdentity(page, browser, name, email);
  await page.goto("/dashboard");
  return email;
}

export const BALANCED: [RegExp, string][] = [
  [/start using this money/, "In 6 to 10 years"],
  [/main goal/, "A balance of growth and safety"],
  [/falls 20%/, "Do nothing and wait"],
  [/income/, "Stable"],
  [/investing experience/, "Some stock funds"],
  [/emergency/, "Maybe"],
  [/largest loss/, "10% to 20%"],
];

/** Answers the risk questionnaire from the dashboard as a balanced investor would (score 6: the Balanced model). */
export async function takeBalancedQuestionnaire(page: Page) {
  await page.getByRole("link", { name: "Take the risk questionnaire" }).click();
  for (const [question, answer] of BALANCED) {
    await page.getByRole("group", { name: question }).getByLabel(answer, { exact: true }).check();
  }
  await page.getByRole("button", { name: "See my risk score" }).click();
}
