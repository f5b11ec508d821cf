import { deposit, expect, navigate, signUpVerified, test } from "./fixtures";
import { enrolAuthenticatorApp } from "./second-factor";

test("an investor reads their own data with a personal token, and nobody else's", async ({ page, pageAs, request }) => {
  await signUpVerified(page, pageAs, "Tom Token", "token");
  await deposit(page, "250");
  await expect(page.getByTestId("available-cash")).toHaveText("$250.00");

  // Creating a token needs a second factor (used in the last 5 minutes: setting it up counts).
  await enrolAuthenticatorApp(page);
  await navigate(page, "Settings");
  const accountId = (await page.getByTestId("account-id").textContent())!;
  await page.getByLabel("Token name").fill("Spreadsheet");
  await page.getByRole("button", { name: "Create a read-only token" }).click();
  const token = (await page.getByTestId("new-token").textContent())!;
  expect(token).toMatch(/^av_/);
  const auth = { authorization: `Bearer ${token}` };

  const transactions = await request.get(`/api/v1/accounts/${accountId}/transactions`, { headers: auth });
  expect(transactions.status()).toBe(200);
  expect((await transactions.json()).transactions).toEqual([
    expect.objectContaining({ type: "deposit", amount: "250.00", currency: "USD" }),
  ]);

  const holdings = await request.get(`/api/v1/accounts/${accountId}/holdings`, { headers: auth });
  expect(await holdings.json()).toMatchObject({ accountId, invested: "0.00", holdings: [] });

  const performance = await request.get(`/api/v1/accounts/${accountId}/performance?range=1Y`, { headers: auth });
  expect(await performance.json()).toMatchObject({ range: "1Y", timeWeightedReturn: null });
  expect((await request.get(`/api/v1/accounts/${accountId}/performance?range=5Y`, { headers: auth })).status()).toBe(400);

  const csv = await request.get(`/api/v1/accounts/${accountId}/transactions.csv`, { headers: auth });
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect(csv.headers()["content-disposition"]).toContain("attachment");
  expect((await csv.text()).split("\r\n")[0]).toBe("date,type,symbol,quantity,price,amount,fees,cash_balance,currency,description");

  const price = await request.get("/api/v1/market/prices/vti", { headers: auth });
  expect(await price.json()).toMatchObject({ symbol: "VTI", currency: "USD", price: "290.120000" }); // the demo price: prices.spec.ts syncs last
  expect((await request.get("/api/v1/market/prices/NOPE", { headers: auth })).status()).toBe(404);
  const history = await request.get("/api/v1/market/history/VTI?start=2024-01-01&end=2023-01-01", { headers: auth });
  expect(history.status()).toBe(400);
  expect((await history.json()).error.code).toBe("invalid_input");

  // Read-only, and only the token's own account.
  expect((await request.post("/api/v1/accounts", { headers: auth, data: {} })).status()).toBe(401); // tokens authenticate reads only
  const someoneElse = await pageAs("investor");
  await someoneElse.goto("/settings");
  const otherId = (await someoneElse.getByTestId("account-id").textContent())!;
  const forbidden = await request.get(`/api/v1/accounts/${otherId}/holdings`, { headers: auth });
  expect(forbidden.status()).toBe(404);
  expect((await forbidden.json()).error.code).toBe("not_found");
  expect((await request.get(`/api/v1/accounts/${accountId}/holdings`, { headers: { authorization: "Bearer av_forged" } })).status()).toBe(401);

  // Revoked: refused at once.
  await page.getByRole("button", { name: "Revoke token Spreadsheet" }).click();
  await expect(page.getByRole("table", { name: "Your tokens" })).toHaveCount(0);
  expect((await request.get(`/api/v1/accounts/${accountId}/holdings`, { headers: auth })).status()).toBe(401);
});
