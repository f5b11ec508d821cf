import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { requirePageUser } from "@/lib/auth/guards";
import { env } from "@/lib/env";
import { developmentMailbox } from "@/lib/mail/mailbox";
import { viewerFormatFor } from "@/lib/format/viewer";

export const metadata: Metadata = { title: "Development mail" };

/**
 * The emails the app wrote to MAIL_DIR instead of sending them (development and tests, without SMTP_URL),
 * newest first. A tool for developers, like a local mail catcher (any signed-in user sees every email): it does
 * not exist in production.
 */
export default async function DevelopmentMailPage() {
  await connection(); // read at request time, never at build time
  if (env().isProduction) notFound();
  // Signed in, at least: a shared test or staging instance should not show its mail to passers-by.
  const user = await requirePageUser("/dev/mail");
  const format = await viewerFormatFor(user);
  const mails = await developmentMailbox();
  return (
    <main>
      <h1>Development mail</h1>
      <p className="lede">
        {env().SMTP_URL
          ? "SMTP_URL is set: emails go to that server, not here."
          : `Emails written to ${env().MAIL_DIR} instead of being sent, newest first (the last ${mails.length}).`}
      </p>
      {mails.length === 0 ? (
        <p>No emails yet.</p>
      ) : (
        <ul className="notes" aria-label="Emails, newest first">
          {mails.map((mail) => (
            <li key={mail.file} className="card">
              <article aria-label={mail.subject}>
                <h2>{mail.subject}</h2>
                <dl>
                  <dt>To</dt>
                  <dd>{mail.to}</dd>
                  <dt>From</dt>
                  <dd>{mail.from}</dd>
                  <dt>Sent</dt>
                  <dd>{mail.date ? <time dateTime={mail.date.toISOString()}>{format.preciseDateTime(mail.date)}</time> : "unknown"}</dd>
                </dl>
                <p>{mail.text}</p>
              </article>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
