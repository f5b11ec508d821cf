import { emailNotification } from "@/lib/notifications/email";
import { inngest, notificationCreated } from "../client";

/**
 * Emails each new notification (SMTP, or an .eml file in development). The step is safe to run again: the
 * notification's emailedAt, set in the sending transaction, stops a second send (lib/notifications/email.ts).
 */
export const sendNotificationEmail = inngest.createFunction(
  // A few at a time: each send holds a database connection while the mail server answers.
  { id: "send-notification-email", triggers: [notificationCreated], concurrency: { limit: 5 }, retries: 8 },
  async ({ event, step }) => step.run("send the email", () => emailNotification(event.data.notificationId)),
);
