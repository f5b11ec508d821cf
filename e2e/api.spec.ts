import type { Page } from "@playwright/test";
import { DEMO, expect, sameOrigin, test } from "./fixtures";
import { DEMO_STAFF_TOTP_SECRET, passStepUp } from "./second-factor";

/** Staff accounts and roles need the second factor proved in the last 5 minutes: proved here as a person would. */
async function stepUp(page: Page) {
  await page.goto("/security");
  await page.getByRole("button", { name: /^Make (new )?recovery codes$/ }).click();
  await passStepUp(page, page.getByText(/Your recovery codes/), DEMO_STAFF_TOTP_SECRET);
}

test("health reports the database", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", db: "ok" });
});

test("pages carry the security headers", async ({ request }) => {
  const response = await request.get("/");
  const headers = response.headers();
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-powered-by"]).toBeUndefined();
});

test("an API call without a session gets 401 JSON", async ({ request }) => {
  const me = await request.get("/api/v1/me");
  expect(me.status()).toBe(401);
  expect(await me.json()).toEqual({ error: { code: "unauthenticated", message: "Sign in to continue." } });

  const create = await request.post("/api/v1/accounts", { data: { name: "x" } });
  expect(create.status()).toBe(401);
});

test("the API answers for the signed-in user, and refuses an investor admin work with 403", async ({ pageAs }) => {
  const page = await pageAs("investor");
  const me = await page.request.get("/api/v1/me");
  expect(await me.json()).toMatchObject({ email: DEMO.investor.email, role: "INVESTOR" });
  const list = await page.request.get("/api/v1/accounts");
  expect(list.status()).toBe(403);
  expect((await list.json()).error.code).toBe("forbidden");
});

test("malformed and oversized bodies get 400 JSON and change nothing", async ({ pageAs }) => {
  const page = await pageAs("admin");
  await stepUp(page);
  // Raw bytes: a string would be JSON-encoded by Playwright and so arrive well-formed.
  const post = (body: string) =>
    page.request.post("/api/v1/accounts", { headers: { "content-type": "application/json", ...sameOrigin() }, data: Buffer.from(body) });

  const malformed = await post('{"name": "Eve",');
  expect(malformed.status()).toBe(400);
  expect((await malformed.json()).error.code).toBe("malformed_json");

  const oversized = await post(JSON.stringify({ name: "x".repeat(64 * 1024) }));
  expect(oversized.status()).toBe(400);
  expect((await oversized.json()).error.code).toBe("body_too_large");

  const invalid = await post(JSON.stringify({ name: "", email: "nope", password: "short", role: "ROOT" }));
  expect(invalid.status()).toBe(400);
  const body = await invalid.json();
  expect(body.error.code).toBe("invalid_input");
  expect(Object.keys(body.error.fields).sort()).toEqual(["email", "name", "password", "role"]);
  expect(JSON.stringify(body)).not.toMatch(/at .*\.(js|ts):\d+/); // no stack traces

  const accounts = await (await page.request.get("/api/v1/accounts")).json();
  expect(accounts.accounts.some((account: { name: string }) => account.name === "Eve")).toBe(false);
});

test("role changes through the API are for admins, validated, and take effect", async ({ pageAs }) => {
  const page = await pageAs("admin");
  await stepUp(page);
  const email = `api.${Date.now().toString(36)}@example.com`;
  const created = await page.request.post("/api/v1/accounts", {
    headers: sameOrigin(),
    data: { name: "Api Advisor", email, password: "advisors start here today", role: "ADVISOR" },
  });
  expect(created.status()).toBe(201);
  const { id } = await created.json();

  const bad = await page.request.put(`/api/v1/accounts/${id}/role`, { headers: sameOrigin(), data: { role: "ROOT" } });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.fields).toEqual({ role: "Choose Investor, Advisor or Admin." });

  const unknown = await page.request.put(`/api/v1/accounts/00000000-0000-4000-8000-000000000000/role`, { headers: sameOrigin(), data: { role: "ADMIN" } });
  expect(unknown.status()).toBe(404);

  const changed = await page.request.put(`/api/v1/accounts/${id}/role`, { headers: sameOrigin(), data: { role: "ADMIN" } });
  expect(changed.status()).toBe(200);
  expect(await changed.json()).toMatchObject({ id, email, role: "ADMIN" });

  const investor = await pageAs("investor");
  const refused = await investor.request.put(`/api/v1/accounts/${id}/role`, { headers: sameOrigin(), data: { role: "INVESTOR" } });
  expect(refused.status()).toBe(403);
});
