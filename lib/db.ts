import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "./generated/prisma/client";
import { env } from "./env";

export type Tx = Prisma.TransactionClient;

/** Statements longer than this, or with more parameters (bulk inserts, long IN lists), are not kept. */
const MAX_KEPT_SQL = 4_000;
const MAX_KEPT_PARAMETERS = 64;

/**
 * Names each statement after its text, so every pooled connection prepares it once and PostgreSQL keeps its
 * plan: parsing and planning cost more than running most of our reads. Bulk statements (which vary with their
 * row count) are left unnamed so connections do not collect thousands of them.
 */
export function statementName(query: { sql: string; args: unknown[] }): string | undefined {
  if (query.sql.length > MAX_KEPT_SQL || query.args.length > MAX_KEPT_PARAMETERS) return undefined;
  let name = statementNames.get(query.sql);
  if (name === undefined) {
    if (statementNames.size >= MAX_NAMED_STATEMENTS) statementNames.clear();
    name = `s_${createHash("sha1").update(query.sql).digest("base64url")}`;
    statementNames.set(query.sql, name);
  }
  return name;
}

/** Names already worked out, by statement text (a page asks for the same few statements each time). */
const statementNames = new Map<string, string>();
const MAX_NAMED_STATEMENTS = 2_000;

function createClient(): PrismaClient {
  const config = env();
  if (!config.DATABASE_URL) {
    throw new Error("DATABASE_URL is not set. Start the app with `npm run dev`, which provides a database.");
  }
  return new PrismaClient({
    // A transaction waits for a connection as long as a query does (Prisma's own default is 2 s).
    transactionOptions: { maxWait: config.DATABASE_POOL_TIMEOUT_MS },
    adapter: new PrismaPg(
      {
        connectionString: config.DATABASE_URL,
        max: config.DATABASE_POOL_SIZE,
        // One connection stays open once made: idle connections otherwise close after 10 s, and the next
        // request (a health check, a page after a quiet spell) pays for a new one, seconds on a busy machine.
        min: 1,
        connectionTimeoutMillis: config.DATABASE_POOL_TIMEOUT_MS,
      },
      // The adapter hands the name to pg's query(); an undefined name is an unnamed (not kept) statement.
      config.DATABASE_PREPARED_STATEMENTS ? { statementNameGenerator: statementName as (query: { sql: string; args: unknown[] }) => string } : {},
    ),
  });
}

// One client per process, kept across hot reloads in development.
const holder = globalThis as { autovestPrisma?: PrismaClient };

/**
 * The Prisma client, created on first use rather than at import: `next build` imports route modules
 * without runtime configuration.
 */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    holder.autovestPrisma ??= createClient();
    const client = holder.autovestPrisma;
    const value: unknown = Reflect.get(client, property, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

/** Closes the pool (scripts and tests; the app keeps it for its lifetime). */
export async function disconnectDb(): Promise<void> {
  const client = holder.autovestPrisma;
  holder.autovestPrisma = undefined;
  await client?.$disconnect();
}

/** The PostgreSQL error (SQLSTATE and message) behind a failed Prisma call, if that is what it was. */
export function postgresError(error: unknown): { code: string; message: string } | null {
  const meta = (error as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; originalMessage?: unknown } } } })?.meta;
  const cause = meta?.driverAdapterError?.cause;
  return typeof cause?.originalCode === "string" ? { code: cause.originalCode, message: String(cause.originalMessage ?? "") } : null;
}
