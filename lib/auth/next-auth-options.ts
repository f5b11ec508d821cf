import type { CookiesOptions, NextAuthOptions } from "next-auth";
import { cookies } from "next/headers";
import CredentialsProvider from "next-auth/providers/credentials";
import { env } from "../env";
import { DomainError } from "../errors";
import { NO_REQUEST_CONTEXT, type RequestContext } from "../http/request-context";
import { DEVICE_COOKIE_MAX_AGE_SECONDS, deviceCookieName, deviceIdOfCookie, signedDeviceCookie } from "./devices";
import { configuredOidcProviders, isOidcProvider, oidcProviders } from "./oidc/providers";
import { signInWithProvider } from "./oidc/sign-in";
import { signIn, type SignedIn } from "./sign-in";
import { endSession, liveSession, sessionMaxAgeSeconds } from "./sessions";

/**
 * Apple answers with a cross-site form POST, which carries no SameSite=Lax cookie: its PKCE and nonce cookies are
 * SameSite=None (Secure, so only over https). Other providers keep next-auth's defaults.
 */
function crossSiteCheckCookies(): Partial<CookiesOptions> | undefined {
  const { appUrl } = env();
  if (!appUrl.startsWith("https://") || !configuredOidcProviders().some((provider) => provider.id === "apple")) return undefined;
  const options = { httpOnly: true, sameSite: "none", path: "/", secure: true, maxAge: 15 * 60 } as const;
  return {
    pkceCodeVerifier: { name: "__Secure-next-auth.pkce.code_verifier", options },
    nonce: { name: "__Secure-next-auth.nonce", options },
  };
}

class SessionEnded extends Error {
  override name = "SessionEnded";
}

/** Signs in with the browser's device cookie, and (re)sets it: a known device from now on. */
async function signInAndRememberDevice(credentials: Record<string, unknown>, context: RequestContext): Promise<SignedIn> {
  const jar = await cookies();
  const signedIn = await signIn(credentials, context, deviceIdOfCookie(jar.get(deviceCookieName())?.value));
  jar.set(deviceCookieName(), signedDeviceCookie(signedIn.deviceId), {
    httpOnly: true,
    sameSite: "lax",
    secure: deviceCookieName().startsWith("__Host-"),
    path: "/",
    maxAge: DEVICE_COOKIE_MAX_AGE_SECONDS,
  });
  return signedIn;
}

/**
 * next-auth (v4) configuration. The JWT cookie only carries the session id: every request re-reads the
 * session and the user's role from the database, so signing out or a role change takes effect at once.
 * `context` is the request's address and user agent, for the audit trail of sign-in and sign-out;
 * `currentSessionId` is the session of the request's cookie, if any (an OpenID callback links an identity only
 * with a link intent of that same session: lib/auth/oidc/sign-in.ts).
 */
export function authOptions(context: RequestContext = NO_REQUEST_CONTEXT, currentSessionId: string | null = null): NextAuthOptions {
  const appUrl = env().appUrl.replace(/\/$/, "");
  return {
    cookies: crossSiteCheckCookies(),
    secret: env().AUTH_SECRET,
    session: { strategy: "jwt", maxAge: sessionMaxAgeSeconds() },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
        },
        async authorize(credentials) {
          try {
            return await signInAndRememberDevice(credentials ?? {}, context);
          } catch (error) {
            // next-auth hands an error's message to the sign-in form; only ours are fit to show.
            if (error instanceof DomainError) throw new Error(error.message);
            console.error("sign-in failed", error);
            throw new Error("Sign-in is unavailable right now. Please try again.");
          }
        },
      }),
      ...oidcProviders(),
    ],
    callbacks: {
      async signIn({ user, account, profile }) {
        if (!account || !isOidcProvider(account.provider)) return true;
        const claims = (profile ?? {}) as { email?: unknown; email_verified?: unknown; name?: unknown };
        const outcome = await signInWithProvider(
          {
            provider: account.provider,
            subject: account.providerAccountId,
            email: typeof claims.email === "string" ? claims.email : null,
            emailVerified: claims.email_verified === true || claims.email_verified === "true",
            name: typeof claims.name === "string" ? claims.name : null,
          },
          context,
          currentSessionId,
        );
        if (outcome.kind === "linked") return `${appUrl}/settings?linked=${outcome.provider}`;
        if (outcome.kind === "refused") {
          const page = outcome.linking ? "/settings" : "/sign-in";
          return `${appUrl}${page}?oidc_error=${outcome.reason}&provider=${account.provider}`;
        }
        // No adapter: next-auth hands this same object to the jwt callback below, which keeps only our session id.
        Object.assign(user, outcome.user);
        return true;
      },
      async jwt({ token, user }) {
        if (user) return { sub: user.id, sid: user.sessionId, role: user.role, name: user.name, email: user.email };
        // A session waiting for its second factor stays open (the guards keep it out of everything else).
        const current = token.sid ? await liveSession(token.sid) : null;
        if (!current) throw new SessionEnded("session signed out or expired");
        return { ...token, role: current.role, name: current.name, email: current.email };
      },
      session({ session, token }) {
        session.user = {
          id: token.sub ?? "",
          email: token.email ?? "",
          name: token.name ?? "",
          role: token.role ?? "INVESTOR",
          sessionId: token.sid ?? "",
        };
        return session;
      },
    },
    events: {
      async signOut({ token }) {
        if (token?.sid) await endSession(token.sid, context);
      },
    },
    logger: {
      error(code, metadata) {
        // An ended session is an expected outcome (next-auth clears the cookie), not an error.
        const cause = metadata instanceof Error ? metadata : (metadata as { error?: unknown })?.error;
        if (code === "JWT_SESSION_ERROR" && cause instanceof SessionEnded) return;
        console.error(`[next-auth] ${code}`, metadata);
      },
      warn(code) {
        if (code !== "DEBUG_ENABLED") console.warn(`[next-auth] ${code}`);
      },
      debug() {},
    },
  };
}
