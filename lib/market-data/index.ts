import { env } from "../env";
import { AlpacaMarketData, SimulatedMarket, type PriceSource } from "./sources";

/** The price sources in use (PRICE_SOURCES), each fetched on its own by the sync. */
export function priceSources(): PriceSource[] {
  const config = env();
  return config.PRICE_SOURCES.map((name) =>
    name === "alpaca"
      ? new AlpacaMarketData({ baseUrl: config.ALPACA_DATA_URL, keyId: config.ALPACA_KEY_ID ?? "", secretKey: config.ALPACA_SECRET_KEY ?? "" })
      : new SimulatedMarket(),
  );
}
