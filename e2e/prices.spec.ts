import type { APIRequestContext } from "@playwright/test";
import { deposit, dollars, expect, sameOrigin, signUpVerified, takeBalancedQuestionnaire, test, THROUGH_A_WORKFLOW } from "./fixtures";

// Moves every price for everyone: this spec runs on its own, after the others (see playwright.config.ts).

/** A decimal with up to six places ("290.12", "0.603047") in millionths. */
const micros = (decimal: string) => {
  const [whole, fraction = ""] = decimal.split(".");
  return BigInt(whole!) * 1_000_000n + BigInt(fraction.padEnd(6, "0"));
};

/** Each fund's latest price and when it was stored, as the price API gives them. */
async function latestPrices(request: APIRequestContext, symbols: string[]) {
  const prices: Record<string, { price: string; asOf: string }> = {};
  for (const symbol of symbols) {
    const response = await request.get(`/api/v1/market/prices/${symbol}`);
    expect(response.status()).toBe(200);
    const { price, asOf } = (await response.json()) as { price: string; asOf: string };
    prices[symbol] = { price, asOf };
  }
  return prices;
}

test("after a price sync the dashboard's values move by themselves, without a reload", async ({ page, pageAs }) => {
  await signUpVerified(page, pageAs, "Lena Live", "live");
  await takeBalancedQuestionnaire(page);
  await deposit(page, "1000");
  const holdings = page.getByRole("table", { name: "Holdings at the latest prices" });
  await expect(holdings.getByRole("row")).toHaveCount(9, THROUGH_A_WORKFLOW); // header + the 8 funds
  await expect(page.getByText("Being invested")).toHaveCount(0, THROUGH_A_WORKFLOW);

  // The shares of each fund, as the table shows them (to 1e-6, as they are held).
  const shares: Record<string, string> = {};
  for (const row of await holdings.getByRole("row").all()) {
    const [symbol, quantity] = (await row.innerText()).split("\t");
    if (symbol !== "Fund") shares[symbol!.trim()] = quantity!.trim();
  }
  const symbols = Object.keys(shares);
  expect(symbols).toHaveLength(8);
  const before = await latestPrices(page.request, symbols);

  // Marks this page: the mark is gone if anything reloads it.
  await page.evaluate(() => Object.assign(window, { notReloaded: true }));

  // An admin asks for a price sync; the investor's page is left alone.
  const admin = await pageAs("admin");
  expect((await admin.request.post("/api/v1/market/sync", { headers: sameOrigin() })).status()).toBe(202);
  await expect
    .poll(async () => Object.values(await latestPrices(page.request, symbols)).filter((p, i) => p.asOf !== before[symbols[i]!]!.asOf).length, THROUGH_A_WORKFLOW)
    .toBe(symbols.length);
  const after = await latestPrices(page.request, symbols);

  // Each fund at its new price, worth its shares × that price rounded down to the cent; the total their sum.
  const valueOf = (symbol: string) => (micros(shares[symbol]!) * micros(after[symbol]!.price)) / 10_000_000_000n;
  const shownPrice = (price: string) => dollars((micros(price) + 5_000n) / 10_000n); // to the cent, half up
  const invested = symbols.reduce((sum, symbol) => sum + valueOf(symbol), 0n);
  await expect(page.getByTestId("invested-value")).toHaveText(dollars(invested), THROUGH_A_WORKFLOW);
  for (const symbol of symbols) {
    const row = holdings.getByRole("row", { name: new RegExp(`^${symbol} `) });
    await expect(row.getByRole("cell").nth(1)).toHaveText(shownPrice(after[symbol]!.price));
    await expect(row.getByRole("cell").nth(2)).toHaveText(dollars(valueOf(symbol)));
  }
  // The prices did move (each takes a random step of about 0.1%), and the page followed them by itself.
  expect(symbols.filter((symbol) => shownPrice(before[symbol]!.price) !== shownPrice(after[symbol]!.price)).length).toBeGreaterThan(0);
  expect(await page.evaluate(() => (window as { notReloaded?: boolean }).notReloaded)).toBe(true);
});
