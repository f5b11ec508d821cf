import { afterEach, describe, expect, it } from "vitest";
import { reloadEnv } from "../env";
import { requestContextFrom } from "./request-context";

afterEach(() => {
  delete process.env.TRUSTED_PROXY_HOPS;
  reloadEnv();
});

describe("requestContextFrom", () => {
  it("takes the last address in the chain, not the ones to its left", () => {
    const headers = new Headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.9", "user-agent": "Firefox" });
    expect(requestContextFrom(headers)).toEqual({ ip: "203.0.113.9", userAgent: "Firefox" });
  });

  it("skips one entry per trusted proxy", () => {
    process.env.TRUSTED_PROXY_HOPS = "1";
    reloadEnv();
    const headers = new Headers({ "x-forwarded-for": "6.6.6.6, 198.51.100.7, 10.0.0.2" });
    expect(requestContextFrom(headers).ip).toBe("198.51.100.7");
  });

  it("records IPv4-mapped IPv6 as IPv4 and drops anything that is not an address", () => {
    expect(requestContextFrom(new Headers({ "x-forwarded-for": "::ffff:127.0.0.1" })).ip).toBe("127.0.0.1");
    expect(requestContextFrom(new Headers({ "x-forwarded-for": "<script>" })).ip).toBeNull();
    expect(requestContextFrom(new Headers()).ip).toBeNull();
  });
});
