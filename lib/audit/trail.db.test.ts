import { beforeAll, describe, expect, it } from "vitest";
import { browser, createInvestor, createUser } from "../../scripts/test/factories";
import { assignAdvisor } from "../advisor/clients";
import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { Forbidden, InvalidInput } from "../errors";
import { recordAudit } from "./record";
import { AUDIT_CSV_HEADER, exportAuditTrail, listAuditRecords, parseAuditQuery, verifyAuditTrail, type AuditQuery } from "./trail";

let admin: CurrentUser;
let alex: CurrentUser;
let blair: CurrentUser;
let alexClient: Awaited<ReturnType<typeof createInvestor>>;
let blairClient: Awaited<ReturnType<typeof createInvestor>>;

beforeAll(async () => {
  [admin, alex, blair] = await Promise.all([createUser("ADMIN"), createUser("ADVISOR", "Alex Advisor"), createUser("ADVISOR", "Blair Advisor")]);
  [alexClient, blairClient] = await Promise.all([createInvestor(), createInvestor()]);
  await assignAdvisor(admin, { clientId: alexClient.user.id, advisorId: alex.id }, browser());
  await assignAdvisor(admin, { clientId: blairClient.user.id, advisorId: blair.id }, browser());
  await db.$transaction(async (tx) => {
    // What a webhook records: no actor, the deposit as target, its account in the details.
    for (const client of [alexClient, blairClient]) {
      await recordAudit(tx, {
        action: "DEPOSIT_SUCCEEDED",
        actorId: null,
        target: { type: "Deposit", id: `dep-${client.user.id}` },
        context: browser(),
        details: { investmentAccountId: client.accountId, amount: "250.00" },
      });
    }
    await recordAudit(tx, { action: "ADVISOR_NOTE_ADDED", actorId: blair.id, target: { type: "User", id: blairClient.user.id }, context: browser(), details: { length: 12 } });
  });
});

async function everything(actor: CurrentUser, query: AuditQuery = {}) {
  const records = [];
  let before: bigint | undefined;
  do {
    const page = await listAuditRecords(actor, { ...query, before });
    records.push(...page.records);
    before = page.nextBefore ?? undefined;
  } while (before);
  return records;
}

const about = (records: Awaited<ReturnType<typeof everything>>, userId: string, accountId: string) =>
  records.filter((r) => r.actor?.id === userId || r.target?.id === userId || r.target?.id === accountId || JSON.stringify(r.details).includes(accountId));

async function csvOf(actor: CurrentUser, query: AuditQuery): Promise<string[]> {
  let text = "";
  for await (const chunk of await exportAuditTrail(actor, query, browser())) text += chunk;
  expect(text.endsWith("\r\n")).toBe(true);
  return text.slice(0, -2).split("\r\n");
}

describe("who reads which audit records", () => {
  it("shows an advisor their clients' records (their own doings, what was done to them or their account) and nothing of another advisor's client", async () => {
    const seen = await everything(alex);
    expect(about(seen, alexClient.user.id, alexClient.accountId).map((r) => r.action).sort()).toEqual(
      ["CLIENT_ASSIGNED", "DEPOSIT_SUCCEEDED", "INVESTMENT_ACCOUNT_OPENED", "USER_SIGNED_UP"].sort(),
    );
    expect(about(seen, blairClient.user.id, blairClient.accountId)).toEqual([]);
    expect(seen.filter((r) => r.actor?.id === blair.id)).toEqual([]);
    expect(await everything(alex, { actor: blairClient.user.email })).toEqual([]);
    expect(await everything(alex, { targetId: blairClient.user.id })).toEqual([]);
  });

  it("shows an admin everyone's records", async () => {
    const seen = await everything(admin);
    expect(about(seen, blairClient.user.id, blairClient.accountId).map((r) => r.action).sort()).toEqual(
      ["ADVISOR_NOTE_ADDED", "CLIENT_ASSIGNED", "DEPOSIT_SUCCEEDED", "INVESTMENT_ACCOUNT_OPENED", "USER_SIGNED_UP"].sort(),
    );
    expect(about(seen, alexClient.user.id, alexClient.accountId)).toHaveLength(4);
  });

  it("refuses investors everything, and advisors the whole chain's verification", async () => {
    await expect(listAuditRecords(alexClient.user, {})).rejects.toThrow(Forbidden);
    await expect(exportAuditTrail(alexClient.user, {}, browser())).rejects.toThrow(Forbidden);
    await expect(verifyAuditTrail(alexClient.user)).rejects.toThrow(Forbidden);
    await expect(verifyAuditTrail(alex)).rejects.toThrow("Only admins verify the audit trail.");
    expect(await db.auditLog.count({ where: { action: "AUDIT_TRAIL_EXPORTED", actorId: alexClient.user.id } })).toBe(0);
  });
});

