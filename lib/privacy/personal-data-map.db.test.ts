import { describe, expect, it } from "vitest";
import { db } from "../db";
import { PERSONAL_DATA_TABLES } from "./personal-data-map";

/**
 * The tables that can hold a person's data, as the database itself says: a foreign key to User or
 * InvestmentAccount, or a column that names a user or an account without one (the ledger's postings and the
 * account snapshots have no foreign keys, on purpose).
 */
async function tablesNamingPeople(): Promise<string[]> {
  const rows = await db.$queryRaw<{ table: string }[]>`
    SELECT DISTINCT kcu.table_name AS "table"
    FROM information_schema.referential_constraints rc
    JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = rc.constraint_name AND kcu.constraint_schema = rc.constraint_schema
    JOIN information_schema.key_column_usage ref ON ref.constraint_name = rc.unique_constraint_name AND ref.constraint_schema = rc.unique_constraint_schema
    WHERE rc.constraint_schema = current_schema() AND ref.table_name IN ('User', 'InvestmentAccount')
    UNION
    SELECT DISTINCT c.table_name
    FROM information_schema.columns c JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema
    WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
      AND c.column_name ~* '(userid|accountid|investorid|clientid|advisorid|authorid|actorid|ownerid|byid|updatedby)$'
    ORDER BY 1`;
  return rows.map((row) => row.table);
}

describe("the register of personal data", () => {
  it("says for every table that names a user or their accounts whether the export carries it and what closure does", async () => {
    const uncovered = (await tablesNamingPeople()).filter((table) => !(table in PERSONAL_DATA_TABLES));
    expect(uncovered, "add these tables to lib/privacy/personal-data-map.ts, the export and the closure").toEqual([]);
  });

  it("lists only tables that exist", async () => {
    const tables = (
      await db.$queryRaw<{ table: string }[]>`SELECT table_name AS "table" FROM information_schema.tables WHERE table_schema = current_schema()`
    ).map((row) => row.table);
    expect(Object.keys(PERSONAL_DATA_TABLES).filter((table) => !tables.includes(table))).toEqual([]);
  });

  it("notices a new table that refers to a user, with or without a foreign key", async () => {
    await db.$executeRawUnsafe(`CREATE TABLE "LoyaltyPoints" ("id" uuid PRIMARY KEY, "userId" uuid NOT NULL REFERENCES "User"("id"))`);
    await db.$executeRawUnsafe(`CREATE TABLE "ReferralCode" ("code" text PRIMARY KEY, "referrer" uuid REFERENCES "InvestmentAccount"("id"))`);
    await db.$executeRawUnsafe(`CREATE TABLE "Survey" ("id" uuid PRIMARY KEY, "respondentUserId" uuid)`);
    try {
      const found = await tablesNamingPeople();
      expect(found).toEqual(expect.arrayContaining(["LoyaltyPoints", "ReferralCode", "Survey"]));
    } finally {
      await db.$executeRawUnsafe(`DROP TABLE "LoyaltyPoints", "ReferralCode", "Survey"`);
    }
  });
});
