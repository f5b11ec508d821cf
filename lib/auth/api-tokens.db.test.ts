import { describe, expect, it } from "vitest";
import { browser, createInvestor, createUser } from "../../scripts/test/factories";
import { db } from "../db";
import { Forbidden, InvalidInput, NotFound } from "../errors";
import { createApiToken, listApiTokens, readerOfApiToken, revokeApiToken, userOfApiToken } from "./api-tokens";

describe("personal API tokens", () => {
  it("are shown once, stored only as a hash, identify their investor, and stop working when revoked", async () => {
    const investor = await createUser("INVESTOR");
    const { id, token, prefix } = await createApiToken(investor, { name: "Spreadsheet" }, browser());
    expect(token).toMatch(/^av_[A-Za-z0-9_-]{43}$/);
    const stored = await db.apiToken.findUniqueOrThrow({ where: { id } });
    expect(stored.tokenHash).not.toContain(token.slice(3));
    expect(stored.prefix).toBe(prefix);
    expect((await userOfApiToken(token))?.id).toBe(investor.id);
    expect(await userOfApiToken(`${token}x`)).toBeNull();
    expect(await userOfApiToken("Bearer nonsense")).toBeNull();
    expect((await listApiTokens(investor)).map((t) => t.name)).toEqual(["Spreadsheet"]);

    await revokeApiToken(investor, id, browser());
    expect(await userOfApiToken(token)).toBeNull();
    expect(await listApiTokens(investor)).toEqual([]);
    expect(await db.auditLog.count({ where: { targetId: id, action: { in: ["API_TOKEN_CREATED", "API_TOKEN_REVOKED"] } } })).toBe(2);
  });

  it("are for investors, need a name, and can only be revoked by their owner", async () => {
    const investor = await createUser("INVESTOR");
    const other = await createUser("INVESTOR");
    await expect(createApiToken(await createUser("ADVISOR"), { name: "x" }, browser())).rejects.toBeInstanceOf(Forbidden);
    await expect(createApiToken(investor, { name: " " }, browser())).rejects.toBeInstanceOf(InvalidInput);
    const { id, token } = await createApiToken(investor, { name: "Mine" }, browser());
    await expect(revokeApiToken(other, id, browser())).rejects.toBeInstanceOf(NotFound);
    expect((await userOfApiToken(token))?.id).toBe(investor.id);
  });

  it("check the account asked for in the same read: the investor's own, and nobody else's", async () => {
    const investor = await createInvestor();
    const other = await createInvestor();
    const { token } = await createApiToken(investor.user, { name: "Reader" }, browser());
    expect((await readerOfApiToken(token, investor.accountId))?.account).toEqual({ id: investor.accountId, currency: "USD" });
    expect((await readerOfApiToken(token, other.accountId))?.account).toBeNull();
    expect((await readerOfApiToken(token, "not-a-uuid"))?.account).toBeNull();
    expect((await readerOfApiToken(token, other.accountId))?.user.id).toBe(investor.user.id);

    // The first use is recorded; the next within a minute is not written again.
    expect((await readerOfApiToken(token))?.useIsStale).toBe(true);
    await userOfApiToken(token);
    expect((await readerOfApiToken(token))?.useIsStale).toBe(false);
    expect((await listApiTokens(investor.user))[0]?.lastUsedAt).toBeInstanceOf(Date);
  });
});
