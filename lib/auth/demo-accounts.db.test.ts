import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DEMO_LOGINS } from "../../prisma/seed";
import { browser, createUser, TEST_PASSWORD } from "../../scripts/test/factories";
import { useProductionEnv } from "../../scripts/test/production-env";
import { db } from "../db";
import { reloadEnv } from "../env";
import { checkHealth } from "../health";
import { reportDeploymentProblems } from "../startup";
import { createAccount } from "./accounts";
import { DEMO_ACCOUNT_EMAILS, DemoAccountRefused } from "./demo-accounts";
import { signIn } from "./sign-in";

const errorOf = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => e);

/** A demo account as the seed makes it (the seed itself refuses production, so it was made beforehand). */
async function seedDemoAccount(who: "admin" | "advisor" | "investor") {
  const login = DEMO_LOGINS.find((demo) => demo.email === `${who}@autovest.dev`)!;
  return createAccount(login, login.role, { actorId: null, context: browser() });
}

let restoreEnv: () => void;

beforeEach(() => {
  restoreEnv = useProductionEnv();
});

afterEach(() => {
  restoreEnv();
  vi.restoreAllMocks();
});

describe("demo accounts in production", () => {
  it("covers every demo login the seed creates", () => {
    for (const login of DEMO_LOGINS) expect(DEMO_ACCOUNT_EMAILS.has(login.email)).toBe(true);
  });

  it("refuses a demo account's published password at sign-in, opening no session; real accounts sign in", async () => {
    const demo = await seedDemoAccount("admin");
    const refused = await errorOf(signIn({ email: "Admin@Autovest.dev", password: "autovest-demo-ledger" }, browser()));
    expect(refused).toBeInstanceOf(DemoAccountRefused);
    expect((refused as Error).message).toBe("Demo accounts cannot sign in to this deployment.");
    expect(await db.session.count({ where: { userId: demo.id } })).toBe(0);

    const real = await createUser("ADMIN");
    expect((await signIn({ email: real.email, password: TEST_PASSWORD }, browser())).id).toBe(real.id);
  });

  it("reports them at start and in the health check, which says degraded", async () => {
    await seedDemoAccount("advisor");
    const health = await checkHealth(30_000);
    expect(health).toMatchObject({ status: "degraded", db: "ok" });
    expect(JSON.stringify(health)).toContain("advisor@autovest.dev");

    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    await reportDeploymentProblems();
    expect(log).toHaveBeenCalledWith(expect.stringContaining("demo accounts with published passwords exist in production"));
    expect(log).toHaveBeenCalledWith(expect.stringContaining("advisor@autovest.dev"));
  });

  it("lets them sign in outside production (npm run dev, the browser tests)", async () => {
    process.env.APP_ENV = "test";
    reloadEnv();
    const demo = await seedDemoAccount("investor");
    expect((await signIn({ email: "investor@autovest.dev", password: "autovest-demo-savings" }, browser())).id).toBe(demo.id);
    expect(await checkHealth(30_000)).toEqual({ status: "ok", db: "ok" });
  });
});
