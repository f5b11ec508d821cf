import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inngestEventApi, localHttpServer } from "../../scripts/test/local-http";
import { db } from "@/lib/db";
import { enqueue } from "@/lib/outbox/outbox";
import { MAX_REQUEST_BYTES } from "@/lib/outbox/event-api-limits";

describe("the outbox sweeper (Inngest function)", () => {
  let inngestApi: Awaited<ReturnType<typeof localHttpServer>>;
  const eventApi = inngestEventApi();

  beforeAll(async () => {
    inngestApi = await localHttpServer(eventApi.respond);
    Object.assign(process.env, { INNGEST_DEV: "1", INNGEST_BASE_URL: inngestApi.url });
  });
  afterAll(() => inngestApi.close());

  it("delivers every due event, a page per step, in requests within Inngest's limits; planned and parked ones stay", async () => {
    const { InngestTestEngine } = await import("@inngest/test");
    const { outboxSweeper, SWEEP_PAGE_SIZE } = await import("./outbox-sweeper");
    // 1,100 due events of about 600 bytes: three pages (500, 500, 100), each too large for one request.
    const note = "n".repeat(500);
    await db.outboxEvent.createMany({ data: Array.from({ length: 2 * SWEEP_PAGE_SIZE + 100 }, (_, n) => ({ name: "deposit/settled", data: { depositId: `backlog-${n}`, note } })) });
    const planned = await db.$transaction((tx) => enqueue(tx, { name: "trading/resumed", data: { reason: "later" }, notBefore: new Date(Date.now() + 3_600_000) }));
    const parked = await db.outboxEvent.create({ data: { name: "deposit/settled", data: {}, parkedAt: new Date(), attempts: 5, lastError: "refused" } });

    const { result } = await new InngestTestEngine({ function: outboxSweeper }).execute();
    expect(result).toEqual({ pages: 3, claimed: 1_100, sent: 1_100, retrying: 0, parked: 0, deferred: 0 });

    const bodies = inngestApi.requests.map((request) => request.body);
    expect(bodies.filter((body) => Buffer.byteLength(body) > MAX_REQUEST_BYTES)).toEqual([]);
    expect(bodies).toHaveLength(5); // two requests for each full page, one for the last
    const sentIds = bodies.flatMap((body) => (JSON.parse(body) as { id: string }[]).map((event) => event.id));
    expect(new Set(sentIds).size).toBe(1_100);
    expect(sentIds).toHaveLength(1_100);
    expect(await db.outboxEvent.count({ where: { sentAt: null } })).toBe(2);
    expect((await db.outboxEvent.findUniqueOrThrow({ where: { id: planned } })).sentAt).toBeNull();
    expect(sentIds).not.toContain(parked.id);
  });
});
