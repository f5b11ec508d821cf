import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptEvents, localHttpServer } from "../../scripts/test/local-http";
import { db } from "@/lib/db";
import { enqueue } from "@/lib/outbox/outbox";

describe("the outbox sweeper (Inngest function)", () => {
  let inngestApi: Awaited<ReturnType<typeof localHttpServer>>;

  beforeAll(async () => {
    inngestApi = await localHttpServer(acceptEvents);
    Object.assign(process.env, { INNGEST_DEV: "1", INNGEST_BASE_URL: inngestApi.url });
  });
  afterAll(() => inngestApi.close());

  it("re-sends events left unsent for half a minute, and leaves fresh ones to the request that wrote them", async () => {
    const { InngestTestEngine } = await import("@inngest/test");
    const { outboxSweeper } = await import("./outbox-sweeper");
    const stale = await db.$transaction((tx) => enqueue(tx, { name: "deposit/settled", data: { depositId: "stale" } }));
    const fresh = await db.$transaction((tx) => enqueue(tx, { name: "deposit/settled", data: { depositId: "fresh" } }));
    await db.outboxEvent.update({ where: { id: stale }, data: { createdAt: new Date(Date.now() - 60_000) } });

    const { result } = await new InngestTestEngine({ function: outboxSweeper }).execute();
    expect(result).toEqual({ sent: 1, failed: 0 });
    const sentIds = inngestApi.requests.flatMap((request) => (JSON.parse(request.body) as { id: string }[]).map((event) => event.id));
    expect(sentIds).toEqual([stale]);
    expect((await db.outboxEvent.findUniqueOrThrow({ where: { id: stale } })).sentAt).not.toBeNull();
    expect((await db.outboxEvent.findUniqueOrThrow({ where: { id: fresh } })).sentAt).toBeNull();
  });
});
