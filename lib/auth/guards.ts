import { getToken } from "next-auth/jwt";
import { cookies } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { after, connection } from "next/server";
import { cache } from "react";
import { Forbidden, NotFound, Unauthenticated } from "../errors";
import type { Role } from "../generated/prisma/client";
import { env } from "../env";
import { ownAccount } from "./ownership";
import { readerOfApiToken, recordApiTokenUse, type TokenReader } from "./api-tokens";
import { recordSessionActivity } from "./account-sessions";
import { liveSession, userOfSession, type CurrentUser } from "./sessions";

/**
 * The signed-in user of this request (one database read per request, however often it is asked): the session
 * cookie's JWT is opened, and the session it names is read with its user's current role, as next-auth's `jwt`
 * callback does (lib/auth/next-auth-options.ts). Opening the cookie directly rather than through
 * getServerSession spares a re-signing of the token on every page, which a server component cannot set anyway.
 * Only the cookie counts here: an `Authorization` header is an API token's (requireApiReader).
 */
export const currentUser = cache(async (): Promise<CurrentUser | null> => {
  const sessionId = await sessionIdOfCookie();
  const user = sessionId ? await userOfSession(sessionId) : null;
  // The sessions page's "last used", written after the response so no request waits for it.
  if (user) after(() => recordSessionActivity(user.sessionId));
  return user;
});

/** The session id in this request's next-auth cookie, if its JWT is valid. */
const sessionIdOfCookie = cache(async (): Promise<string | null> => {
  await connection(); // per request, never at build time (when no configuration exists)
  // getToken reads the cookie (however next-auth chunked it) from anything with getAll(), as next/headers' has.
  const req = { cookies: await cookies(), headers: new Headers() } as unknown as Parameters<typeof getToken>[0]["req"];
  const token = await getToken({ req, secret: env().AUTH_SECRET });
  return typeof token?.sid === "string" ? token.sid : null;
});

/**
 * The user whose session has passed the first factor and waits for the second (the second-factor step of signing
 * in is the only place that asks): null for anyone else, fully signed-in users included.
 */
export async function pendingSecondFactorUser(): Promise<CurrentUser | null> {
  const sessionId = await sessionIdOfCookie();
  const session = sessionId ? await liveSession(sessionId) : null;
  if (!session?.secondFactorPending) return null;
  const { secondFactorPending: _pending, ...user } = session;
  return user;
}

/**
 * For pages: a signed-out visitor is sent to sign in and brought back to `returnTo`; a signed-in user
 * without one of `roles` gets the 403 page.
 */
export async function requirePageUser(returnTo: string, roles?: readonly Role[]): Promise<CurrentUser> {
  const user = await currentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  if (roles && !roles.includes(user.role)) forbidden();
  return user;
}

/** For route handlers and server actions: throws, and the caller's error mapping answers 401 or 403. */
export async function requireUser(roles?: readonly Role[]): Promise<CurrentUser> {
  const user = await currentUser();
  if (!user) throw new Unauthenticated();
  if (roles && !roles.includes(user.role)) throw new Forbidden();
  return user;
}

/** The bearer token of an API request, checked; its last use is recorded after the response. */
async function tokenReader(request: Request, authorization: string, accountId?: string): Promise<TokenReader> {
  const [scheme, token] = authorization.split(" ");
  if (scheme?.toLowerCase() !== "bearer" || !token) throw new Unauthenticated("Send the token as: Authorization: Bearer <token>.");
  if (request.method !== "GET") throw new Forbidden("API tokens are read-only.");
  const reader = await readerOfApiToken(token, accountId);
  if (!reader) throw new Unauthenticated("The API token is not valid (revoked, or never issued).");
  if (reader.useIsStale) after(() => recordApiTokenUse(reader.tokenId));
  return reader;
}

/**
 * For the read-only JSON API: a personal token (`Authorization: Bearer av_…`, GET only) or the browser session.
 */
export async function requireApiReader(request: Request): Promise<CurrentUser> {
  const authorization = request.headers.get("authorization");
  if (authorization) return (await tokenReader(request, authorization)).user;
  return requireUser(["INVESTOR"]);
}

/**
 * For the JSON API's account routes: the reader (as `requireApiReader`) and their own account `accountId`, or
 * 404 for anyone else's (never revealing that it exists). A token is checked with the account in one query.
 */
export async function requireAccountReader(request: Request, accountId: string): Promise<{ user: CurrentUser; account: { id: string; currency: string } }> {
  const authorization = request.headers.get("authorization");
  if (!authorization) {
    const user = await requireUser(["INVESTOR"]);
    return { user, account: await ownAccount(user, accountId) };
  }
  const reader = await tokenReader(request, authorization, accountId);
  if (!reader.account) throw new NotFound("No such account.");
  return { user: reader.user, account: reader.account };
}
