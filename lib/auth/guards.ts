import { getServerSession } from "next-auth";
import { forbidden, redirect } from "next/navigation";
import { after, connection } from "next/server";
import { cache } from "react";
import { Forbidden, NotFound, Unauthenticated } from "../errors";
import type { Role } from "../generated/prisma/client";
import { authOptions } from "./next-auth-options";
import { ownAccount } from "./ownership";
import { readerOfApiToken, recordApiTokenUse, type TokenReader } from "./api-tokens";
import type { CurrentUser } from "./sessions";

/** The signed-in user of this request (one database read per request, however often it is asked). */
export const currentUser = cache(async (): Promise<CurrentUser | null> => {
  await connection(); // per request, never at build time (when no configuration exists)
  const session = await getServerSession(authOptions());
  const user = session?.user;
  return user?.id && user.sessionId ? user : null;
});

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
