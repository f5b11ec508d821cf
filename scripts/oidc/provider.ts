/**
 * A local OpenID provider for development and the browser tests: panva's `oidc-provider` (a certified OpenID
 * Connect server) with discovery, authorization, token, JWKS and userinfo, one client for Autovest, and a login
 * page of its own where anyone types the email to sign in as. It stands in for Google: it is NOT Google, and says
 * so on every page. Never used in production (lib/env.ts refuses GOOGLE_ISSUER there).
 *
 *     tsx scripts/oidc/provider.ts [--port 8290] [--app http://localhost:3000]
 *
 * Two test switches on the login page make it misbehave on purpose, to prove the app refuses what a real
 * provider would never send: an ID token re-signed (with the provider's own key) as from another issuer, or for
 * another client.
 */
import { createHash, generateKeyPairSync, sign, type JsonWebKey } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { parseArgs } from "node:util";
import Provider, { type Configuration } from "oidc-provider";

export const LOCAL_OIDC_CLIENT_ID = "autovest-local";
export const LOCAL_OIDC_CLIENT_SECRET = "autovest-local-client-secret-not-for-production";

/** How the ID token of a sign-in is delivered: as the provider signed it, or re-signed with a wrong claim. */
export const ID_TOKEN_MODES = ["genuine", "other-issuer", "other-client"] as const;
type IdTokenMode = (typeof ID_TOKEN_MODES)[number];

interface TestAccount {
  email: string;
  emailVerified: boolean;
  name: string;
  idToken: IdTokenMode;
}

export interface LocalOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  stop(): Promise<void>;
}

/** The subject of a test account: the same email (and verification) always signs in as the same person. */
export function localSubjectOf(email: string, emailVerified: boolean): string {
  return `local-${createHash("sha256").update(`${email.trim().toLowerCase()}|${emailVerified}`).digest("hex").slice(0, 20)}`;
}

