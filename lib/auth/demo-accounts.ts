import { db } from "../db";
import { env } from "../env";
import { Forbidden } from "../errors";

/**
 * The demo accounts `npm run dev` seeds (prisma/seed.ts): their passwords are published in the README, so
 * an account with one of these emails is anyone's account. The seed refuses to run in production; if one
 * exists there anyway (a development database promoted, a seed run by hand with the wrong APP_ENV), it is
 * refused at sign-in and reported at start and by /api/health ("degraded").
 */
export const DEMO_ACCOUNT_EMAILS: ReadonlySet<string> = new Set([
  "admin@autovest.dev",
  "advisor@autovest.dev",
  "investor@autovest.dev",
  "saver@autovest.dev",
  "holder@autovest.dev",
]);

export class DemoAccountRefused extends Forbidden {
  constructor() {
    super("Demo accounts cannot sign in to this deployment.");
  }
}

/** In production, refuses a sign-in as a demo account, whatever the password. `email` is normalised. */
export function refuseDemoAccountInProduction(email: string): void {
  if (env().isProduction && DEMO_ACCOUNT_EMAILS.has(email)) throw new DemoAccountRefused();
}

/** The demo accounts that exist in a production database (none anywhere else counts). */
export async function demoAccountsInProduction(): Promise<string[]> {
  if (!env().isProduction) return [];
  const users = await db.user.findMany({ where: { email: { in: [...DEMO_ACCOUNT_EMAILS] } }, select: { email: true }, orderBy: { email: "asc" } });
  return users.map((user) => user.email);
}
