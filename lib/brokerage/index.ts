import { env } from "../env";
import type { Broker } from "./broker";
import { SimulatedBroker } from "./simulated";

let instance: Broker | undefined;

/** The broker in use, chosen by configuration (BROKER). */
export function broker(): Broker {
  if (instance) return instance;
  const config = env();
  if (config.BROKER === "simulated") {
    instance = new SimulatedBroker({ market: config.SIMULATED_MARKET, spreadBps: 5 });
    return instance;
  }
  throw new Error(`BROKER=${config.BROKER} is not available yet`);
}

/** Tests swap in a broker with injected failures. */
export function useBroker(next: Broker | undefined): void {
  instance = next;
}
