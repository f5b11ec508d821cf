import { createHash } from "node:crypto";
import Decimal from "decimal.js";
import { db } from "../db";
import type { Quote } from "./aggregate";

/** One interface for every source of prices. */
export interface PriceSource {
  readonly name: string;
  latestQuotes(symbols: string[]): Promise<Quote[]>;
}

export class PriceSourceUnavailable extends Error {
  override name = "PriceSourceUnavailable";
}

/**
 * A simulated market for development: each symbol takes a small deterministic random step (0.1% typical)
 * from its last stored price per `stepMs` of time, so the same moment always gives the same price.
 */
export class SimulatedMarket implements PriceSource {
  readonly name = "simulated";

  constructor(private readonly options: { stepMs?: number; volatility?: number; now?: () => Date } = {}) {}

  async latestQuotes(symbols: string[]): Promise<Quote[]> {
    const now = this.options.now?.() ?? new Date();
    const step = Math.floor(now.getTime() / (this.options.stepMs ?? 60_000));
    const assets = await db.asset.findMany({ where: { symbol: { in: symbols } }, include: { price: true } });
    return assets
      .filter((asset) => asset.price)
      .map((asset) => {
        // A standard normal draw from a hash of (symbol, step): deterministic, no state.
        const bytes = createHash("sha256").update(`${asset.symbol}:${step}`).digest();
        const u1 = (bytes.readUInt32BE(0) + 1) / 4_294_967_297;
        const u2 = bytes.readUInt32BE(4) / 4_294_967_296;
        const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        const factor = new Decimal(Math.exp((this.options.volatility ?? 0.001) * z).toFixed(12));
        return { source: this.name, symbol: asset.symbol, price: new Decimal(asset.price!.price.toString()).times(factor).toDecimalPlaces(6), at: now };
      });
  }
}

/** Alpaca's market data API v2 (latest trades), for real prices. */
export class AlpacaMarketData implements PriceSource {
  readonly name = "alpaca";

  constructor(private readonly options: { baseUrl: string; keyId: string; secretKey: string; timeoutMs?: number }) {}

  async latestQuotes(symbols: string[]): Promise<Quote[]> {
    const url = new URL("/v2/stocks/trades/latest", this.options.baseUrl);
    url.searchParams.set("symbols", symbols.join(","));
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { "APCA-API-KEY-ID": this.options.keyId, "APCA-API-SECRET-KEY": this.options.secretKey },
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
      });
    } catch (error) {
      throw new PriceSourceUnavailable(`Alpaca market data unreachable: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!response.ok) throw new PriceSourceUnavailable(`Alpaca market data answered ${response.status}`);
    let body: { trades?: Record<string, { p?: unknown; t?: unknown }> };
    try {
      body = (await response.json()) as typeof body;
    } catch {
      throw new PriceSourceUnavailable("Alpaca market data answered with a body that is not JSON");
    }
    if (!body.trades || typeof body.trades !== "object") throw new PriceSourceUnavailable("Alpaca market data answered without trades");
    // A malformed trade is skipped (the aggregation then lacks this source for that symbol), not fatal.
    return Object.entries(body.trades).flatMap(([symbol, trade]) => {
      const price = parseDecimal(trade.p);
      const at = typeof trade.t === "string" ? new Date(trade.t) : null;
      return price && at && !Number.isNaN(at.getTime()) ? [{ source: this.name, symbol, price, at }] : [];
    });
  }
}

function parseDecimal(value: unknown): Decimal | null {
  if (typeof value !== "number" && typeof value !== "string") return null;
  try {
    return new Decimal(value);
  } catch {
    return null;
  }
}
