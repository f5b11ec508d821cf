import { getServerSession } from "next-auth";
import { forbidden, redirect } from "next/navigation";
import { connection } from "next/server";
import { cache } from "react";
import { Forbidden, Unauthenticated } from "../errors";
import type { Role } from "../generated/prisma/client";
import { authOptions } from "./next-auth-options";
import { userOfApiToken } from "./api-tokens";
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

/**
 * For the read-only JSON API: a personal token (`Authorization: Bearer av_…`, GET only) or the browser session.
 */
export async function requireApiReader(request: Request): Promise<CurrentUser> {
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const [scheme, token] = authorization.split(" ");
    if (scheme?.toLowerCase() !== "bearer" || !token) throw new Unauthenticated("Send the token as: Authorization: Bearer <token>.");
    if (request.method !== "GET") throw new Forbidden("API tokens are read-only.");
    const user = await userOfApiToken(token);
    if (!user) throw new Unauthenticated("The API token is not valid (revoked, or never issued).");
    return user;
  }
  return requireUser(["INVESTOR"]);
}
