import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "./generated/prisma/client";
import { env } from "./env";

export type Tx = Prisma.TransactionClient;

function createClient(): PrismaClient {
  const config = env();
  if (!config.DATABASE_URL) {
    throw new Error("DATABASE_URL is not set. Start the app with `npm run dev`, which provides a database.");
  }
  return new PrismaClient({
    adapter: new PrismaPg({
      connectionString: config.DATABASE_URL,
      max: config.DATABASE_POOL_SIZE,
      connectionTimeoutMillis: 5_000,
    }),
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
