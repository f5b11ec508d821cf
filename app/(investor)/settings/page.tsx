import type { Metadata } from "next";
import Link from "next/link";
import { oidcRefusalMessage } from "@/components/auth/oidc-messages";
import { LinkProviderForm, UnlinkProviderForm } from "@/components/settings/sign-in-methods";
import { CreateTokenForm, RevokeTokenForm } from "@/components/settings/token-forms";
import { TimeZoneForm } from "@/components/settings/time-zone-form";
import { AccountFees } from "@/components/fees/account-fees";
import { Alert } from "@/components/ui/alert";
import { listApiTokens } from "@/lib/auth/api-tokens";
import { requirePageUser } from "@/lib/auth/guards";
import { listOidcIdentities } from "@/lib/auth/oidc/link";
import { feesOf } from "@/lib/fees/views";
import { configuredOidcProviders, isOidcProvider, oidcProviderName } from "@/lib/auth/oidc/providers";
import type { CurrentUser } from "@/lib/auth/sessions";
import { viewerFormatFor } from "@/lib/format/viewer";
import { investmentAccountOf } from "@/lib/payments/deposits";
import { createTokenAction, revokeTokenAction } from "./actions";
import { startLinkAction, unlinkAction } from "./sign-in-method-actions";
import { saveTimeZoneAction } from "./time-zone-actions";
import { TableScroll } from "@/components/ui/table-scroll";

export const metadata: Metadata = { title: "Settings" };

interface SearchParams {
  /** Set by the provider callback after linking (lib/auth/next-auth-options.ts). */
  linked?: string;
  oidc_error?: string;
  provider?: string;
}

export default async function SettingsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requirePageUser("/settings");
  return (
    <main>
      <h1>Settings</h1>
      <section aria-labelledby="security-heading" className="card">
        <h2 id="security-heading">Sign-in and security</h2>
        <p>
          You sign in as <strong>{user.email}</strong>.
        </p>
        <ul>
          <li>
            <Link href="/security">Second factors</Link>: authenticator apps, passkeys and recovery codes
          </li>
          <li>
            <Link href="/settings/password">Change your password</Link>
          </li>
          <li>
            <Link href="/settings/email">Change your email address</Link>
          </li>
          <li>
            <Link href="/settings/sessions">Where you are signed in</Link>: your sessions, and signing out everywhere
          </li>
        </ul>
      </section>
      <section aria-labelledby="time-zone-heading" className="card">
        <h2 id="time-zone-heading">Time zone</h2>
        <TimeZoneForm action={saveTimeZoneAction} saved={user.timeZone ?? null} />
      </section>
      {user.role === "INVESTOR" && <Fees user={user} />}
      {/* Provider sign-in is for investors: staff sign in with their password and second factor. */}
      {user.role === "INVESTOR" && <SignInMethods user={user} searchParams={await searchParams} />}
      {user.role === "INVESTOR" && <ApiAccess user={user} />}
    </main>
  );
}

async function Fees({ user }: { user: CurrentUser }) {
  const account = await investmentAccountOf(user);
  const fees = await feesOf(user.id, account.id);
  return (
    <section aria-labelledby="fees-heading" className="card">
      <h2 id="fees-heading">Fees</h2>
      <AccountFees fees={fees} whose="your" />
    </section>
  );
}

async function ApiAccess({ user }: { user: CurrentUser }) {
  const [tokens, account, format] = await Promise.all([listApiTokens(user), investmentAccountOf(user), viewerFormatFor(user)]);
  return (
    <section aria-labelledby="api-heading" className="card">
      <h2 id="api-heading">API access</h2>
      <p>
        Read your holdings, performance and transactions from your own tools with a personal, read-only token:{" "}
        <code>Authorization: Bearer &lt;token&gt;</code>. Your account id is <code data-testid="account-id">{account.id}</code>, for
        example <code>GET /api/v1/accounts/{account.id}/holdings</code>.
      </p>
      {tokens.length > 0 && (
        <TableScroll label="API tokens">
          <table>
            <caption>Your tokens</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Starts with</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <tr key={token.id}>
                  <td>{token.name}</td>
                  <td>
                    <code>{token.prefix}…</code>
                  </td>
                  <td>{format.dateTime(token.createdAt)}</td>
                  <td>{token.lastUsedAt ? format.dateTime(token.lastUsedAt) : "Never"}</td>
                  <td>
                    <RevokeTokenForm action={revokeTokenAction} tokenId={token.id} name={token.name} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <CreateTokenForm action={createTokenAction} />
    </section>
  );
}

async function SignInMethods({ user, searchParams }: { user: CurrentUser; searchParams: SearchParams }) {
  const [identities, format] = await Promise.all([listOidcIdentities(user.id), viewerFormatFor(user)]);
  const providers = configuredOidcProviders();
  const { linked, oidc_error: refusal, provider } = searchParams;
  if (providers.length === 0 && identities.length === 0) return null;
  return (
    <section aria-labelledby="sign-in-methods-heading" className="card">
      <h2 id="sign-in-methods-heading">Sign-in methods</h2>
      <p>
        Sign in with your password, or with a provider you link here. Linking asks for your second factor again; the
        provider then signs in only to this account.
      </p>
      {isOidcProvider(linked) && <Alert tone="success">{oidcProviderName(linked)} is linked: you can now sign in with it.</Alert>}
      {refusal && <Alert>{oidcRefusalMessage(refusal, isOidcProvider(provider) ? oidcProviderName(provider) : "the provider")}</Alert>}
      {identities.length > 0 && (
        <TableScroll label="Linked sign-in providers">
          <table>
            <caption>Linked providers</caption>
            <thead>
              <tr>
                <th scope="col">Provider</th>
                <th scope="col">Email at the provider</th>
                <th scope="col">Linked</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {identities.map((identity) => (
                <tr key={identity.id}>
                  <td>{oidcProviderName(identity.provider)}</td>
                  <td>{identity.email ?? "Not shared"}</td>
                  <td>{format.dateTime(identity.linkedAt)}</td>
                  <td>
                    <UnlinkProviderForm action={unlinkAction} identityId={identity.id} providerName={oidcProviderName(identity.provider)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {providers.map((configured) => (
        <LinkProviderForm key={configured.id} action={startLinkAction} provider={configured} />
      ))}
    </section>
  );
}
