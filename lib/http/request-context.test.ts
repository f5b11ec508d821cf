import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { reloadEnv } from "../env";
import { appendPeerAddressToForwardedFor } from "./peer-address";
import { requestContextFrom } from "./request-context";

function trustProxies(hops: number) {
  process.env.TRUSTED_PROXY_HOPS = String(hops);
  reloadEnv();
}

afterEach(() => {
  delete process.env.TRUSTED_PROXY_HOPS;
  reloadEnv();
});

describe("requestContextFrom: the Nth address from the right, the connection's peer being position 0", () => {
  it("with no proxy, is the peer, whatever the client wrote to its left", () => {
    const headers = new Headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.9", "user-agent": "Firefox" });
    expect(requestContextFrom(headers)).toEqual({ ip: "203.0.113.9", userAgent: "Firefox" });
  });

  it("with one proxy, is what that proxy saw", () => {
    trustProxies(1);
    const headers = new Headers({ "x-forwarded-for": "6.6.6.6, 198.51.100.7, 10.0.0.2" });
    expect(requestContextFrom(headers).ip).toBe("198.51.100.7");
  });

  it("with two proxies, is what the outer one saw", () => {
    trustProxies(2);
    const headers = new Headers({ "x-forwarded-for": "6.6.6.6, 7.7.7.7, 198.51.100.7, 10.0.0.9, 10.0.0.2" });
    expect(requestContextFrom(headers).ip).toBe("198.51.100.7");
  });

  it("is unknown, not a guess, when the chain is shorter than the proxies configured", () => {
    trustProxies(2);
    expect(requestContextFrom(new Headers({ "x-forwarded-for": "10.0.0.9, 10.0.0.2" })).ip).toBeNull();
  });

  it("records IPv4-mapped IPv6 as IPv4 and drops anything that is not an address", () => {
    expect(requestContextFrom(new Headers({ "x-forwarded-for": "::ffff:127.0.0.1" })).ip).toBe("127.0.0.1");
    expect(requestContextFrom(new Headers({ "x-forwarded-for": "<script>" })).ip).toBeNull();
    expect(requestContextFrom(new Headers()).ip).toBeNull();
  });
});

describe("the address a real connection gets (the peer appended by the server)", () => {
  let url: string;
  const server = createServer((request, response) => {
    response.end(JSON.stringify(requestContextFrom(request.headers).ip));
  });

  beforeAll(async () => {
    appendPeerAddressToForwardedFor();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** The address the app records for a request that arrives with `forwardedFor` (as sent by the client or proxies). */
  async function recordedFor(forwardedFor?: string): Promise<string | null> {
    const response = await fetch(url, { headers: forwardedFor ? { "x-forwarded-for": forwardedFor } : {} });
    return JSON.parse(await response.text()) as string | null;
  }

  it("with no proxy, a client cannot choose its address by sending X-Forwarded-For", async () => {
    expect(await recordedFor()).toBe("127.0.0.1");
    expect(await recordedFor("6.6.6.6")).toBe("127.0.0.1");
    expect(await recordedFor("6.6.6.6, 7.7.7.7")).toBe("127.0.0.1");
  });

  it("with one proxy (the test's own connection playing it), the client is what the proxy appended, not the forged claim", async () => {
    trustProxies(1);
    // The client sent "6.6.6.6"; our proxy appended the address it saw, 198.51.100.7.
    expect(await recordedFor("6.6.6.6, 198.51.100.7")).toBe("198.51.100.7");
    // An honest client behind the proxy sends nothing: the proxy's entry is theirs.
    expect(await recordedFor("198.51.100.7")).toBe("198.51.100.7");
  });

  it("with two proxies, the outer proxy's view, whatever the client forged", async () => {
    trustProxies(2);
    expect(await recordedFor("6.6.6.6, 7.7.7.7, 198.51.100.7, 10.0.0.9")).toBe("198.51.100.7");
  });
});
