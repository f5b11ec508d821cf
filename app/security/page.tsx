import type { Metadata } from "next";
import QRCode from "qrcode";
import { AddPasskeyForm, ConfirmTotpForm, RecoveryCodesForm, RemoveFactorForm, StartTotpForm } from "@/components/security/security-forms";
import { Alert } from "@/components/ui/alert";
import { requirePageUser } from "@/lib/auth/guards";
import { isStaff } from "@/lib/auth/roles";
import { securityOverview } from "@/lib/auth/second-factor/factors";
import { viewerFormatFor } from "@/lib/format/viewer";
import { TableScroll } from "@/components/ui/table-scroll";

export const metadata: Metadata = { title: "Security" };

export default async function SecurityPage() {
  const user = await requirePageUser("/security");
  const format = await viewerFormatFor(user);
  const overview = await securityOverview(user);
  const hasFactor = overview.factors.length > 0;
  const hasTotp = overview.factors.some((factor) => factor.kind === "TOTP");
  const qr = overview.pendingTotp ? await QRCode.toString(overview.pendingTotp.uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" }) : null;
  return (
    <main>
      <h1>Security</h1>
      {!hasFactor && isStaff(user.role) && (
        <Alert tone="info">Staff accounts need a second factor before they reach the advisor dashboard: add an authenticator app or a passkey.</Alert>
      )}
      <p className="lede">
        A second factor keeps your account safe even if someone learns your password: after your password, Autovest asks for a code from
        an authenticator app or for one of your passkeys, and asks again before sensitive changes.
      </p>

      <section aria-labelledby="factors-heading" className="card">
        <h2 id="factors-heading">Your second factors</h2>
        {hasFactor ? (
          <TableScroll label="Your second factors">
            <table>
              <caption className="visually-hidden">Your second factors</caption>
              <thead>
                <tr>
                  <th scope="col">Factor</th>
                  <th scope="col">Added</th>
                  <th scope="col">Last used</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {overview.factors.map((factor) => {
                  const name = factor.kind === "TOTP" ? "Authenticator app" : `Passkey: ${factor.label}`;
                  return (
                    <tr key={factor.id}>
                      <td>{name}</td>
                      <td>{format.dateTime(factor.createdAt)}</td>
                      <td>{factor.lastUsedAt ? format.dateTime(factor.lastUsedAt) : "Never"}</td>
                      <td>
                        <RemoveFactorForm factorId={factor.id} label={name} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableScroll>
        ) : (
          <p data-testid="no-factor">You have no second factor yet.</p>
        )}
      </section>

      <section aria-labelledby="totp-heading" className="card">
        <h2 id="totp-heading">Authenticator app</h2>
        {hasTotp ? (
          <p>Your authenticator app is set up.</p>
        ) : overview.pendingTotp && qr ? (
          <div className="stack">
            <p>Scan this code with your authenticator app (Google Authenticator, 1Password, Authy…), then enter the 6-digit code it shows.</p>
            <div className="totp-qr" role="img" aria-label="QR code for your authenticator app" dangerouslySetInnerHTML={{ __html: qr }} />
            <p>
              Cannot scan? Enter this key in the app: <code data-testid="totp-secret">{overview.pendingTotp.secret}</code>
            </p>
            <ConfirmTotpForm />
          </div>
        ) : (
          <>
            <p>Use an app on your phone that shows a new 6-digit code every 30 seconds.</p>
            <StartTotpForm />
          </>
        )}
      </section>

      <section aria-labelledby="passkeys-heading" className="card">
        <h2 id="passkeys-heading">Passkeys</h2>
        <p>A passkey lives on your device or security key and is unlocked with your fingerprint, face or PIN.</p>
        <AddPasskeyForm />
      </section>

      <section aria-labelledby="recovery-heading" className="card">
        <h2 id="recovery-heading">Recovery codes</h2>
        {hasFactor ? (
          <>
            <p data-testid="recovery-count">
              {overview.hasRecoveryCodes
                ? `${overview.unusedRecoveryCodes} of 10 recovery codes left. Each works once, if you lose your phone or passkey.`
                : "You have no recovery codes yet: make them now and keep them somewhere safe, in case you lose your phone or passkey."}
            </p>
            <RecoveryCodesForm hasCodes={overview.hasRecoveryCodes} />
          </>
        ) : (
          <p>Once you have a second factor, you can make ten single-use recovery codes.</p>
        )}
      </section>
    </main>
  );
}
