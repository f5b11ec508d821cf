import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptEvents, json, localHttpServer } from "../../scripts/test/local-http";
import { db } from "../db";
import { dispatchOutbox, enqueue, type SendEvents } from "./outbox";

describe("the outbox", () => {
  let inngestApi: Awaited<ReturnType<typeof localHttpServer>>;
  let failing = false;
  let sendToInngest: SendEvents;

  beforeAll(async () => {
    inngestApi = await localHttpServer((request, res) => (failing ? json(res, 503, { error: "unavailable" }) : acceptEvents(request, res)));
    // The Inngest client reads its configuration when it is created: set it first.
    Object.assign(process.env, { INNGEST_DEV: "1", INNGEST_BASE_URL: inngestApi.url });
    ({ sendToInngest } = await import("../../inngest/send-outbox"));
  });
  afterAll(() => inngestApi.close());

  it("sends nothing that was rolled back", async () => {
    await expect(
      db.$transaction(async (tx) => {
        await enqueue(tx, { name: "deposit/settled", data: { depositId: "rolled-back" } });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await db.outboxEvent.count({ where: { data: { equals: { depositId: "rolled-back" } } } })).toBe(0);
  });

  it("sends committed events to Inngest with the row id as the event id, once", async () => {
    const id = await db.$transaction((tx) => enqueue(tx, { name: "deposit/settled", data: { depositId: "d-1", amount: "500" } }));
    expect(await dispatchOutbox(sendToInngest, { ids: [id] })).toEqual({ sent: 1, failed: 0 });
    expect(await dispatchOutbox(sendToInngest, { ids: [id] })).toEqual({ sent: 0, failed: 0 });

    const sent = inngestApi.requests.flatMap((request) => JSON.parse(request.body) as { id: string; name: string; data: unknown }[]);
    expect(sent.filter((event) => event.id === id)).toEqual([expect.objectContaining({ id, name: "deposit/settled", data: { depositId: "d-1", amount: "500" } })]);
    expect(await db.outboxEvent.findUniqueOrThrow({ where: { id } })).toMatchObject({ attempts: 1, lastError: null, sentAt: expect.any(Date) });
  });

  it("keeps what could not be sent for the sweeper, with the reason", async () => {
    const id = await db.$transaction((tx) => enqueue(tx, { name: "deposit/settled", data: { depositId: "d-2" } }));
    failing = true;
    expect(await dispatchOutbox(sendToInngest, { ids: [id] })).toEqual({ sent: 0, failed: 1 });
    const row = await db.outboxEvent.findUniqueOrThrow({ where: { id } });
    expect(row.sentAt).toBeNull();
    expect(row.attempts).toBe(1);
    expect(row.lastError).toBeTruthy();

    failing = false;
    expect((await dispatchOutbox(sendToInngest, { olderThanMs: 0 })).sent).toBeGreaterThanOrEqual(1);
    expect((await db.outboxEvent.findUniqueOrThrow({ where: { id } })).sentAt).not.toBeNull();
  });
});
