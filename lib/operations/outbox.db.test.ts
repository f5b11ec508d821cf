import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browser, createUser } from "../../scripts/test/factories";
import { inngestEventApi, localHttpServer } from "../../scripts/test/local-http";
import { db } from "../db";
import { Conflict, Forbidden, NotFound } from "../errors";
import { dispatchOutbox, enqueue, type SendEvents } from "../outbox/outbox";
import { outboxHealth } from "./outbox-health";
import { requeueOutboxEvent } from "./requeue-outbox-event";

const MINUTE = 60_000;
const requeueAudits = (eventId: string) => db.auditLog.findMany({ where: { action: "OUTBOX_EVENT_REQUEUED", targetId: eventId }, orderBy: { id: "asc" } });

describe("the outbox on the operations page", () => {
  let inngestApi: Awaited<ReturnType<typeof localHttpServer>>;
  /** Event ids Inngest refuses for now (an app bug, say, fixed later). */
  const refusing = new Set<string>();
  const eventApi = inngestEventApi((event) => (refusing.has(event.id) ? "event data is not valid for this app" : null));
  let sendToInngest: SendEvents;

  beforeAll(async () => {
    inngestApi = await localHttpServer(eventApi.respond);
    Object.assign(process.env, { INNGEST_DEV: "1", INNGEST_BASE_URL: inngestApi.url });
    ({ sendToInngest } = await import("../../inngest/send-outbox"));
  });
  afterAll(() => inngestApi.close());

  /** An event Inngest refuses until it is parked, as the sweeper would over a quarter of an hour. */
  async function parkedEvent(name: string): Promise<string> {
    const id = await db.$transaction((tx) => enqueue(tx, { name, data: { depositId: name } }));
    refusing.add(id);
    let at = new Date();
    for (;;) {
      await dispatchOutbox(sendToInngest, { ids: [id], now: at });
      const row = await db.outboxEvent.findUniqueOrThrow({ where: { id } });
      if (row.parkedAt) return id;
      at = row.nextAttemptAt;
    }
  }

  it("shows staff how many events wait, are retried and are parked, with the parked ones most recent first; not investors", async () => {
    const now = new Date("2026-12-01T10:00:00Z");
    const at = (minutes: number) => new Date(now.getTime() + minutes * MINUTE);
    await db.outboxEvent.createMany({
      data: [
        { name: "deposit/settled", data: {}, nextAttemptAt: at(-3) },
        { name: "deposit/settled", data: {}, nextAttemptAt: at(-1) },
        { name: "trading/resumed", data: {}, nextAttemptAt: at(1) }, // planned for later
        { name: "deposit/settled", data: {}, nextAttemptAt: at(4), attempts: 2, lastError: "Inngest answered 400: no" },
        { name: "deposit/settled", data: {}, nextAttemptAt: at(-2), lastError: "Inngest could not take it: Inngest answered 503: down" },
        { name: "deposit/settled", data: {}, sentAt: at(-10), attempts: 1 },
        { name: "notification/created", data: {}, parkedAt: at(-30), attempts: 5, lastError: "Inngest answered 400: first" },
        { name: "account/model.changed", data: {}, parkedAt: at(-5), attempts: 0, lastError: "Inngest would always refuse it: too large" },
      ],
    });
    const health = await outboxHealth(await createUser("ADVISOR"), now);
    expect(health).toMatchObject({ waiting: 3, plannedLater: 1, retrying: 2, parked: 2, oldestDueSince: at(-3) });
    expect(health.parkedEvents.map((event) => [event.name, event.attempts, event.lastError, event.parkedAt])).toEqual([
      ["account/model.changed", 0, "Inngest would always refuse it: too large", at(-5)],
      ["notification/created", 5, "Inngest answered 400: first", at(-30)],
    ]);
    await expect(outboxHealth(await createUser("INVESTOR"), now)).rejects.toBeInstanceOf(Forbidden);
    await db.outboxEvent.deleteMany();
  });

  it("an admin sends a parked event again: back in line, audited with what it was parked with, and delivered", async () => {
    const admin = await createUser("ADMIN");
    const id = await parkedEvent("deposit/settled");
    const parked = await db.outboxEvent.findUniqueOrThrow({ where: { id } });
    expect(parked).toMatchObject({ attempts: 5, lastError: "Inngest answered 400: event data is not valid for this app" });
    expect((await outboxHealth(admin)).parkedEvents.map((event) => event.id)).toContain(id);

    refusing.delete(id); // the cause is fixed
    expect(await requeueOutboxEvent(admin, { eventId: id }, browser())).toEqual({ eventId: id, name: "deposit/settled" });
    expect(await db.outboxEvent.findUniqueOrThrow({ where: { id } })).toMatchObject({ parkedAt: null, attempts: 0, sentAt: null });
    expect((await requeueAudits(id)).map((audit) => [audit.actorId, audit.targetType, audit.details, audit.ip])).toEqual([
      [
        admin.id,
        "OutboxEvent",
        { name: "deposit/settled", attempts: 5, lastError: "Inngest answered 400: event data is not valid for this app", parkedAt: parked.parkedAt!.toISOString() },
        "203.0.113.10",
      ],
    ]);

    // What the action does after the commit: delivered at once.
    expect(await dispatchOutbox(sendToInngest, { ids: [id] })).toMatchObject({ sent: 1 });
    expect(eventApi.accepted.get(id)).toBe(1);
    expect(await db.outboxEvent.findUniqueOrThrow({ where: { id } })).toMatchObject({ sentAt: expect.any(Date), lastError: null });
    expect((await outboxHealth(admin)).parkedEvents.map((event) => event.id)).not.toContain(id);

    // Sent: there is nothing to send again.
    await expect(requeueOutboxEvent(admin, { eventId: id }, browser())).rejects.toThrow("This event is not parked: it has been sent again already.");
    expect(await requeueAudits(id)).toHaveLength(1);
  });

  it("refuses an advisor (and an investor): the event stays parked and nothing is audited", async () => {
    const id = await parkedEvent("notification/created");
    for (const role of ["ADVISOR", "INVESTOR"] as const) {
      await expect(requeueOutboxEvent(await createUser(role), { eventId: id }, browser())).rejects.toBeInstanceOf(Forbidden);
    }
    expect((await db.outboxEvent.findUniqueOrThrow({ where: { id } })).parkedAt).not.toBeNull();
    expect(await requeueAudits(id)).toEqual([]);
    expect(eventApi.accepted.has(id)).toBe(false);
  });

  it("requeues once when two admins click at the same moment, and refuses an unknown event", async () => {
    const id = await parkedEvent("trading/resumed");
    const admin = await createUser("ADMIN");
    const outcomes = await Promise.allSettled([requeueOutboxEvent(admin, { eventId: id }, browser()), requeueOutboxEvent(admin, { eventId: id }, browser())]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(outcomes.find((outcome) => outcome.status === "rejected")!.reason).toBeInstanceOf(Conflict);
    expect(await requeueAudits(id)).toHaveLength(1);

    await expect(requeueOutboxEvent(admin, { eventId: "0193a000-0000-7000-8000-000000000000" }, browser())).rejects.toBeInstanceOf(NotFound);
    await expect(requeueOutboxEvent(admin, { eventId: "not-an-id" }, browser())).rejects.toThrow("Please correct the highlighted fields.");
  });
});
