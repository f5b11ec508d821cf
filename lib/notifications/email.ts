import { db } from "../db";
import { env } from "../env";
import { sendMail, type Delivery } from "../mail/send";

export type EmailOutcome = Delivery["via"] | "already emailed" | "no such notification";

/**
 * Emails a notification to its user, at most once per notification as far as we can make it so.
 *
 * The row is locked (FOR UPDATE) and re-checked for `emailedAt IS NULL` before sending, and `emailedAt` is set
 * in the same transaction after the mail server accepted the message. So a step retried after a send that
 * committed, or a second run for the same event at the same moment (it waits for the lock, then sees
 * emailedAt), sends nothing. A failed send rolls back and the step is retried. The one duplicate left is
 * unavoidable: the server accepted the message and then our commit failed (SMTP has no idempotency key); the
 * Message-ID is the notification's own, so mail clients can tell the copy for what it is.
 */
export async function emailNotification(notificationId: string): Promise<EmailOutcome> {
  return db.$transaction(
    async (tx) => {
      const [row] = await tx.$queryRaw<{ title: string; body: string; link: string | null; emailedAt: Date | null; email: string }[]>`
        SELECT n."title", n."body", n."link", n."emailedAt", u."email"
        FROM "Notification" n JOIN "User" u ON u."id" = n."userId"
        WHERE n."id" = ${notificationId}::uuid
        FOR UPDATE OF n`;
      if (!row) return "no such notification";
      if (row.emailedAt) return "already emailed";
      const delivery = await sendMail({ to: row.email, subject: row.title, text: emailText(row), messageId: `<notification-${notificationId}@autovest>` });
      if (delivery.via !== "none") await tx.notification.update({ where: { id: notificationId }, data: { emailedAt: new Date() } });
      return delivery.via;
    },
    // Holds one connection while the mail server answers (its own timeouts are 10–20 s).
    { timeout: 60_000, maxWait: 10_000 },
  );
}

function emailText(notification: { title: string; body: string; link: string | null }): string {
  const app = env().appUrl;
  return [
    notification.title,
    "",
    notification.body,
    ...(notification.link ? ["", `${app}${notification.link}`] : []),
    "",
    `All your notifications: ${app}/notifications`,
    "",
    "— Autovest",
  ].join("\n");
}
