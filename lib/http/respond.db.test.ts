import { expect, it } from "vitest";
import { db } from "../db";
import { errorResponse } from "./respond";

const failureOf = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => e);

it("answers PostgreSQL's refusal of a NUL byte with a 400 that does not quote the database", async () => {
  const errors = [
    await failureOf(db.user.create({ data: { email: "nul@example.com", name: "Ivy\u0000", passwordHash: "x", role: "INVESTOR" } })),
    await failureOf(db.$executeRawUnsafe(`SELECT $1::text`, "Ivy\u0000")),
    await failureOf(db.$executeRawUnsafe(`SELECT $1::jsonb`, JSON.stringify({ name: "Ivy\u0000" }))),
  ];
  for (const error of errors) {
    const response = errorResponse(error);
    expect(response.status).toBe(400);
    const body = JSON.stringify(await response.json());
    expect(body).toContain("invalid_characters");
    expect(body).not.toMatch(/UTF8|byte sequence|Prisma|Code:/);
  }
  expect(await db.user.count({ where: { email: "nul@example.com" } })).toBe(0);
});
