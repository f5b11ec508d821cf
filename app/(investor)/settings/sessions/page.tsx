import type { Metadata } from "next";
import Link from "next/link";
import { AccountForm } from "@/components/account/account-form";
import { listSessions } from "@/lib/auth/account-sessions";
import { requirePageUser } from "@/lib/auth/guards";
import { revokeSessionAction, signOutEverywhereAction } from "../account-actions";
import { viewerFormatFor } from "@/lib/format/viewer";

export const metadata: Metadata = { title: "Where you are signed in" };

export default async function SessionsPage() {
  const user = await requirePageUser("/settings/sessions");
  const format = await viewerFormatFor(user);
  const sessions = await listSessions(user);
  return (
    <main>
      <h1>Where you are signed in</h1>
      <p className="lede">
        Each browser signed in to your account. The address is the one recorded when it signed in; we do not look up where an address
        is. If you do not recognise one, sign it out and change your password.
      </p>
      <table className="stacked-table">
        <caption>Your sessions</caption>
        <thead>
          <tr>
            <th scope="col">Device</th>
            <th scope="col">Address</th>
            <th scope="col">Started</th>
            <th scope="col">Last used</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((session) => {
            const device = `${session.device.browser} on ${session.device.os}`;
            return (
              <tr key={session.id} aria-label={session.isCurrent ? `${device} (this device)` : device}>
                <td data-label="Device">
                  {device}
                  {session.isCurrent && <strong className="status status-succeeded"> · this device</strong>}
                </td>
                <td data-label="Address">{session.ip ?? "not recorded"}</td>
                <td data-label="Started">{format.dateTime(session.startedAt)}</td>
                <td data-label="Last used">{format.dateTime(session.lastSeenAt)}</td>
                <td>
                  <AccountForm action={revokeSessionAction} hidden={{ sessionId: session.id }} submitLabel="End this session" quiet keepAfterSuccess />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <section aria-labelledby="everywhere-heading" className="card">
        <h2 id="everywhere-heading">Sign out everywhere</h2>
        <p>Every session ends, this one included: you, and anyone else, must sign in again.</p>
        <AccountForm action={signOutEverywhereAction} submitLabel="Sign out everywhere" />
      </section>
      <p>
        <Link href="/settings">Back to settings</Link>
      </p>
    </main>
  );
}
