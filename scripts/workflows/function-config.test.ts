import { describe, expect, it } from "vitest";
import { UnsupportedFunctionConfig, readFunctionConfig, type RawFunctionConfig } from "./function-config";

const base: RawFunctionConfig = {
  id: "app-fn",
  name: "fn",
  triggers: [{ event: "test/start" }],
  steps: { step: { runtime: { type: "http", url: "http://127.0.0.1:1/api/inngest?fnId=app-fn&stepId=step" } } },
};

describe("reading a synced function", () => {
  it("counts retries as Inngest does: absent means 4 retries, 5 attempts", () => {
    expect(readFunctionConfig(base).maxAttempts).toBe(5);
    expect(readFunctionConfig({ ...base, steps: { step: { ...base.steps.step!, retries: { attempts: 0 } } } }).maxAttempts).toBe(1);
    expect(readFunctionConfig({ ...base, steps: { step: { ...base.steps.step!, retries: { attempts: 10 } } } }).maxAttempts).toBe(11);
  });

  it("reads concurrency as a number, an object or an array of two", () => {
    expect(readFunctionConfig({ ...base, concurrency: 3 }).concurrency).toEqual([{ limit: 3, key: null, scope: "fn" }]);
    const keyed = readFunctionConfig({ ...base, concurrency: { limit: 1, key: "event.data.investmentAccountId" } }).concurrency;
    expect(keyed.map((c) => [c.limit, c.key?.source, c.scope])).toEqual([[1, "event.data.investmentAccountId", "fn"]]);
    const both = readFunctionConfig({ ...base, concurrency: [{ limit: 5 }, { limit: 1, key: "event.data.a", scope: "env" }] }).concurrency;
    expect(both.map((c) => c.limit)).toEqual([1, 5]);
    expect(() => readFunctionConfig({ ...base, concurrency: [{ limit: 1 }, { limit: 2 }, { limit: 3 }] })).toThrow(
      "There are more concurrency limits specified than the allowed max of: 2",
    );
    expect(() => readFunctionConfig({ ...base, concurrency: { limit: 1, scope: "account" } })).toThrow("A concurrency key must be specified for account scoped limits");
  });

  it("reads cancelOn with its condition and timeout", () => {
    const [cancel] = readFunctionConfig({ ...base, cancel: [{ event: "test/stop", if: "async.data.id == event.data.id", timeout: "1h" }] }).cancelOn;
    expect(cancel).toMatchObject({ event: "test/stop", timeoutMs: 3_600_000 });
    expect(cancel!.condition?.source).toBe("async.data.id == event.data.id");
  });

  it("refuses options it would otherwise ignore, naming the function and the option", () => {
    for (const option of ["throttle", "debounce", "batchEvents", "rateLimit", "priority", "idempotency", "timeouts", "singleton"]) {
      expect(() => readFunctionConfig({ ...base, [option]: { limit: 1, period: "1m" } }), option).toThrow(UnsupportedFunctionConfig);
      expect(() => readFunctionConfig({ ...base, [option]: { limit: 1, period: "1m" } }), option).toThrow(`app-fn: "${option}" is not supported`);
    }
    expect(() => readFunctionConfig({ ...base, triggers: [{ cron: "0 15 * * 1-5", jitter: "5m" }] })).toThrow("cron jitter");
    expect(() => readFunctionConfig({ ...base, triggers: [{ cron: "0 0 L * *" }] })).toThrow(UnsupportedFunctionConfig);
    expect(() => readFunctionConfig({ ...base, triggers: [{ event: "a", expression: "event.data.x ==" }] })).toThrow("trigger expression");
  });
});
