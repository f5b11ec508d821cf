import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { browser, createInvestor, createUser } from "../../scripts/test/factories";
import { db } from "../db";
import { reloadEnv } from "../env";
import { Forbidden, UpstreamUnavailable } from "../errors";
import { formState } from "../http/form-state";
import { claimAccount } from "../investing/account-run-lock";
import { queuedWorkOf } from "../investing/run-keys";
import { cancelWorkflowRun, listAccountLocks, releaseAccountLock } from "./account-locks";

describe("accounts held by a run, for operators", () => {
  it("shows staff who holds each account, since when, what waits behind it and what its run is doing", async () => {
    const investor = await createInvestor();
    await claimAccount(investor.accountId, "evt-1", "invest", { functionId: "autovest-invest-account", inngestRunId: "01KBXGQ3N6R2V8TZ4M5PWY7CD1" });
    await db.workflowRun.create({
      data: { runId: "01KBXGQ3N6R2V8TZ4M5PWY7CD1", functionId: "autovest-invest-account", eventName: "deposit/settled", eventData: {}, status: "RUNNING", waitingFor: "the trading halt to be lifted" },
    });
    const waiting = { id: "evt-2", name: "deposit/settled", data: { investmentAccountId: investor.accountId } };
    await claimAccount(investor.accountId, "evt-2", "invest", null, queuedWorkOf("invest", waiting));

    const advisor = await createUser("ADVISOR");
    const lock = (await listAccountLocks(advisor)).find((l) => l.investmentAccountId === investor.accountId);
    expect(lock).toMatchObject({
      investorName: investor.user.name,
      kind: "invest",
      runKey: "evt-1",
      functionId: "autovest-invest-account",
      queued: 1,
      run: { status: "RUNNING", waitingFor: "the trading halt to be lifted" },
    });
    await expect(listAccountLocks(investor.user)).rejects.toBeInstanceOf(Forbidden);
  });

  it("lets only an admin release an account or cancel a run, and refuses a release of a hold that changed", async () => {
    const investor = await createInvestor();
    await claimAccount(investor.accountId, "evt-9", "invest", null);
    for (const role of ["ADVISOR", "INVESTOR"] as const) {
      const someone = await createUser(role);
      await expect(releaseAccountLock(someone, { investmentAccountId: investor.accountId, runKey: "evt-9" }, browser())).rejects.toBeInstanceOf(Forbidden);
      await expect(cancelWorkflowRun(someone, { runId: "01KBXGQ3N6R2V8TZ4M5PWY7CD1" }, browser())).rejects.toBeInstanceOf(Forbidden);
    }
    const admin = await createUser("ADMIN");
    await expect(releaseAccountLock(admin, { investmentAccountId: investor.accountId, runKey: "evt-8" }, browser())).rejects.toThrow("no longer holds the account");
    // A lock taken outside a workflow has no run to cancel: the release is recorded and announced.
    const { outboxId, runCancelled } = await releaseAccountLock(admin, { investmentAccountId: investor.accountId, runKey: "evt-9" }, browser());
    expect(runCancelled).toBe(false);
    expect(await db.outboxEvent.findUniqueOrThrow({ where: { id: outboxId } })).toMatchObject({
      name: "account/run.release-requested",
      data: { investmentAccountId: investor.accountId, runKey: "evt-9", requestedBy: admin.id },
    });
    // Asked twice (a double click): refused, one event.
    await expect(releaseAccountLock(admin, { investmentAccountId: investor.accountId, runKey: "evt-9" }, browser())).rejects.toThrow("already asked for");
    expect(await db.auditLog.count({ where: { action: "ACCOUNT_RUN_LOCK_RELEASED", targetId: investor.accountId } })).toBe(1);
    // A finished run cannot be cancelled.
    await db.workflowRun.create({ data: { runId: "01KBXGQ3N6R2V8TZ4M5PWY7CD2", functionId: "autovest-price-sync", eventName: "prices/sync.requested", eventData: {}, status: "COMPLETED" } });
    await expect(cancelWorkflowRun(admin, { runId: "01KBXGQ3N6R2V8TZ4M5PWY7CD2" }, browser())).rejects.toThrow("only a running run can be cancelled");
  });

  it("tells the admin when Inngest refuses to cancel the run, and releases nothing", async () => {
    // An Inngest that answers 503 to every call, in place of the real API.
    const server = createServer((_request, response) => response.writeHead(503, { "content-type": "application/json" }).end('{"error":"unavailable"}'));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const previous = process.env.INNGEST_BASE_URL;
    process.env.INNGEST_BASE_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    reloadEnv();
    try {
      const investor = await createInvestor();
      await claimAccount(investor.accountId, "evt-7", "invest", { functionId: "autovest-invest-account", inngestRunId: "01KBXGQ3N6R2V8TZ4M5PWY7CD3" });
      const admin = await createUser("ADMIN");
      const release = () => releaseAccountLock(admin, { investmentAccountId: investor.accountId, runKey: "evt-7" }, browser());
      await expect(release()).rejects.toBeInstanceOf(UpstreamUnavailable);
      // The form shows why (not an error page), and the account is still held, with nothing audited or sent.
      expect(await formState(async () => (await release(), "released"))).toEqual({
        status: "error",
        message: 'Inngest refused to cancel run 01KBXGQ3N6R2V8TZ4M5PWY7CD3 (503: {"error":"unavailable"}): nothing was changed.',
        fields: {},
      });
      expect(await db.accountRunLock.findUnique({ where: { investmentAccountId: investor.accountId } })).toMatchObject({ runId: "evt-7" });
      expect(await db.auditLog.count({ where: { action: "ACCOUNT_RUN_LOCK_RELEASED", targetId: investor.accountId } })).toBe(0);
      expect(await db.outboxEvent.count({ where: { name: "account/run.release-requested", dedupeKey: "account-release:evt-7" } })).toBe(0);
    } finally {
      if (previous === undefined) delete process.env.INNGEST_BASE_URL;
      else process.env.INNGEST_BASE_URL = previous;
      reloadEnv();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