describe("filtering and paging", () => {
  it("filters by actor email (any case), action and target", async () => {
    const byClient = await everything(admin, parseAuditQuery({ actor: ` ${alexClient.user.email.toUpperCase()} ` }));
    expect(byClient.map((r) => r.action).sort()).toEqual(["INVESTMENT_ACCOUNT_OPENED", "USER_SIGNED_UP"]);
    expect(byClient[0]!.actor).toEqual({ id: alexClient.user.id, name: alexClient.user.name, email: alexClient.user.email });

    const assigned = await everything(admin, parseAuditQuery({ action: "CLIENT_ASSIGNED", targetType: "User", targetId: alexClient.user.id }));
    expect(assigned).toHaveLength(1);
    expect(assigned[0]).toMatchObject({ actor: { id: admin.id }, details: { from: null, to: alex.id }, ip: "203.0.113.10" });
    expect(await everything(admin, { action: "CLIENT_ASSIGNED", targetType: "Deposit" })).toEqual([]);
  });

  it("filters by whole UTC days, both ends included", async () => {
    await db.$executeRaw`INSERT INTO "AuditLog" ("at", "action", "targetType", "targetId")
      SELECT t, 'TRADING_HALTED', 'Dated', to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS')
      FROM unnest(ARRAY['2026-03-01T23:59:59.999Z', '2026-03-02T00:00:00Z', '2026-03-03T23:59:59.999Z', '2026-03-04T00:00:00Z']::timestamptz[]) t`;
    const within = await everything(admin, parseAuditQuery({ targetType: "Dated", from: "2026-03-02", to: "2026-03-03" }));
    expect(within.map((r) => r.target?.id)).toEqual(["2026-03-03T23:59:59.999", "2026-03-02T00:00:00.000"]);
    expect(await everything(admin, parseAuditQuery({ targetType: "Dated", from: "2026-03-04" }))).toHaveLength(1);
  });

  it("pages newest first, 50 at a time, each record once", async () => {
    await db.$executeRaw`INSERT INTO "AuditLog" ("action", "targetType", "targetId") SELECT 'TRADING_RESUMED', 'Paged', g::text FROM generate_series(1, 120) g`;
    const pages = [];
    let before: bigint | undefined;
    do {
      const page = await listAuditRecords(admin, { targetType: "Paged", before });
      pages.push(page.records.map((r) => Number(r.target!.id)));
      before = page.nextBefore ?? undefined;
    } while (before);
    expect(pages.map((page) => page.length)).toEqual([50, 50, 20]);
    expect(pages.flat()).toEqual(Array.from({ length: 120 }, (_, i) => 120 - i));
  });

  it("refuses filters it cannot apply, saying which and why", () => {
    const problems = (params: Record<string, string>) => {
      try {
        parseAuditQuery(params);
      } catch (error) {
        return error instanceof InvalidInput ? error.fields : error;
      }
      return null;
    };
    expect(problems({ from: "2026-02-30" })).toEqual({ from: "Enter the date as YYYY-MM-DD." });
    expect(problems({ from: "2026-03-05", to: "2026-03-04" })).toEqual({ to: "The end date is before the start date." });
    expect(problems({ action: "DROP_TABLE" })).toEqual({ action: "Choose an action from the list." });
    expect(problems({ before: "1; DELETE" })).toEqual({ before: "That page link is not valid." });
    expect(parseAuditQuery(new URLSearchParams("action=&actor=&targetType=User"))).toEqual({ targetType: "User" });
  });
});

describe("exporting", () => {
  it("writes the filtered records as CSV with a header, and audits the export with its filter", async () => {
    const lines = await csvOf(admin, { action: "CLIENT_ASSIGNED", targetId: alexClient.user.id });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(AUDIT_CSV_HEADER);
    const [assigned] = await everything(admin, { action: "CLIENT_ASSIGNED", targetId: alexClient.user.id });
    expect(lines[1]).toBe(
      [assigned!.id, assigned!.at.toISOString(), admin.email, admin.name, "CLIENT_ASSIGNED", "User", alexClient.user.id, "203.0.113.10", "vitest"].join(",") +
        `,"{""from"":null,""to"":""${alex.id}""}",${assigned!.sealSeq}`,
    );
    const exported = await db.auditLog.findFirstOrThrow({ where: { action: "AUDIT_TRAIL_EXPORTED", actorId: admin.id }, orderBy: { id: "desc" } });
    expect(exported.details).toEqual({ filter: { action: "CLIENT_ASSIGNED", targetId: alexClient.user.id } });
  });

  it("exports past one page, and only what the advisor may read", async () => {
    expect(await csvOf(admin, { targetType: "Paged" })).toHaveLength(121);
    const alexLines = await csvOf(alex, {});
    expect(alexLines.some((line) => line.includes(alexClient.user.id))).toBe(true);
    expect(alexLines.some((line) => line.includes(blairClient.user.id) || line.includes(blairClient.accountId))).toBe(false);
  });

  it("verifies the chain for an admin, sealing what was waiting first", async () => {
    expect(await verifyAuditTrail(admin)).toMatchObject({ status: "intact", records: await db.auditLog.count(), unsealed: 0 });
  });
});
