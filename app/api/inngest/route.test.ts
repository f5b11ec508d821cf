import { createHmac } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { json, localHttpServer } from "@/scripts/test/local-http";
import { PRODUCTION_ENV, useProductionEnv } from "@/scripts/test/production-env";

type Route = typeof import("./route");

let inngestApi: Awaited<ReturnType<typeof localHttpServer>>;
let restoreEnv: () => void;
let PUT: Route["PUT"];

/** X-Inngest-Signature as Inngest computes it: HMAC-SHA256 keyed by the signing key without its prefix, over body + timestamp. */
function inngestSignature(body: string, signingKey = PRODUCTION_ENV.INNGEST_SIGNING_KEY!) {
  const t = Math.floor(Date.now() / 1000).toString();
  const s = createHmac("sha256", signingKey.replace(/^signkey-\w+-/, "")).update(body + t).digest("hex");
  return `t=${t}&s=${s}`;
}

const registerCalls = () => inngestApi.requests.filter((request) => request.path.startsWith("/fn/register"));

beforeAll(async () => {
  // Inngest's API, played locally: it records every register call and accepts it.
  inngestApi = await localHttpServer((_request, res) => json(res, 200, { status: 200, modified: true }));
  // Production: Inngest Cloud mode (no INNGEST_DEV), a signing key, the app's public URL pinned by NEXTAUTH_URL.
  restoreEnv = useProductionEnv({
    DATABASE_URL: "postgresql://autovest@127.0.0.1:1/unused",
    INNGEST_DEV: undefined,
    INNGEST_BASE_URL: inngestApi.url,
    INNGEST_API_BASE_URL: inngestApi.url,
  });
  // The route as a fresh process loads it, under this environment (the Inngest client reads it when created).
  vi.resetModules();
  ({ PUT } = await import("./route"));
}, 60_000);

beforeEach(() => {
  inngestApi.requests.length = 0;
});

afterAll(async () => {
  restoreEnv();
  await inngestApi.close();
});

describe("PUT /api/inngest in production", () => {
  it("refuses an unsigned sync with a forged Host (401) and sends Inngest nothing", async () => {
    const forged = new NextRequest("https://attacker.example/api/inngest", { method: "PUT", headers: { host: "attacker.example" } });
    const response = await PUT(forged, {});
    expect(response.status).toBe(401);
    expect(registerCalls()).toEqual([]);
  });

  it("refuses a sync whose signature was made with another key", async () => {
    const headers = { host: "attacker.example", "x-inngest-signature": inngestSignature("", "signkey-prod-00000000") };
    const response = await PUT(new NextRequest("https://attacker.example/api/inngest", { method: "PUT", headers }), {});
    expect(response.status).toBe(401);
    expect(registerCalls()).toEqual([]);
  });

  it("registers a signed sync under the configured URL, whatever the Host header says", async () => {
    const headers = { host: "attacker.example", "x-inngest-signature": inngestSignature("") };
    const response = await PUT(new NextRequest("https://attacker.example/api/inngest", { method: "PUT", headers }), {});
    expect(response.status).toBe(200);
    const [register] = registerCalls();
    expect(register).toBeDefined();
    const body = JSON.parse(register!.body) as { url: string; functions: { steps: Record<string, { runtime: { url: string } }> }[] };
    expect(body.url).toBe("https://app.autovest.example/api/inngest");
    const stepUrls = body.functions.flatMap((fn) => Object.values(fn.steps).map((step) => new URL(step.runtime.url).origin));
    expect(new Set(stepUrls)).toEqual(new Set(["https://app.autovest.example"]));
  });
});
