import { env } from "../env";
import type { Broker } from "./broker";
import { AlpacaBroker } from "./alpaca";
import { SimulatedBroker } from "./simulated";

let instance: Broker | undefined;

/** The broker in use, chosen by configuration (BROKER). */
export function broker(): Broker {
  if (instance) return instance;
  const config = env();
  instance =
    config.BROKER === "alpaca"
      ? new AlpacaBroker({ baseUrl: config.ALPACA_API_URL, keyId: config.ALPACA_KEY_ID!, secretKey: config.ALPACA_SECRET_KEY! })
      : new SimulatedBroker({ market: config.SIMULATED_MARKET, spreadBps: 5 });
  return instance;
}

/** Tests swap in a broker with injected failures. */
export function useBroker(next: Broker | undefined): void {
  instance = next;
}
