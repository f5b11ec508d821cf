import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it } from "vitest";
import { proxy } from "@/proxy";
import { useProductionEnv } from "@/scripts/test/production-env";
import { reloadEnv } from "../env";

const APP = "http://localhost:3000";

function request(path: string, init: { method?: string; headers?: Record<string, string>; body?: BodyInit } = {}) {
  return new NextRequest(new URL(path, APP), { ...init, duplex: "half" } as ConstructorParameters<typeof NextRequest>[1]);
}

/** Whether the proxy let the request through to the app (NextResponse.next()), rather than answering itself. */
const passedOn = (response: Response) => response.headers.get("x-middleware-next") === "1";

async function errorOf(response: Response) {
  return { status: response.status, code: ((await response.json()) as { error: { code: string } }).error.code };
}

async function sessionCookie(secret: string) {
  const token = await encode({ token: { sub: "user-1", sid: "session-1" }, secret });
  return `next-auth.session-token=${token}`;
}

afterEach(() => {
  delete process.env.NEXTAUTH_URL;
  reloadEnv();
});

describe("proxy: control characters in the URL", () => {
  it.each(["/api/v1/market/prices/VTI%00", "/admin/clients?q=ivy%00", "/admin/audit?actor=%1b%5b31m", "/sign-in?callbackUrl=%7F"])(
    "refuses %s with a 400",
    async (path) => {
      expect(await errorOf(await proxy(request(path)))).toEqual({ status: 400, code: "invalid_characters" });
    },
  );

  it("lets ordinary and encoded-but-harmless URLs through", async () => {
    expect(passedOn(await proxy(request("/admin/clients?q=Zo%C3%AB%20Lee&page=2")))).toBe(true);
    expect(passedOn(await proxy(request("/admin/audit?note=line%0Abreak")))).toBe(true);
  });
});

describe("proxy: Origin of cookie-authenticated writes to /api", () => {
  it("refuses another origin, or none, when the session cookie rides along", async () => {
    const cookie = await sessionCookie("x".repeat(40));
    const attempts: Record<string, string>[] = [{ cookie, origin: "https://evil.example" }, { cookie }, { cookie, origin: "null" }];
    for (const headers of attempts) {
      const response = await proxy(request("/api/v1/accounts", { method: "POST", headers, body: "{}" }));
      expect(await errorOf(response)).toEqual({ status: 403, code: "cross_origin" });
    }
  });

  it("checks against the configured public URL when there is one", async () => {
    process.env.NEXTAUTH_URL = "https://app.autovest.example";
    reloadEnv();
    const cookie = await sessionCookie("x".repeat(40));
    const fromLocalhost = await proxy(request("/api/v1/accounts", { method: "DELETE", headers: { cookie, origin: APP } }));
    expect(fromLocalhost.status).toBe(403);
    const fromApp = await proxy(request("/api/v1/accounts", { method: "DELETE", headers: { cookie, origin: "https://app.autovest.example" } }));
    expect(passedOn(fromApp)).toBe(true);
  });

  it("lets through our own pages' writes, reads, token-authenticated calls and signature-authenticated routes", async () => {
    const cookie = await sessionCookie("x".repeat(40));
    const through = [
      request("/api/v1/accounts", { method: "POST", headers: { cookie, origin: APP }, body: "{}" }),
      request("/api/v1/accounts", { headers: { cookie, origin: "https://evil.example" } }),
      request("/api/v1/accounts", { method: "POST", headers: { authorization: "Bearer av_token", origin: "https://evil.example" }, body: "{}" }),
      request("/api/webhooks/stripe", { method: "POST", headers: { cookie }, body: "{}" }),
      request("/api/inngest", { method: "PUT", headers: { cookie } }),
      request("/api/auth/signout", { method: "POST", headers: { cookie }, body: "csrfToken=x" }),
    ];
    for (const each of through) expect(passedOn(await proxy(each))).toBe(true);
  });
});

describe("proxy: server action bodies", () => {
  const action = (headers: Record<string, string>, body: BodyInit) =>
    request("/sign-up", { method: "POST", headers: { "next-action": "7f00aa", ...headers }, body });

  it("refuses an anonymous 1 MB action with a 413, and one with a forged or foreign session", async () => {
    const big = "x".repeat(1024 * 1024);
    expect(await errorOf(await proxy(action({ "content-length": String(big.length) }, big)))).toEqual({ status: 413, code: "body_too_large" });
    const forged = await sessionCookie("another-secret-that-is-long-enough-000000");
    expect((await proxy(action({ "content-length": String(big.length), cookie: forged }, big))).status).toBe(413);
  });

  it("refuses an anonymous action body sent without a length", async () => {
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("x".repeat(100)));
        controller.close();
      },
    });
    expect((await proxy(action({}, stream))).status).toBe(413);
  });

  it("takes small anonymous actions, and large ones from a signed-in person", async () => {
    expect(passedOn(await proxy(action({ "content-length": "200" }, "x".repeat(200))))).toBe(true);
    const big = "x".repeat(1024 * 1024);
    const cookie = await sessionCookie(reloadEnv().AUTH_SECRET);
    expect(passedOn(await proxy(action({ "content-length": String(big.length), cookie }, big)))).toBe(true);
  });
});

describe("proxy: security headers", () => {
  const scriptSource = (policy: string) => policy.split("; ").find((directive) => directive.startsWith("script-src"))!;

  it("gives each page a fresh nonce, in the response and in the request Next.js renders, and no inline scripts", async () => {
    const first = await proxy(request("/dashboard"));
    const second = await proxy(request("/dashboard"));
    const policy = first.headers.get("content-security-policy")!;
    expect(scriptSource(policy)).toMatch(/^script-src 'self' 'nonce-[A-Za-z0-9+/]{22}==' 'strict-dynamic'$/);
    expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(policy);
    expect(second.headers.get("content-security-policy")).not.toBe(policy);
  });

  it("leaves API answers to the static policy (the identity document sets its own)", async () => {
    expect((await proxy(request("/api/v1/kyc/abc/document"))).headers.get("content-security-policy")).toBeNull();
  });

  it("sends HSTS in production only", async () => {
    expect((await proxy(request("/dashboard"))).headers.get("strict-transport-security")).toBeNull();
    const restore = useProductionEnv({ DATABASE_URL: "postgresql://autovest@127.0.0.1:1/unused" });
    try {
      for (const path of ["/dashboard", "/api/health"]) {
        expect((await proxy(request(path))).headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains; preload");
      }
    } finally {
      restore();
    }
  });
});
