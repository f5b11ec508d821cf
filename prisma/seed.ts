/**
 * Demo data for development and tests, created once and left alone afterwards (idempotent).
 * Refused in production: demo users with published passwords must never exist there.
 */
import { fileURLToPath } from "node:url";
import { reviewKyc } from "../lib/advisor/clients";
import { recordAudit } from "../lib/audit/record";
import { openInvestorAccount } from "../lib/auth/accounts";
import { publishSlots } from "../lib/consultations/slots";
import { wallTimeOf } from "../lib/consultations/time";
import { hashPassword } from "../lib/auth/password";
import { db, disconnectDb } from "../lib/db";
import { env } from "../lib/env";
import type { Role } from "../lib/generated/prisma/client";
import { NO_REQUEST_CONTEXT } from "../lib/http/request-context";
import { seal } from "../lib/kyc/encryption";
import { kycKeyRing } from "../lib/kyc/keys";
import { submitKyc } from "../lib/kyc/profile";
import { DEMO_STAFF_TOTP_SECRET } from "./demo-second-factor";
import { seedDemoGoals } from "./demo-goals";
import { seedDemoHistory } from "./demo-history";
import { seedDemoStrategies } from "./demo-strategies";

export interface DemoLogin {
  role: Role;
  name: string;
  email: string;
  password: string;
}

/** Development-only credentials, printed by `npm run dev`. */
export const DEMO_LOGINS: readonly DemoLogin[] = [
  { role: "ADMIN", name: "Ada Admin", email: "admin@autovest.dev", password: "autovest-demo-ledger" },
  { role: "ADVISOR", name: "Alex Advisor", email: "advisor@autovest.dev", password: "autovest-demo-portfolio" },
  { role: "INVESTOR", name: "Ivy Investor", email: "investor@autovest.dev", password: "autovest-demo-savings" },
  { role: "INVESTOR", name: "Sam Saver", email: "saver@autovest.dev", password: "autovest-demo-compound" },
  /** Invested a little over thirteen months before the database was seeded, with deposits, dividends, fees and a daily history since (prisma/demo-history.ts). */
  { role: "INVESTOR", name: "Hana Holder", email: "holder@autovest.dev", password: "autovest-demo-dividend" },
];

/** Demo prices (US dollars, late 2024) until market data arrives; real prices replace them. */
export const DEMO_PRICES: Record<string, string> = {
  VTI: "290.12",
  VEA: "51.48",
  VWO: "45.63",
  BND: "72.85",
  IEF: "93.27",
  TIP: "108.54",
  VNQ: "92.66",
  GLD: "247.85",
  SGOV: "100.42",
};

async function seedDemoPrices(): Promise<void> {
  const assets = await db.asset.findMany({ where: { price: null }, select: { id: true, symbol: true } });
  await db.assetPrice.createMany({
    data: assets
      .filter((asset) => DEMO_PRICES[asset.symbol])
      .map((asset) => ({ assetId: asset.id, price: DEMO_PRICES[asset.symbol]!, asOf: new Date(), source: "demo seed" })),
    skipDuplicates: true,
  });
}

/** `history: false` leaves out Hana Holder's past (seed:large writes its own years of prices). */
export async function seedDemoData({ history = true }: { history?: boolean } = {}): Promise<{ created: string[] }> {
  if (env().isProduction) throw new Error("Refusing to seed demo users in production (APP_ENV=production).");
  await seedDemoPrices();
  const created: string[] = [];
  for (const login of DEMO_LOGINS) {
    if (await db.user.findUnique({ where: { email: login.email }, select: { id: true } })) continue;
    const passwordHash = await hashPassword(login.password);
    await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: login.email, name: login.name, role: login.role, passwordHash, emailVerifiedAt: new Date() },
      });
      await recordAudit(tx, {
        action: "USER_CREATED",
        actorId: null,
        target: { type: "User", id: user.id },
        context: NO_REQUEST_CONTEXT,
        details: { email: login.email, role: login.role, source: "demo seed" },
      });
      if (login.role === "INVESTOR") await openInvestorAccount(tx, user.id, { actorId: null, context: NO_REQUEST_CONTEXT });
    });
    created.push(login.email);
  }
  // The demo investors are the demo advisor's clients (new sign-ups wait for an admin to assign them).
  const advisor = await db.user.findUnique({ where: { email: "advisor@autovest.dev" }, select: { id: true } });
  if (advisor) {
    await db.user.updateMany({
      where: { email: { in: DEMO_LOGINS.filter((l) => l.role === "INVESTOR").map((l) => l.email) }, advisorId: null },
      data: { advisorId: advisor.id },
    });
  }
  await seedDemoSecondFactors();
  await seedDemoIdentity();
  if (history) await seedDemoHistory(DEMO_PRICES);
  if (history) await seedDemoStrategies();
  await seedDemoConsultations();
  await seedDemoGoals();
  return { created };
}

