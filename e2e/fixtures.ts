import path from "node:path";
import { test as base, expect, type BrowserContext, type BrowserContextOptions, type Page } from "@playwright/test";

export { expect };

export const DEMO = {
  admin: { email: "admin@autovest.dev", password: "autovest-demo-ledger" },
  advisor: { email: "advisor@autovest.dev", password: "autovest-demo-portfolio" },
  investor: { email: "investor@autovest.dev", password: "autovest-demo-savings" },
  /** Sam Saver, the demo advisor's other client. */
  saver: { email: "saver@autovest.dev", password: "autovest-demo-compound" },
  /** Hana Holder, invested a little over thirteen months before the e2e database was made, with a daily history since. */
  holder: { email: "holder@autovest.dev", password: "autovest-demo-dividend" },
} as const;

export type DemoUser = keyof typeof DEMO;

/** Where each demo user lands after signing in. */
export const HOME: Record<DemoUser, RegExp> = { admin: /\/admin$/, advisor: /\/admin$/, investor: /\/dashboard$/, saver: /\/dashboard$/, holder: /\/dashboard$/ };

/** Each demo user's signed-in browser state, saved by e2e/sign-in.setup.ts before the other specs run. */
export const sessionFile = (who: DemoUser) => path.join(import.meta.dirname, "..", ".test-reports", "e2e-sessions", `${who}.json`);

interface People {
  /**
   * A page in a browser context of its own, signed in as a demo user. Signing in through the form costs a
   * fresh browser context several CPU-seconds; e2e/auth.spec.ts tests the form, the rest start signed in.
   */
  pageAs: (who: DemoUser) => Promise<Page>;
  /** A page in a browser context of its own, signed out: another person at another computer. */
  newPerson: () => Promise<Page>;
}

/** Playwright's `test`, with people beside the test's own `page`; every context they opened is closed after the test. */
export const test = base.extend<People & { openPage: (options?: BrowserContextOptions) => Promise<Page> }>({
  // (`provide` is Playwright's `use`, renamed so that React's lint rules do not take it for a hook.)
  openPage: async ({ browser }, provide) => {
    const contexts: BrowserContext[] = [];
    await provide(async (options) => {
      const context = await browser.newContext(options);
      contexts.push(context);
      return context.newPage();
    });
    // A page left open keeps polling the app (prices, notifications) for the rest of the worker's tests.
    await Promise.all(contexts.map((context) => context.close()));
  },
  pageAs: async ({ openPage }, provide) => provide((who) => openPage({ storageState: sessionFile(who) })),
  newPerson: async ({ openPage }, provide) => provide(() => openPage()),
});

/**
 * For a state that a workflow reaches (an investment, a price sync): deposit → outbox → the workflow stand-in
 * → a dozen steps, each a request to the app, then the page's next refresh. Seconds on a quiet machine; this
 * only stops a test that would otherwise wait for ever.
 */
export const THROUGH_A_WORKFLOW = { timeout: 90_000 };

/** What a browser's own fetch sends: cookie-authenticated writes from anywhere else are refused (proxy.ts). */
export const sameOrigin = () => ({ origin: new URL(test.info().project.use.baseURL!).origin });

/** An address no other test uses, so tests run in parallel against one database. */
export function uniqueEmail(prefix = "investor"): string {
  return `${prefix}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}@example.com`;
}

/** Fills and submits the sign-in form (the caller checks where it lands, or what it says). */
export async function signIn(page: Page, { email, password }: { email: string; password: string }) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signOut(page: Page) {
  await openMenu(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

/** The page's own alert (Next.js keeps an empty route announcer with role="alert" outside <main>). */
export function alertOf(page: Page) {
  return page.getByRole("main").getByRole("alert");
}

/** A text as a regular expression that matches it literally. */
export const literally = (text: string) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));

/** Cents from a figure as the pages show it: "$1,234.56" or "-$0.16". */
export function cents(text: string | null): bigint {
  const match = /^(-?)\$([\d,]+)\.(\d\d)$/.exec((text ?? "").trim());
  if (!match) throw new Error(`not an amount of money: ${JSON.stringify(text)}`);
  const value = BigInt(match[2]!.replace(/,/g, "")) * 100n + BigInt(match[3]!);
  return match[1] ? -value : value;
}

