import { randomBytes } from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { browser, createUser, TEST_PASSWORD, uniqueEmail } from "../../../scripts/test/factories";
import { db } from "../../db";
import { reloadEnv } from "../../env";
import { InvalidInput, NotFound } from "../../errors";
import { hasSecondFactor } from "../second-factor/factors";
import { liveSession, userOfSession, type CurrentUser } from "../sessions";
import { signIn } from "../sign-in";
import { listOidcIdentities, startOidcLink, unlinkOidcIdentity } from "./link";
import { signInWithProvider, type ProviderIdentity } from "./sign-in";

vi.mock("../second-factor/factors", async (original) => ({ ...(await original()), hasSecondFactor: vi.fn(async () => false) }));

beforeEach(() => {
  process.env.GOOGLE_CLIENT_ID = "autovest-test";
  process.env.GOOGLE_CLIENT_SECRET = "autovest-test-secret";
  reloadEnv();
  vi.mocked(hasSecondFactor).mockResolvedValue(false);
});

const googleIdentity = (overrides: Partial<ProviderIdentity> = {}): ProviderIdentity => ({
  provider: "google",
  subject: `google-${randomBytes(6).toString("hex")}`,
  email: uniqueEmail("google"),
  emailVerified: true,
  name: "Grace Hopper",
  ...overrides,
});

/** A user signed in with the password, as the Settings page sees them. */
async function signedInWithPassword(): Promise<CurrentUser> {
  const user = await createUser();
  return signIn({ email: user.email, password: TEST_PASSWORD }, browser());
}

const auditActions = async (userId: string) =>
  (await db.auditLog.findMany({ where: { OR: [{ actorId: userId }, { targetId: userId }] }, orderBy: { id: "asc" } })).map((row) => row.action);

describe("signing in with a provider's identity", () => {
  it("opens an investor account for an unknown identity whose verified email nobody uses, and signs it in", async () => {
    const identity = googleIdentity({ email: "  Ada.Lovelace.New@Example.com " });
    const outcome = await signInWithProvider(identity, browser(), null);

    expect(outcome).toMatchObject({ kind: "signed_in", newAccount: true, user: { email: "ada.lovelace.new@example.com", name: "Grace Hopper", role: "INVESTOR" } });
    if (outcome.kind !== "signed_in") throw new Error("not signed in");
    expect(await userOfSession(outcome.user.sessionId)).toMatchObject({ id: outcome.user.id });
    expect(await db.investmentAccount.count({ where: { userId: outcome.user.id } })).toBe(1);
    expect(await listOidcIdentities(outcome.user.id)).toMatchObject([{ provider: "google", email: "ada.lovelace.new@example.com" }]);
    expect(await auditActions(outcome.user.id)).toEqual(["USER_SIGNED_UP", "INVESTMENT_ACCOUNT_OPENED", "OIDC_IDENTITY_LINKED", "USER_SIGNED_IN"]);
    const signedIn = await db.auditLog.findFirstOrThrow({ where: { action: "USER_SIGNED_IN", actorId: outcome.user.id } });
    expect(signedIn).toMatchObject({ ip: "203.0.113.10", targetId: outcome.user.sessionId, details: { method: "google", secondFactorPending: false } });
  });

  it("signs the linked user in again by subject, whatever email the provider gives now", async () => {
    const identity = googleIdentity();
    const first = await signInWithProvider(identity, browser(), null);
    const again = await signInWithProvider({ ...identity, email: uniqueEmail("renamed") }, browser(), null);
    expect(again).toMatchObject({ kind: "signed_in", newAccount: false });
    if (first.kind !== "signed_in" || again.kind !== "signed_in") throw new Error("not signed in");
    expect(again.user.id).toBe(first.user.id);
    expect(again.user.sessionId).not.toBe(first.user.sessionId);
  });

  it("refuses an unknown identity whose email the provider has not verified, and opens nothing", async () => {
    const identity = googleIdentity({ emailVerified: false });
    expect(await signInWithProvider(identity, browser(), null)).toEqual({ kind: "refused", reason: "email_unverified", linking: false });
    expect(await db.user.count({ where: { email: identity.email! } })).toBe(0);
    expect(await db.auditLog.findFirst({ where: { action: "OIDC_SIGN_IN_REFUSED", details: { path: ["subject"], equals: identity.subject } } })).toMatchObject({
      details: { reason: "email_unverified", provider: "google" },
    });
  });

  it("never signs in or links an existing account by its email, even a verified one: its owner must link it", async () => {
    const owner = await createUser();
    const identity = googleIdentity({ email: owner.email.toUpperCase() });
    expect(await signInWithProvider(identity, browser(), null)).toEqual({ kind: "refused", reason: "email_taken", linking: false });
    expect(await db.session.count({ where: { userId: owner.id } })).toBe(0);
    expect(await listOidcIdentities(owner.id)).toEqual([]);
    expect(await auditActions(owner.id)).toContain("OIDC_SIGN_IN_REFUSED");
  });

  it("refuses a provider that gives no email", async () => {
    expect(await signInWithProvider(googleIdentity({ email: null }), browser(), null)).toMatchObject({ kind: "refused", reason: "no_email" });
  });

  it("never signs staff in through a provider, even with a linked identity", async () => {
    const advisor = await createUser("ADVISOR");
    const identity = googleIdentity({ email: advisor.email });
    await db.oidcIdentity.create({ data: { provider: "google", subject: identity.subject, userId: advisor.id, email: advisor.email } });
    expect(await signInWithProvider(identity, browser(), null)).toMatchObject({ kind: "refused", reason: "staff" });
    expect(await db.session.count({ where: { userId: advisor.id } })).toBe(0);
  });

  it("opens a session that waits for the second factor when the user has one", async () => {
    vi.mocked(hasSecondFactor).mockResolvedValue(true);
    const outcome = await signInWithProvider(googleIdentity(), browser(), null);
    if (outcome.kind !== "signed_in") throw new Error("not signed in");
    expect(outcome.user.secondFactorPending).toBe(true);
    expect(await userOfSession(outcome.user.sessionId)).toBeNull();
    expect(await liveSession(outcome.user.sessionId)).toMatchObject({ id: outcome.user.id, secondFactorPending: true });
  });
});

