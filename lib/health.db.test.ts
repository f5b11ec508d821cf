import { describe, expect, it, vi } from "vitest";
import { disconnectDb } from "./db";
import { reloadEnv } from "./env";
import { checkHealth } from "./health";

describe("checkHealth", () => {
  it("is ok when PostgreSQL answers", async () => {
    expect(await checkHealth()).toEqual({ status: "ok", db: "ok" });
  });

  it("reports the database down, quickly, when it cannot be reached", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const working = process.env.DATABASE_URL;
    await disconnectDb();
    process.env.DATABASE_URL = "postgresql://nobody:nothing@127.0.0.1:1/none";
    reloadEnv();
    const started = Date.now();
    expect(await checkHealth(1000)).toEqual({ status: "unavailable", db: "down" });
    expect(Date.now() - started).toBeLessThan(2000);
    await disconnectDb();
    process.env.DATABASE_URL = working;
    reloadEnv();
    log.mockRestore();
  });
});