/**
 * Staff need a second factor to reach /admin: the demo staff get an authenticator app with the published
 * DEMO_STAFF_TOTP_SECRET (also on databases seeded before second factors existed).
 */
async function seedDemoSecondFactors(): Promise<void> {
  const staff = await db.user.findMany({
    where: { email: { in: DEMO_LOGINS.filter((l) => l.role !== "INVESTOR").map((l) => l.email) }, secondFactors: { none: {} } },
    select: { id: true },
  });
  for (const { id } of staff) {
    await db.secondFactor.create({
      data: {
        userId: id,
        kind: "TOTP",
        label: "Authenticator app",
        confirmedAt: new Date(),
        // Sealed as lib/auth/second-factor/factors.ts seals every TOTP secret.
        totpSecret: seal(kycKeyRing(), DEMO_STAFF_TOTP_SECRET, `user:${id}:totp`),
      },
    });
  }
}

/** A one-page PDF standing in for a scanned identity document. */
const DEMO_DOCUMENT = Buffer.from("%PDF-1.4\n% Autovest demo identity document\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

/** The demo investors whose identity is verified, with the details they submitted. */
const VERIFIED_IDENTITIES = [
  { email: "investor@autovest.dev", details: { legalName: "Ivy Investor", dateOfBirth: "1988-04-12", taxId: "219-09-9999", addressLine1: "12 Orchard Lane", city: "Portland", region: "OR", postalCode: "97201" } },
  { email: "holder@autovest.dev", details: { legalName: "Hana Holder", dateOfBirth: "1979-09-23", taxId: "078-05-1120", addressLine1: "48 Harbor Street", city: "Boston", region: "MA", postalCode: "02110" } },
];

/**
 * Ivy Investor's and Hana Holder's identities are verified (they submitted, their advisor approved, through the same
 * functions the pages use); Sam Saver has not submitted yet, so a new session shows both sides of the review.
 */
async function seedDemoIdentity(): Promise<void> {
  const alex = await db.user.findUnique({ where: { email: "advisor@autovest.dev" }, select: { id: true, email: true, name: true, role: true } });
  if (!alex) return;
  const session = { sessionId: "00000000-0000-0000-0000-000000000000" };
  for (const { email, details } of VERIFIED_IDENTITIES) {
    const investor = await db.user.findUnique({ where: { email }, select: { id: true, email: true, name: true, role: true } });
    if (!investor) continue;
    const existing = await db.kycProfile.findUnique({ where: { userId: investor.id }, select: { status: true } });
    if (existing && existing.status !== "PENDING_REVIEW") continue;
    if (!existing) await submitKyc({ ...investor, ...session }, details, DEMO_DOCUMENT, NO_REQUEST_CONTEXT);
    await reviewKyc({ ...alex, ...session }, investor.id, { decision: "approve" }, NO_REQUEST_CONTEXT);
  }
}

/** Alex Advisor offers a few times over the next two days (UTC), whenever he has none coming up. */
async function seedDemoConsultations(): Promise<void> {
  const alex = await db.user.findUnique({ where: { email: "advisor@autovest.dev" }, select: { id: true, email: true, name: true, role: true } });
  if (!alex || (await db.consultationSlot.count({ where: { advisorId: alex.id, withdrawnAt: null, startsAt: { gt: new Date() } } })) > 0) return;
  const day = (ahead: number, hour: number) => {
    const now = new Date();
    return wallTimeOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + ahead, hour)));
  };
  const advisor = { ...alex, sessionId: "00000000-0000-0000-0000-000000000000" };
  await publishSlots(advisor, { startsAt: day(1, 15), minutes: 30, count: 4 }, NO_REQUEST_CONTEXT);
  await publishSlots(advisor, { startsAt: day(2, 14), minutes: 60, count: 2 }, NO_REQUEST_CONTEXT);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  seedDemoData()
    .then(({ created }) => console.log(created.length ? `Seeded ${created.join(", ")}` : "Demo data already present."))
    .finally(() => disconnectDb())
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
