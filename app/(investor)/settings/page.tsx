import type { Metadata } from "next";
import Link from "next/link";
import { CreateTokenForm, RevokeTokenForm } from "@/components/settings/token-forms";
import { listApiTokens } from "@/lib/auth/api-tokens";
import { requirePageUser } from "@/lib/auth/guards";
import type { CurrentUser } from "@/lib/auth/sessions";
import { investmentAccountOf } from "@/lib/payments/deposits";
import { createTokenAction, revokeTokenAction } from "./actions";

export const metadata: Metadata = { title: "Settings" };

const dateFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export default async function SettingsPage() {
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
      {user.role === "INVESTOR" && <ApiAccess user={user} />}
    </main>
  );
}

async function ApiAccess({ user }: { user: CurrentUser }) {
  const [tokens, account] = await Promise.all([listApiTokens(user), investmentAccountOf(user)]);
  return (
    <section aria-labelledby="api-heading" className="card">
      <h2 id="api-heading">API access</h2>
      <p>
        Read your holdings, performance and transactions from your own tools with a personal, read-only token:{" "}
        <code>Authorization: Bearer &lt;token&gt;</code>. Your account id is <code data-testid="account-id">{account.id}</code>, for
        example <code>GET /api/v1/accounts/{account.id}/holdings</code>.
      </p>
      {tokens.length > 0 && (
        <table>
          <caption>Your tokens</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Starts with</th>
              <th scope="col">Created (UTC)</th>
              <th scope="col">Last used (UTC)</th>
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
                <td>{dateFormat.format(token.createdAt)}</td>
                <td>{token.lastUsedAt ? dateFormat.format(token.lastUsedAt) : "Never"}</td>
                <td>
                  <RevokeTokenForm action={revokeTokenAction} tokenId={token.id} name={token.name} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <CreateTokenForm action={createTokenAction} />
    </section>
  );
}