/** Cents as the pages show them. */
export function dollars(amount: bigint): string {
  const absolute = amount < 0n ? -amount : amount;
  const whole = (absolute / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${amount < 0n ? "-" : ""}$${whole}.${(absolute % 100n).toString().padStart(2, "0")}`;
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

/** Opens the header's menu (named "Menu" on a phone, "More" on a laptop) unless it is open already. */
export async function openMenu(page: Page) {
  const sheet = page.locator("#nav-sheet");
  if (await sheet.evaluate((element) => element.matches(":popover-open"))) return;
  await page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: /^(Menu|More)$/ }).click();
  await expect(sheet).toBeVisible();
}

/**
 * The signed-in person's main navigation: moving through it is cheaper for the browser than loading a page.
 * A page that is not in the header's inline links (a phone shows none) is in its menu, which this opens.
 */
export async function navigate(page: Page, name: string) {
  const link = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });
  // Server-rendered: the header is complete when the page is; a link is either inline or in the closed menu.
  await page.locator("#nav-sheet").waitFor({ state: "attached" });
  if (!(await link.isVisible())) await openMenu(page);
  await link.click();
}

/** Fills and submits the identity form for the signed-in investor, from any of their pages. */
export async function submitIdentity(page: Page, legalName: string) {
  await navigate(page, "Identity");
  await expect(page).toHaveURL(/\/verify$/);
  await page.getByLabel("Legal name").fill(legalName);
  await page.getByLabel("Date of birth").fill("1984-06-15");
  await page.getByLabel("Social Security number or ITIN").fill("219-09-9999");
  await page.getByLabel("Street address").fill("1 Harbour Road");
  await page.getByLabel("City").fill("Portland");
  await page.getByLabel("State").selectOption("OR");
  await page.getByLabel("ZIP code").fill("97201");
  await page.getByLabel("Identity document").setInputFiles({ name: "passport.png", mimeType: "image/png", buffer: PNG });
  await page.getByRole("button", { name: "Submit for review" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText("with our team for review since");
}

/**
 * Takes the signed-in investor on `page` through identity checks as a user would: they submit the form, the
 * demo admin (at their own computer) approves it, and the investor sees it verified. Deposits and investing
 * need this.
 */
export async function verifyIdentity(page: Page, pageAs: People["pageAs"], legalName: string, email: string, { submitted = false } = {}) {
  if (!submitted) await submitIdentity(page, legalName);
  const admin = await pageAs("admin");
  await admin.goto(`/admin/clients?q=${encodeURIComponent(email)}`);
  await admin.getByRole("row", { name: literally(email) }).getByRole("link").first().click();
  await expect(admin).toHaveURL(/\/admin\/clients\/[0-9a-f-]{36}$/);
  await admin.getByRole("button", { name: "Approve identity" }).click();
  await expect(admin.getByTestId("kyc-status")).toHaveText("Approved");
  await admin.close();
  await navigate(page, "Identity");
  await expect(page.getByRole("main").getByRole("status")).toHaveText("Your identity is verified.");
}

/**
 * The link in the newest email to `to` with this subject, as a path on our site, read from the development
 * mailbox (/dev/mail) by `reader`, any signed-in page (the recipient's own, or a colleague's when the recipient is
 * signed out). Waits for the email to arrive.
 */
export async function linkInEmail(reader: Page, to: string, subject: string): Promise<string> {
  let link = "";
  await expect(async () => {
    await reader.goto("/dev/mail");
    const email = reader.getByRole("article", { name: subject, exact: true }).filter({ hasText: to }).first();
    const text = (await email.textContent({ timeout: 1_000 })) ?? "";
    const url = /https?:\/\/[^\s]+/.exec(text.slice(text.indexOf(to)))?.[0];
    expect(url, `a link in "${subject}" to ${to}`).toBeTruthy();
    link = new URL(url!).pathname + new URL(url!).search;
  }).toPass();
  return link;
}

/** The signed-in investor on `page` confirms their email address through the link we sent them. */
export async function verifyEmail(page: Page, email: string) {
  await page.goto(await linkInEmail(page, email, "Confirm your email address for Autovest"));
  await page.getByRole("button", { name: "Confirm my email address" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText(`${email} is confirmed`);
  await page.goto("/dashboard");
}

/** A new investor, signed up with their email and identity verified, on the dashboard; returns their email. */
export async function signUpVerified(page: Page, pageAs: People["pageAs"], name: string, emailPrefix = "investor"): Promise<string> {
  const email = await signUp(page, name, emailPrefix);
  await verifyEmail(page, email);
  await verifyIdentity(page, pageAs, name, email);
  await navigate(page, "Dashboard");
  await expect(page.getByRole("main").getByRole("link", { name: "Deposit money" })).toBeVisible();
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
