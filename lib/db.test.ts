import { describe, expect, it } from "vitest";
import { statementName } from "./db";

describe("prepared statement names", () => {
  it("are the same for the same text and different for different text", () => {
    const read = { sql: 'SELECT 1 FROM "User" WHERE "id" = $1', args: ["x"] };
    expect(statementName(read)).toMatch(/^s_[\w-]{27}$/);
    expect(statementName({ ...read, args: ["y"] })).toBe(statementName(read));
    expect(statementName({ sql: 'SELECT 2 FROM "User" WHERE "id" = $1', args: ["x"] })).not.toBe(statementName(read));
  });

  it("are not given to bulk statements, which vary with their row count", () => {
    expect(statementName({ sql: "INSERT …", args: Array.from({ length: 65 }, () => 1) })).toBeUndefined();
    expect(statementName({ sql: `SELECT ${"1, ".repeat(2_000)}1`, args: [] })).toBeUndefined();
  });
});