describe("linking a provider to an existing account", () => {
  it("links the identity to the session's user with that session's intent, once, and audits it", async () => {
    const user = await signedInWithPassword();
    await startOidcLink(user, "google", browser());
    const identity = googleIdentity({ email: uniqueEmail("elsewhere") });

    expect(await signInWithProvider(identity, browser(), user.sessionId)).toEqual({ kind: "linked", provider: "google" });
    expect(await listOidcIdentities(user.id)).toMatchObject([{ provider: "google", email: identity.email }]);
    expect(await auditActions(user.id)).toEqual(expect.arrayContaining(["OIDC_LINK_STARTED", "OIDC_IDENTITY_LINKED"]));

    // The intent is used up: another identity in the same session is not linked.
    const another = googleIdentity({ email: user.email });
    expect(await signInWithProvider(another, browser(), user.sessionId)).toMatchObject({ kind: "refused", reason: "email_taken" });
    expect(await listOidcIdentities(user.id)).toHaveLength(1);

    // The linked identity now signs its owner in.
    const signedIn = await signInWithProvider(identity, browser(), null);
    expect(signedIn).toMatchObject({ kind: "signed_in", user: { id: user.id } });
  });

  it("does not link with another session's intent (an attacker's callback in their own session)", async () => {
    const victim = await signedInWithPassword();
    const attacker = await signedInWithPassword();
    await startOidcLink(victim, "google", browser());
    const identity = googleIdentity({ email: victim.email });
    expect(await signInWithProvider(identity, browser(), attacker.sessionId)).toMatchObject({ kind: "refused", reason: "email_taken" });
    expect(await listOidcIdentities(victim.id)).toEqual([]);
    expect(await listOidcIdentities(attacker.id)).toEqual([]);
  });

  it("does not link with an expired intent, an intent for another provider, or a session waiting for its second factor", async () => {
    const user = await signedInWithPassword();
    await startOidcLink(user, "google", browser());
    await db.oidcLinkIntent.updateMany({ where: { sessionId: user.sessionId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await signInWithProvider(googleIdentity({ email: user.email }), browser(), user.sessionId)).toMatchObject({ kind: "refused" });

    await startOidcLink(user, "google", browser());
    expect(await signInWithProvider(googleIdentity({ provider: "apple", email: user.email }), browser(), user.sessionId)).toMatchObject({
      kind: "refused",
    });

    await db.session.update({ where: { id: user.sessionId }, data: { secondFactorPending: true } });
    expect(await signInWithProvider(googleIdentity({ email: user.email }), browser(), user.sessionId)).toMatchObject({ kind: "refused" });
    expect(await listOidcIdentities(user.id)).toEqual([]);
  });

  it("refuses to link an identity that already signs in another account", async () => {
    const identity = googleIdentity();
    const owner = await signInWithProvider(identity, browser(), null);
    const user = await signedInWithPassword();
    await startOidcLink(user, "google", browser());
    expect(await signInWithProvider(identity, browser(), user.sessionId)).toEqual({ kind: "refused", reason: "linked_elsewhere", linking: true });
    expect(await listOidcIdentities(user.id)).toEqual([]);
    if (owner.kind !== "signed_in") throw new Error("not signed in");
    expect(await listOidcIdentities(owner.user.id)).toHaveLength(1);
  });

  it("starts a link only for a configured provider", async () => {
    const user = await signedInWithPassword();
    delete process.env.GOOGLE_CLIENT_ID;
    delete process.env.GOOGLE_CLIENT_SECRET;
    reloadEnv();
    await expect(startOidcLink(user, "google", browser())).rejects.toBeInstanceOf(InvalidInput);
    await expect(startOidcLink(user, "github", browser())).rejects.toBeInstanceOf(InvalidInput);
    expect(await db.oidcLinkIntent.count({ where: { sessionId: user.sessionId } })).toBe(0);
  });

  it("unlinks the user's own identity (audited) and not someone else's", async () => {
    const outcome = await signInWithProvider(googleIdentity(), browser(), null);
    if (outcome.kind !== "signed_in") throw new Error("not signed in");
    const [identity] = await listOidcIdentities(outcome.user.id);
    const stranger = await signedInWithPassword();

    await expect(unlinkOidcIdentity(stranger, identity!.id, browser())).rejects.toBeInstanceOf(NotFound);
    await expect(unlinkOidcIdentity(stranger, "not-a-uuid", browser())).rejects.toBeInstanceOf(NotFound);
    expect(await listOidcIdentities(outcome.user.id)).toHaveLength(1);

    expect(await unlinkOidcIdentity(outcome.user, identity!.id, browser())).toBe("google");
    expect(await listOidcIdentities(outcome.user.id)).toEqual([]);
    expect(await auditActions(outcome.user.id)).toContain("OIDC_IDENTITY_UNLINKED");
  });
});
