import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browser, createUser } from "../../scripts/test/factories";
import { acceptEvents, localHttpServer } from "../../scripts/test/local-http";
import { db } from "@/lib/db";
import { publishModelVersion } from "@/lib/investing/models";

describe("the model-migration function", () => {
  let inngestApi: Awaited<ReturnType<typeof localHttpServer>>;

  beforeAll(async () => {
    inngestApi = await localHttpServer(acceptEvents);
    Object.assign(process.env, { INNGEST_DEV: "1", INNGEST_BASE_URL: inngestApi.url });
  });
  afterAll(() => inngestApi.close());

  it("moves the accounts on older versions and sends each its model-changed event, once", async () => {
    const { InngestTestEngine } = await import("@inngest/test");
    const { modelMigration } = await import("./model-migration");
    const admin = await createUser("ADMIN");
    const owner = await createUser("INVESTOR");
    const conservative = await db.modelPortfolio.findUniqueOrThrow({ where: { slug: "conservative" }, include: { versions: true } });
    const ids = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()].sort();
    await db.investmentAccount.createMany({ data: ids.map((id) => ({ id, userId: owner.id, modelVersionId: conservative.versions[0]!.id })) });
    const weights = { SGOV: "10", BND: "30", TIP: "25", IEF: "10", VTI: "12", VEA: "8", GLD: "5" };
    const { model } = await publishModelVersion(admin, conservative.id, { baseVersion: 1, weights, driftBand: "3" }, browser());

    const event = { name: "model/version.published" as const, data: { modelId: conservative.id, versionId: model.versionId, version: 2, publishedBy: admin.id } };
    const { result, error } = await new InngestTestEngine({ function: modelMigration, events: [event] }).execute();
    expect(error).toBeUndefined();
    expect(result).toEqual({ moved: 3, batches: 1, superseded: false, continuedFrom: null });

    const accounts = await db.investmentAccount.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } });
    expect(accounts.map((a) => a.modelVersionId)).toEqual([model.versionId, model.versionId, model.versionId]);
    const sent = inngestApi.requests.flatMap((request) => JSON.parse(request.body) as { id: string; name: string; data: { investmentAccountId: string } }[]);
    expect(sent.map((e) => [e.name, e.data.investmentAccountId]).sort()).toEqual(ids.map((id) => ["account/model.changed", id]));
    const outbox = await db.outboxEvent.findMany({ where: { id: { in: sent.map((e) => e.id) } } });
    expect(outbox.every((row) => row.sentAt !== null)).toBe(true);

    // Delivered again (a duplicate event): nothing left to move, nothing sent.
    const again = await new InngestTestEngine({ function: modelMigration, events: [event] }).execute();
    expect(again.result).toEqual({ moved: 0, batches: 1, superseded: false, continuedFrom: null });
    expect(inngestApi.requests.length).toBe(1);
  });
});
