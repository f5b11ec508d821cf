import { alertOf, DEMO, expect, signUp, submitIdentity, test, uniqueEmail } from "./fixtures";

/**
 * The security review's findings (issue 14), each replayed as the attack against the built app: every test
 * here failed before its fix.
 */

const PASSWORD = "a quiet harbour at dawn";

test("after signing in, a callbackUrl that a browser reads as another site is not followed", async ({ page }) => {
  for (const callbackUrl of ["/\\evil.example", "/\t/evil.example"]) {
    await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`);
    await page.getByLabel("Email").fill(DEMO.saver.email);
    await page.getByLabel("Password").fill(DEMO.saver.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/dashboard$/);
    await page.context().clearCookies();
  }
});

test("without JavaScript the sign-in form posts: the password never appears in a URL", async ({ openPage }) => {
  const page = await openPage({ javaScriptEnabled: false });
  const requested: string[] = [];
  page.on("request", (request) => requested.push(`${request.method()} ${request.url()}`));
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("nobody@example.com");
  await page.getByLabel("Password").fill("my secret passphrase");
  const submitted = page.waitForEvent("framenavigated");
  await page.getByRole("button", { name: "Sign in" }).click();
  await submitted;
  await page.waitForLoadState();
  for (const line of requested) expect(line).not.toContain("secret");
  expect(page.url()).not.toContain("secret");
  expect(requested).toContainEqual(expect.stringMatching(/^POST http:\/\/localhost:\d+\/sign-in$/));
});

test("pages run only scripts with this response's nonce, and still work", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  const response = (await page.goto("/sign-in"))!;
  const policy = response.headers()["content-security-policy"]!;
  const scripts = policy.split("; ").find((directive) => directive.startsWith("script-src"))!;
  const nonce = /'nonce-([^']+)'/.exec(scripts)?.[1];
  expect(nonce).toBeTruthy();
  expect(scripts).toContain("'strict-dynamic'");
  expect(scripts).not.toContain("'unsafe-inline'");
  // Every script Next.js wrote into the page carries it (the browser hides nonces from attributes: read the property).
  const nonces = await page.locator("script").evaluateAll((elements) => elements.map((element) => (element as HTMLScriptElement).nonce));
  expect(nonces.length).toBeGreaterThan(0);
  expect(new Set(nonces)).toEqual(new Set([nonce]));
  // A fresh nonce for the next page.
  const again = (await page.goto("/sign-in"))!;
  expect(again.headers()["content-security-policy"]).not.toContain(`'nonce-${nonce}'`);

  // Hydrated: the form's script handles the submission and shows the answer in place.
  await page.getByLabel("Email").fill(uniqueEmail());
  await page.getByLabel("Password").fill("not the right one at all");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(alertOf(page)).toHaveText("Wrong email or password.");
  await expect(page).toHaveURL(/\/sign-in$/);
  expect(violations).toEqual([]);
});

test("the audit trail records the connection's address, not an X-Forwarded-For the client wrote", async ({ openPage, pageAs }) => {
  const page = await openPage({ extraHTTPHeaders: { "x-forwarded-for": "6.6.6.6" } });
  const email = await signUp(page, "Forged Address");
  const admin = await pageAs("admin");
  await admin.goto(`/admin/audit?actor=${encodeURIComponent(email)}`);
  const signedUp = admin.getByRole("row", { name: /signed up/i });
  await expect(signedUp).toHaveCount(1);
  await expect(signedUp).toContainText(/127\.0\.0\.1|::1/);
  await expect(signedUp).not.toContainText("6.6.6.6");
});

test("NUL and control characters are refused at the door with a 400, and nothing is written", async ({ pageAs, request }) => {
  const admin = await pageAs("admin");
  await admin.goto("/admin");
  const sameOrigin = { origin: new URL(admin.url()).origin };
  const email = uniqueEmail("nul");
  const created = await admin.request.post("/api/v1/accounts", {
    headers: sameOrigin,
    data: { name: "Eve\u0000Advisor", email, password: PASSWORD, role: "ADVISOR" },
  });
  expect(created.status()).toBe(400);
  expect((await created.json()).error.code).toBe("invalid_characters");
  const accounts = (await (await admin.request.get("/api/v1/accounts")).json()) as { accounts: { email: string }[] };
  expect(accounts.accounts.map((account) => account.email)).not.toContain(email);

  for (const path of ["/api/v1/market/prices/VTI%00", "/sign-in?callbackUrl=%00", "/admin/clients?q=ivy%00"]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(400);
    expect((await response.json()).error.code).toBe("invalid_characters");
  }
});

test("a write to the API riding on the session cookie from another origin is refused", async ({ pageAs }) => {
  const admin = await pageAs("admin");
  const email = uniqueEmail("csrf");
  const response = await admin.request.post("/api/v1/accounts", {
    headers: { origin: "https://evil.example" },
    data: { name: "Mallory", email, password: PASSWORD, role: "ADMIN" },
  });
  expect(response.status()).toBe(403);
  expect((await response.json()).error.code).toBe("cross_origin");
  const accounts = (await (await admin.request.get("/api/v1/accounts")).json()) as { accounts: { email: string }[] };
  expect(accounts.accounts.map((account) => account.email)).not.toContain(email);
});

test("an anonymous server action may not send a megabyte", async ({ request }) => {
  const response = await request.post("/sign-up", {
    headers: { "next-action": "00".repeat(21), "content-type": "text/plain;charset=UTF-8" },
    data: "x".repeat(1024 * 1024),
  });
  expect(response.status()).toBe(413);
  expect((await response.json()).error.code).toBe("body_too_large");
});

test("an identity document is served under its own sandbox policy, not the site's", async ({ page }) => {
  await signUp(page, "Sandbox Check");
  await submitIdentity(page, "Sandbox Check");
  const me = (await (await page.request.get("/api/v1/me")).json()) as { id: string };
  const document = await page.request.get(`/api/v1/kyc/${me.id}/document`);
  expect(document.status()).toBe(200);
  expect(document.headers()["content-security-policy"]).toBe("sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'");
  expect(document.headers()["x-frame-options"]).toBe("DENY");
});