export async function startLocalOidcProvider(options: { port: number; appUrls: string[] }): Promise<LocalOidcProvider> {
  const issuer = `http://localhost:${options.port}`;
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const signingKey = { ...(privateKey.export({ format: "jwk" }) as JsonWebKey), kid: "local-test-key", alg: "RS256", use: "sig" };
  const accounts = new Map<string, TestAccount>();

  const configuration: Configuration = {
    clients: [
      {
        client_id: LOCAL_OIDC_CLIENT_ID,
        client_secret: LOCAL_OIDC_CLIENT_SECRET,
        redirect_uris: options.appUrls.map((url) => `${url.replace(/\/$/, "")}/api/auth/callback/google`),
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    jwks: { keys: [signingKey as never] },
    cookies: { keys: [createHash("sha256").update(signingKey.d ?? "").digest("hex")] },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    // next-auth reads the profile from the ID token, as it does with Google's: put the scopes' claims in it.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    async findAccount(_ctx, sub) {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: () => ({ sub, email: account.email, email_verified: account.emailVerified, name: account.name }),
      };
    },
  };
  const provider = new Provider(issuer, configuration);

  // The misbehaving test switches: the token response carries an ID token with a wrong issuer or audience,
  // correctly signed with this provider's key (so only the claim checks can catch it).
  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as { id_token?: unknown } | undefined;
    if (ctx.oidc?.route !== "token" || typeof body?.id_token !== "string") return;
    const [header, payload] = body.id_token.split(".").slice(0, 2).map((part) => JSON.parse(Buffer.from(part, "base64url").toString()));
    const mode = accounts.get(payload.sub)?.idToken ?? "genuine";
    if (mode === "genuine") return;
    const forged = mode === "other-issuer" ? { ...payload, iss: `${issuer}/another-issuer` } : { ...payload, aud: "another-client" };
    body.id_token = signJwt(header, forged, privateKey);
  });

  const interactions = async (req: IncomingMessage, res: ServerResponse) => {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name === "consent") {
      // Autovest is this provider's own first-party client: consent is granted without a page.
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ accountId: details.session!.accountId, clientId: String(details.params.client_id) });
      if (!grant) throw new Error("grant not found");
      const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
      return;
    }
    if (req.method === "POST") {
      const form = new URLSearchParams(await bodyOf(req));
      if (form.get("action") === "cancel") {
        await provider.interactionFinished(req, res, { error: "access_denied", error_description: "The user cancelled." }, { mergeWithLastSubmission: false });
        return;
      }
      const email = (form.get("email") ?? "").trim();
      const emailVerified = form.get("email_verified") === "on";
      const idToken = (ID_TOKEN_MODES as readonly string[]).includes(form.get("id_token") ?? "") ? (form.get("id_token") as IdTokenMode) : "genuine";
      if (!email.includes("@")) {
        page(res, loginPage(details.uid, "Enter an email address."));
        return;
      }
      const sub = localSubjectOf(email, emailVerified);
      accounts.set(sub, { email, emailVerified, name: (form.get("name") ?? "").trim() || email.split("@")[0]!, idToken });
      await provider.interactionFinished(req, res, { login: { accountId: sub } }, { mergeWithLastSubmission: false });
      return;
    }
    page(res, loginPage(details.uid));
  };

  const callback = provider.callback();
  const server: Server = createServer((req, res) => {
    if (req.url?.startsWith("/interaction/")) {
      interactions(req, res).catch((error: unknown) => {
        res.statusCode = 400;
        page(res, `<h1>Local test provider</h1><p>${escapeHtml(error instanceof Error ? error.message : String(error))}</p>`);
      });
      return;
    }
    void callback(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => resolve());
  });
  return {
    issuer,
    clientId: LOCAL_OIDC_CLIENT_ID,
    clientSecret: LOCAL_OIDC_CLIENT_SECRET,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function signJwt(header: object, payload: object, key: Parameters<typeof sign>[2]): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString("base64url");
  const input = `${encode(header)}.${encode(payload)}`;
  return `${input}.${sign("sha256", Buffer.from(input), key).toString("base64url")}`;
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  let body = "";
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) throw new Error("form too large");
  }
  return body;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(res: ServerResponse, body: string) {
  res.setHeader("content-type", "text/html; charset=utf-8");
  res.setHeader("cache-control", "no-store");
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Local test OpenID provider (not Google)</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#fff7e6;color:#1f1f1f}
main{max-width:28rem;margin:2rem auto;padding:1.5rem;background:#fff;border:3px dashed #b45309;border-radius:12px}
.banner{background:#b45309;color:#fff;padding:.5rem 1rem;text-align:center;font-weight:600}
label{display:block;margin:.75rem 0 .25rem;font-weight:600}
input[type=email],input[type=text],select{width:100%;box-sizing:border-box;padding:.6rem;font:inherit;border:1px solid #888;border-radius:6px}
.check{display:flex;gap:.5rem;align-items:center;font-weight:400}
button{font:inherit;padding:.6rem 1.2rem;border-radius:6px;border:1px solid #1f1f1f;background:#1f1f1f;color:#fff;margin-top:1rem;margin-right:.5rem}
button.secondary{background:#fff;color:#1f1f1f}
.error{color:#b91c1c;font-weight:600}
small{color:#555}
</style></head><body><div class="banner">Local test provider: this is not Google. For development and tests only.</div><main>${body}</main></body></html>`);
}

function loginPage(uid: string, error?: string): string {
  return `<h1>Sign in to the local test provider</h1>
<p>No password: type any email to sign in as that person. Autovest receives it as a Google account would be.</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ""}
<form method="post" action="/interaction/${escapeHtml(uid)}">
<label for="email">Email</label><input id="email" name="email" type="email" required autocomplete="off">
<label for="name">Name</label><input id="name" name="name" type="text" autocomplete="off">
<label class="check"><input type="checkbox" name="email_verified" checked> The provider has verified this email</label>
<label for="id_token">ID token (test switch)</label>
<select id="id_token" name="id_token">
<option value="genuine">Genuine</option>
<option value="other-issuer">Re-signed as from another issuer (must be refused)</option>
<option value="other-client">Re-signed for another client (must be refused)</option>
</select>
<button type="submit" name="action" value="login">Sign in</button><button type="submit" name="action" value="cancel" class="secondary" formnovalidate>Cancel</button>
</form>
<p><small>panva/oidc-provider, run by scripts/oidc/provider.ts.</small></p>`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { port: { type: "string", default: "8290" }, app: { type: "string", default: "http://localhost:3000" } } });
  const started = await startLocalOidcProvider({ port: Number(values.port), appUrls: [values.app!] });
  console.log(`Local test OpenID provider (not Google) at ${started.issuer}: client ${started.clientId} / ${started.clientSecret}`);
}
