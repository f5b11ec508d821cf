import { createServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { disconnectDb } from "./db";
import { reloadEnv } from "./env";
import { checkHealth, type Health } from "./health";

const working = process.env.DATABASE_URL;

/** Points the app at another database for one test; `afterEach` puts the test database back. */
async function useDatabase(url: string) {
  await disconnectDb();
  process.env.DATABASE_URL = url;
  reloadEnv();
}

afterEach(async () => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  await disconnectDb();
  process.env.DATABASE_URL = working;
  reloadEnv();
});

describe("checkHealth", () => {
  it("is ok when PostgreSQL answers", async () => {
    // A first connection on a busy machine can take seconds: this is about the answer, not its speed.
    expect(await checkHealth(30_000)).toEqual({ status: "ok", db: "ok" });
  });

  it("reports the database down when nothing listens where it should be", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    await useDatabase("postgresql://nobody:nothing@127.0.0.1:1/none");
    expect(await checkHealth(1000)).toEqual({ status: "unavailable", db: "down" });
  });

  it("reports the database down once its budget is spent when the database accepts but never answers", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    // Accepts connections and never says a word: a hung server, which no connection error would reveal.
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      await useDatabase(`postgresql://nobody:nothing@127.0.0.1:${(silent.address() as AddressInfo).port}/none`);
      // The clock is the test's: the answer is due when the budget is spent, not a moment before (the driver's
      // own 5 s connection timeout never comes into it).
      vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
      let answer: Health | undefined;
      const checking = checkHealth(1000).then((health) => (answer = health));
      // The check has reached the server (vi.waitFor would move the fake clock, so this polls by hand).
      for (const deadline = Date.now() + 20_000; sockets.size === 0; ) {
        if (Date.now() > deadline) throw new Error("the health check never connected to the silent server");
        await new Promise((resolve) => setImmediate(resolve));
      }
      await vi.advanceTimersByTimeAsync(999);
      expect(answer).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      expect(await checking).toEqual({ status: "unavailable", db: "down" });
      expect(log).toHaveBeenCalledWith("health check: database unreachable", "database did not answer within 1000 ms");
    } finally {
      vi.useRealTimers();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
