/**
 * "Your data": everything Autovest holds about a person, as one JSON document they download (GDPR's rights of
 * access and portability). Written section by section as it is read, the long lists a page at a time, so a
 * long history never sits in memory whole. Which table lands in which section is lib/privacy/personal-data-map.ts.
 * The identity document travels inside the JSON (base64) with its type and SHA-256, so one file holds it all.
 */
import { recordAudit } from "../audit/record";
import type { CurrentUser } from "../auth/sessions";
import { requireStepUpIfEnrolled } from "../auth/step-up";
import { db } from "../db";
import { env } from "../env";
import type { RequestContext } from "../http/request-context";
import { readDocument } from "../kyc/documents";
import { kycInFullForOwner } from "../kyc/profile";

export const EXPORT_FORMAT = { name: "autovest-personal-data", version: 1 } as const;

/** Rows read per query for the lists that grow without bound (postings, audit records, daily values). */
const PAGE = 2_000;

/** Amounts are integer cents and quantities decimals: both as strings, so no reader turns them into floats. */
const toJson = (value: unknown) => JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v));

/**
 * Records the export (DATA_EXPORTED, committed before anything is read) and returns the document as chunks of
 * JSON text, for a route to stream. Money data is sensitive: a user with a second factor proves it again first.
 */
export async function exportPersonalData(user: CurrentUser, context: RequestContext): Promise<AsyncGenerator<string>> {
  await requireStepUpIfEnrolled(user);
  await db.$transaction((tx) =>
    recordAudit(tx, { action: "DATA_EXPORTED", actorId: user.id, target: { type: "User", id: user.id }, context, details: { format: EXPORT_FORMAT.version } }),
  );
  return personalDataJson(user.id);
}

