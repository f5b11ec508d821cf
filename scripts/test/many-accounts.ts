import { db } from "../../lib/db";

/**
 * `count` investors, each with an account on `modelVersionId` holding `shares` of one fund only (so every one is
 * far outside its drift band), written set-based in a few statements: for tests of sweeps and migrations at the
 * scale of a real book. Ids are in random order, as real ones are across pages. Returns nothing: query by model.
 */
export async function seedManyAccounts(count: number, modelVersionId: string, { symbol = "VTI", shares = "1.000000" } = {}): Promise<void> {
  await db.$executeRaw`
    WITH people AS (
      INSERT INTO "User" ("id", "email", "name", "passwordHash", "updatedAt")
      SELECT gen_random_uuid(), 'many-' || n || '-' || gen_random_uuid() || '@example.com', 'Investor ' || n, 'not-a-hash', now()
      FROM generate_series(1, ${count}) n
      RETURNING "id"
    ), accounts AS (
      INSERT INTO "InvestmentAccount" ("id", "userId", "modelVersionId")
      SELECT gen_random_uuid(), people."id", ${modelVersionId}::uuid FROM people
      RETURNING "id"
    )
    INSERT INTO "Holding" ("investmentAccountId", "symbol", "quantity", "costBasis")
    SELECT accounts."id", ${symbol}, ${shares}::numeric, 10000 FROM accounts`;
}
