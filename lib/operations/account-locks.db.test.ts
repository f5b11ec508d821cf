import { describe, expect, it } from "vitest";
import { browser, createInvestor, createUser } from "../../scripts/test/factories";
import { db } from "../db";
import { Forbidden } from "../errors";
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
});
