import Decimal from "decimal.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { setPrices } from "../../scripts/test/investing";
import { json, localHttpServer } from "../../scripts/test/local-http";
import { db } from "../db";
import { AlpacaMarketData, PriceSourceUnavailable, SimulatedMarket, type PriceSource } from "./sources";
import { fetchFromSource, storeQuotes } from "./sync";

const at = new Date("2026-11-23T15:00:00Z");

beforeEach(async () => {
  await setPrices();
  await db.priceSourceState.deleteMany();
});

const priceOf = async (symbol: string) =>
  new Decimal((await db.asset.findUniqueOrThrow({ where: { symbol }, include: { price: true } })).price!.price.toString());

describe("the simulated market", () => {
  it("walks each price a small, deterministic step from the last stored price", async () => {
    const market = new SimulatedMarket({ now: () => at });
    const [first, again] = [await market.latestQuotes(["VTI", "BND"]), await market.latestQuotes(["VTI", "BND"])];
    expect(first.map((q) => q.price.toString())).toEqual(again.map((q) => q.price.toString()));
    // Worked out apart from the code: 15:00 UTC on Nov 23, 2026 is minute 29,924,100 of the epoch; the first
    // eight bytes of sha256("VTI:29924100") make a standard normal draw z = −0.719433 (Box–Muller), so the step
    // is e^(0.001 z) = 0.999280825857 (to 12 places) and the price 290.12 × that = 289.911353 (to 1e-6).
    const vti = first.find((q) => q.symbol === "VTI")!;
    expect(vti.price.toFixed(6)).toBe("289.911353");
  });
});

describe("storing a sync", () => {
  it("updates the latest price, adds a tick and keeps today's bar", async () => {
    const quote = (price: string, minute: number) => ({ source: "test", symbol: "VTI", price: new Decimal(price), at: new Date(at.getTime() + minute * 60_000) });
    await storeQuotes([quote("291", 0)], at);
    await storeQuotes([quote("295.5", 10)], new Date(at.getTime() + 10 * 60_000));
    await storeQuotes([quote("289.25", 20)], new Date(at.getTime() + 20 * 60_000));
    expect((await priceOf("VTI")).toString()).toBe("289.25");
    const vti = await db.asset.findUniqueOrThrow({ where: { symbol: "VTI" } });
    expect(await db.priceTick.count({ where: { assetId: vti.id } })).toBe(3);
    const bar = await db.priceBar.findUniqueOrThrow({ where: { assetId_date: { assetId: vti.id, date: new Date("2026-11-23") } } });
    expect([bar.open, bar.high, bar.low, bar.close].map((v) => v.toString())).toEqual(["291", "295.5", "289.25", "289.25"]);
  });

  it("leaves stored prices alone when a quote is an outlier, absurd or unknown, and reports each", async () => {
    const result = await storeQuotes(
      [
        { source: "a", symbol: "BND", price: new Decimal("72.90"), at },
        { source: "b", symbol: "BND", price: new Decimal("7.29"), at },
        { source: "c", symbol: "BND", price: new Decimal("72.80"), at },
        { source: "a", symbol: "GLD", price: new Decimal("-1"), at },
        { source: "a", symbol: "ZZZZ", price: new Decimal("10"), at },
      ],
      at,
    );
    expect((await priceOf("BND")).toString()).toBe("72.85");
    expect((await priceOf("GLD")).toString()).toBe("247.85");
    expect(result.updated).toBe(1);
    expect(result.rejected.map((r) => `${r.symbol}:${r.reason}`).sort()).toEqual([
      "BND:more than 5% from the median 72.8",
      "GLD:price is zero, negative or not a number",
      "ZZZZ:unknown symbol",
    ]);
  });
});

describe("a failing source", () => {
  const broken: PriceSource = { name: "broken", latestQuotes: () => Promise.reject(new PriceSourceUnavailable("timed out")) };

  it("is left alone after three failures in a row, then tried again after the cool-down", async () => {
    for (let i = 0; i < 3; i++) await expect(fetchFromSource(broken, at)).rejects.toThrow("timed out");
    expect(await fetchFromSource(broken, new Date(at.getTime() + 60_000))).toEqual({ quotes: [], skipped: true });
    const state = await db.priceSourceState.findUniqueOrThrow({ where: { source: "broken" } });
    expect(state).toMatchObject({ consecutiveFailures: 3, lastError: "timed out" });
    const healed: PriceSource = { name: "broken", latestQuotes: async () => [] };
    expect(await fetchFromSource(healed, new Date(at.getTime() + 6 * 60_000))).toEqual({ quotes: [], skipped: false });
    expect(await db.priceSourceState.findUniqueOrThrow({ where: { source: "broken" } })).toMatchObject({ consecutiveFailures: 0, openUntil: null });
  });
});

describe("Alpaca market data", () => {
  let server: Awaited<ReturnType<typeof localHttpServer>>;
  let answer: () => [number, unknown] = () => [200, {}];
  beforeAll(async () => {
    server = await localHttpServer((_request, res) => {
      const [status, body] = answer();
      if (typeof body === "string") {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(body);
      } else json(res, status, body);
    });
  });
  afterAll(() => server.close());
  const source = () => new AlpacaMarketData({ baseUrl: server.url, keyId: "AK", secretKey: "s" });

  it("reads the latest trades of the symbols asked for", async () => {
    answer = () => [200, { trades: { VTI: { p: 290.55, t: "2026-11-23T14:59:58Z", s: 100 }, BND: { p: "72.81", t: "2026-11-23T14:59:00Z" } } }];
    const quotes = await source().latestQuotes(["VTI", "BND"]);
    expect(server.requests.at(-1)!.path).toBe("/v2/stocks/trades/latest?symbols=VTI%2CBND");
    expect(server.requests.at(-1)!.headers["apca-api-key-id"]).toBe("AK");
    expect(quotes.map((q) => [q.symbol, q.price.toString(), q.at.toISOString()])).toEqual([
      ["VTI", "290.55", "2026-11-23T14:59:58.000Z"],
      ["BND", "72.81", "2026-11-23T14:59:00.000Z"],
    ]);
  });

  it("treats errors and garbage as the source being unavailable, and skips malformed trades", async () => {
    answer = () => [503, { message: "down" }];
    await expect(source().latestQuotes(["VTI"])).rejects.toBeInstanceOf(PriceSourceUnavailable);
    answer = () => [200, "<html>oops</html>"];
    await expect(source().latestQuotes(["VTI"])).rejects.toBeInstanceOf(PriceSourceUnavailable);
    answer = () => [200, { trades: { VTI: { p: "abc" }, BND: { p: 72.8, t: "not a date" } } }];
    expect(await source().latestQuotes(["VTI", "BND"])).toEqual([]);
  });
});