/** The whole export as JSON text, in chunks: an object with one key per section. */
export async function* personalDataJson(userId: string): AsyncGenerator<string> {
  const accounts = await db.investmentAccount.findMany({ where: { userId }, orderBy: { createdAt: "asc" }, include: { ledgerAccounts: true } });
  const accountIds = accounts.map((account) => account.id);
  const ledgerAccountIds = accounts.flatMap((account) => account.ledgerAccounts.map((ledger) => ledger.id));

  let first = true;
  const key = (name: string) => {
    const prefix = first ? "{\n" : ",\n";
    first = false;
    return `${prefix}${JSON.stringify(name)}: `;
  };
  async function* list(name: string, pages: (after: bigint | string | null) => Promise<{ rows: unknown[]; last: bigint | string | null }>) {
    yield `${key(name)}[`;
    let after: bigint | string | null = null;
    let separator = "\n";
    for (;;) {
      const { rows, last } = await pages(after);
      for (const row of rows) {
        yield `${separator}${toJson(row)}`;
        separator = ",\n";
      }
      if (rows.length < PAGE) break;
      after = last;
    }
    yield "]";
  }

  yield `${key("format")}${toJson({
    ...EXPORT_FORMAT,
    exportedAt: new Date(),
    notes: [
      "Amounts of money are integer minor units (cents) as strings; quantities and prices are decimal strings; times are UTC (ISO 8601).",
      "The identity document is included as base64 (identity.document.contentBase64), with its type and SHA-256; so are your statements and trade confirmations (documents[].contentBase64).",
      "Advisor notes about you are included. API tokens are listed without their secret (only its hash is stored, and it is not exported).",
      "auditRecords are the audit trail's records in which you acted or which are about you, your sessions, tokens, accounts or deposits.",
    ],
  })}`;

  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { id: true, email: true, name: true, role: true, timeZone: true, createdAt: true, updatedAt: true, closedAt: true, canManageModels: true, advisor: { select: { id: true, name: true } } },
  });
  yield `${key("profile")}${toJson(user)}`;

  yield `${key("sessions")}${toJson(
    await db.session.findMany({
      where: { userId },
      orderBy: { createdAt: "asc" },
      select: { id: true, createdAt: true, expiresAt: true, revokedAt: true, ip: true, userAgent: true, secondFactorAt: true },
    }),
  )}`;

  yield `${key("apiTokens")}${toJson(
    await db.apiToken.findMany({
      where: { userId },
      orderBy: { createdAt: "asc" },
      // Never the hash: it is a credential's verifier, not information about the person.
      select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true },
    }),
  )}`;

  // Second factors and other sign-in records: what they are and when, never a secret, key or hash.
  yield `${key("secondFactors")}${toJson(
    await db.secondFactor.findMany({ where: { userId }, orderBy: { createdAt: "asc" }, select: { id: true, kind: true, label: true, createdAt: true, confirmedAt: true, lastUsedAt: true } }),
  )}`;
  yield `${key("recoveryCodes")}${toJson(await db.recoveryCode.findMany({ where: { userId }, orderBy: { createdAt: "asc" }, select: { createdAt: true, usedAt: true } }))}`;
  yield `${key("knownDevices")}${toJson(await db.knownDevice.findMany({ where: { userId }, orderBy: { firstSeenAt: "asc" }, select: { firstSeenAt: true, lastSeenAt: true } }))}`;
  yield `${key("emailLinks")}${toJson(
    await db.emailToken.findMany({ where: { userId }, orderBy: { createdAt: "asc" }, select: { purpose: true, email: true, createdAt: true, expiresAt: true, usedAt: true } }),
  )}`;
  yield `${key("linkedProviders")}${toJson(
    await db.oidcIdentity.findMany({ where: { userId }, orderBy: { linkedAt: "asc" }, select: { provider: true, subject: true, email: true, linkedAt: true } }),
  )}`;

  yield `${key("bankAccounts")}${toJson(
    await db.linkedBankAccount.findMany({
      where: { userId },
      orderBy: { createdAt: "asc" },
      select: { id: true, bankName: true, last4: true, accountType: true, status: true, createdAt: true, verifiedAt: true, removedAt: true },
    }),
  )}`;

  yield `${key("riskProfiles")}${toJson(await db.riskProfile.findMany({ where: { userId }, orderBy: { createdAt: "asc" }, omit: { userId: true } }))}`;

  yield `${key("identity")}${toJson(await identityOf(userId))}`;

  yield `${key("investmentAccounts")}${toJson(
    accounts.map(({ ledgerAccounts, ...account }) => ({
      ...account,
      cash: ledgerAccounts.map((ledger) => ({ ledgerAccountId: ledger.id, kind: ledger.kind, currency: ledger.currency, balance: ledger.balance, postings: ledger.version })),
    })),
  )}`;

  yield* list("ledgerPostings", async (after) => {
    const rows = await db.$queryRaw<{ id: bigint }[]>`
      SELECT p."id", p."ledgerAccountId", la."kind"::text AS "ledgerAccountKind", la."investmentAccountId", p."amount", p."currency",
        p."balanceAfter", p."accountVersion", e."id" AS "entryId", e."kind"::text AS "entryKind", e."causeType", e."causeId", e."memo", e."createdAt" AS "at"
      FROM "Posting" p JOIN "JournalEntry" e ON e."id" = p."entryId" JOIN "LedgerAccount" la ON la."id" = p."ledgerAccountId"
      WHERE p."ledgerAccountId" = ANY (${ledgerAccountIds}::bigint[]) AND p."id" > ${(after as bigint | null) ?? 0n}
      ORDER BY p."id" LIMIT ${PAGE}`;
    return { rows, last: rows.at(-1)?.id ?? null };
  });

  const deposits = await db.deposit.findMany({
    where: { investmentAccountId: { in: accountIds } },
    orderBy: { createdAt: "asc" },
    include: { refunds: { omit: { depositId: true } } },
  });
  const stripeEvents = await db.stripeEvent.findMany({ where: { depositId: { in: deposits.map((deposit) => deposit.id) } }, orderBy: { receivedAt: "asc" } });
  yield `${key("deposits")}${toJson(
    deposits.map((deposit) => ({ ...deposit, paymentEvents: stripeEvents.filter((event) => event.depositId === deposit.id).map(({ depositId: _, ...event }) => event) })),
  )}`;

  yield `${key("recurringDeposits")}${toJson(
    await db.recurringDeposit.findMany({
      where: { investmentAccountId: { in: accountIds } },
      orderBy: { createdAt: "asc" },
      include: { periods: { orderBy: { periodDate: "asc" }, omit: { scheduleId: true } } },
    }),
  )}`;

  const byAccount = { where: { investmentAccountId: { in: accountIds } } };
  yield `${key("withdrawals")}${toJson(await db.withdrawal.findMany({ ...byAccount, orderBy: { createdAt: "asc" } }))}`;
  yield `${key("orders")}${toJson(await db.order.findMany({ ...byAccount, orderBy: { createdAt: "asc" } }))}`;
  yield `${key("holdings")}${toJson(await db.holding.findMany({ ...byAccount, orderBy: [{ investmentAccountId: "asc" }, { symbol: "asc" }] }))}`;
  yield `${key("modelChanges")}${toJson(await db.modelChangeProposal.findMany({ ...byAccount, orderBy: { createdAt: "asc" } }))}`;
  yield `${key("portfolioChoices")}${toJson(await db.portfolioChoice.findMany({ ...byAccount, orderBy: { createdAt: "asc" } }))}`;
  yield `${key("goals")}${toJson(await db.goal.findMany({ where: { userId }, orderBy: { createdAt: "asc" }, omit: { userId: true } }))}`;
  yield `${key("taxLots")}${toJson(await db.taxLot.findMany({ ...byAccount, orderBy: [{ acquiredAt: "asc" }, { id: "asc" }] }))}`;
  yield `${key("corporateActionAdjustments")}${toJson(
    await db.holdingAdjustment.findMany({
      ...byAccount,
      orderBy: { createdAt: "asc" },
      include: { corporateAction: { select: { kind: true, symbol: true, exDate: true, fromShares: true, toShares: true, newSymbol: true } } },
    }),
  )}`;

  yield* list("dailyValues", async (after) => {
    const [account, date] = after ? (after as string).split("|") : [null, null];
    const rows = await db.portfolioSnapshot.findMany({
      where: { investmentAccountId: { in: accountIds }, ...(account && date ? { OR: [{ investmentAccountId: { gt: account } }, { investmentAccountId: account, date: { gt: new Date(date) } }] } : {}) },
      orderBy: [{ investmentAccountId: "asc" }, { date: "asc" }],
      take: PAGE,
    });
    const last = rows.at(-1);
    return { rows, last: last ? `${last.investmentAccountId}|${last.date.toISOString()}` : null };
  });
  yield `${key("flows")}${toJson(await db.portfolioFlow.findMany({ ...byAccount, orderBy: [{ at: "asc" }, { entryId: "asc" }] }))}`;
  yield `${key("realisedGains")}${toJson(await db.lotDisposal.findMany({ ...byAccount, orderBy: [{ soldAt: "asc" }, { id: "asc" }] }))}`;
  yield* list("documents", async (after) => {
    // Each PDF with its content (a few kilobytes), as the identity document is exported.
    const rows = await db.document.findMany({ where: { investmentAccountId: { in: accountIds }, ...(after ? { id: { gt: after as string } } : {}) }, orderBy: { id: "asc" }, take: PAGE });
    return {
      rows: rows.map(({ content, ...document }) => ({ ...document, contentType: "application/pdf", contentBase64: Buffer.from(content).toString("base64") })),
      last: rows.at(-1)?.id ?? null,
    };
  });

  yield `${key("fees")}${toJson({
    assignment: await db.feeAssignment.findUnique({ where: { userId }, select: { assignedAt: true, schedule: { select: { name: true, tiers: true } } } }),
    waivers: await db.feeWaiver.findMany({ where: { userId }, orderBy: { createdAt: "asc" }, omit: { userId: true } }),
    bills: await db.feeBill.findMany({ ...byAccount, orderBy: [{ month: "asc" }, { investmentAccountId: "asc" }] }),
  })}`;

  yield `${key("notifications")}${toJson(await db.notification.findMany({ where: { userId }, orderBy: { createdAt: "asc" }, omit: { userId: true } }))}`;

  yield `${key("consultations")}${toJson(
    await db.consultationSlot.findMany({
      where: { OR: [{ investorId: userId }, { advisorId: userId }] },
      orderBy: { startsAt: "asc" },
      include: { advisor: { select: { name: true } }, investor: { select: { name: true } } },
    }),
  )}`;

  yield `${key("advisorNotes")}${toJson(
    await db.advisorNote.findMany({ where: { clientId: userId }, orderBy: { createdAt: "asc" }, select: { id: true, body: true, createdAt: true, author: { select: { name: true } } } }),
  )}`;

  const sessionIds = (await db.session.findMany({ where: { userId }, select: { id: true } })).map((session) => session.id);
  const tokenIds = (await db.apiToken.findMany({ where: { userId }, select: { id: true } })).map((token) => token.id);
  const aboutMe = [userId, ...sessionIds, ...tokenIds, ...accountIds, ...deposits.map((deposit) => deposit.id)];
  yield* list("auditRecords", async (after) => {
    const rows = await db.$queryRaw<{ id: bigint }[]>`
      SELECT a."id", a."at", a."action"::text AS "action", a."actorId", a."targetType", a."targetId", a."ip", a."userAgent", a."details"
      FROM "AuditLog" a
      WHERE a."id" > ${(after as bigint | null) ?? 0n}
        AND (a."actorId" = ${userId}::uuid OR a."targetId" = ANY (${aboutMe}::text[]) OR a."details"->>'investmentAccountId' = ANY (${accountIds}::text[]))
      ORDER BY a."id" LIMIT ${PAGE}`;
    return { rows, last: rows.at(-1)?.id ?? null };
  });

  yield "\n}\n";
}

/** The identity check opened in full, with the document's content when its file is still there. */
async function identityOf(userId: string) {
  const kyc = await kycInFullForOwner(userId);
  if (!kyc) return null;
  const { key: storageKey, ...document } = kyc.document;
  const content = await readDocument(env().KYC_STORAGE_DIR, storageKey).catch(() => null);
  return {
    ...kyc,
    document: content
      ? { ...document, sizeBytes: content.length, contentBase64: content.toString("base64") }
      : { ...document, sizeBytes: null, contentBase64: null, note: "The file could not be read from storage; its type and SHA-256 are as recorded." },
  };
}

/** The export as one object (tests, and anything that wants it whole). */
export async function personalDataOf(userId: string): Promise<Record<string, unknown>> {
  let text = "";
  for await (const chunk of personalDataJson(userId)) text += chunk;
  return JSON.parse(text) as Record<string, unknown>;
}
