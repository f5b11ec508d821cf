import { applyMigrations } from "../db/migrations";
import { startThrowawayPostgres, type EmbeddedCluster } from "../lib/embedded-postgres";

/** A throwaway PostgreSQL with PostgreSQL's durable defaults and the migrations applied, as DATABASE_URL. */
export async function benchDatabase(purpose: string, poolSize = 40): Promise<EmbeddedCluster> {
  const cluster = await startThrowawayPostgres(purpose, { durable: true });
  await cluster.admin((client) => client.query("CREATE DATABASE bench"));
  Object.assign(process.env, { DATABASE_URL: cluster.url("bench"), DATABASE_POOL_SIZE: String(poolSize), APP_ENV: "test" });
  const { reloadEnv } = await import("../../lib/env");
  reloadEnv();
  await applyMigrations(cluster.url("bench"));
  return cluster;
}

/**
 * `count` investors on the balanced model, each with a taxable account and its ledger accounts, created in
 * bulk with SQL (no password hashing). Returns nothing: query what you need.
 */
export async function seedInvestors(count: number, sql: (text: string) => Promise<unknown>): Promise<void> {
  await sql(`
    INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt")
    SELECT gen_random_uuid(), 'bench' || i || '@example.com', 'Bench ' || i, 'x', 'INVESTOR', now()
    FROM generate_series(1, ${count}) i`);
  // Verified, as anyone with money to invest must be (the sealed fields are placeholders no benchmark opens).
  await sql(`
    INSERT INTO "KycProfile" ("userId", status, "legalName", "addressLine1", city, region, "postalCode", country,
      "taxIdSealed", "taxIdLast4", "dateOfBirthSealed", "documentKey", "documentType", "documentSha256", "submittedAt", "reviewedAt", "updatedAt")
    SELECT u.id, 'APPROVED', u.name, '1 Bench Street', 'Portland', 'OR', '97201', 'US',
      'bench', '9999', 'bench', gen_random_uuid()::text, 'image/png', repeat('0', 64), now(), now(), now()
    FROM "User" u WHERE u.role = 'INVESTOR'`);
  await sql(`
    INSERT INTO "InvestmentAccount" (id, "userId", "modelVersionId")
    SELECT gen_random_uuid(), u.id, (SELECT v.id FROM "ModelVersion" v JOIN "ModelPortfolio" m ON m.id = v."modelId" WHERE m.slug = 'balanced')
    FROM "User" u WHERE u.role = 'INVESTOR'`);
  await sql(`
    INSERT INTO "LedgerAccount" (kind, "investmentAccountId", currency, "allowNegative")
    SELECT k.kind::"LedgerAccountKind", a.id, 'USD', k.kind = 'INVESTOR_OWED'
    FROM "InvestmentAccount" a CROSS JOIN (VALUES ('INVESTOR_CASH'), ('INVESTOR_CASH_HELD'), ('INVESTOR_OWED')) AS k(kind)`);
  await sql(`
    INSERT INTO "AssetPrice" ("assetId", price, "asOf", source)
    SELECT a.id, p.price, now(), 'bench' FROM "Asset" a JOIN (VALUES
      ('VTI', 290.12), ('VEA', 51.48), ('VWO', 45.63), ('BND', 72.85), ('IEF', 93.27),
      ('TIP', 108.54), ('VNQ', 92.66), ('GLD', 247.85), ('SGOV', 100.42)) AS p(symbol, price) ON p.symbol = a.symbol
    ON CONFLICT ("assetId") DO NOTHING`);
}
