import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { InngestTestEngine } from "@inngest/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../scripts/test/factories";
import { db } from "@/lib/db";
import { reloadEnv } from "@/lib/env";
import { developmentMailbox } from "@/lib/mail/mailbox";
import { notify } from "@/lib/notifications/notify";
import { sendNotificationEmail } from "./send-notification-email";

let mailDir = "";
beforeAll(async () => {
  mailDir = await mkdtemp(path.join(tmpdir(), "mail-"));
  process.env.MAIL_DIR = mailDir;
  reloadEnv();
});
afterAll(() => rm(mailDir, { recursive: true, force: true }));

describe("the send-notification-email function", () => {
  it("emails the notification its outbox event names, and nothing when it runs again for it", async () => {
    const user = await createUser();
    const [outboxId] = await db.$transaction((tx) =>
      notify(tx, { userId: user.id, kind: "DEPOSIT", title: "Deposit of $500.00 received", body: "The money is in your account.", link: "/activity", dedupeKey: `test:${user.id}` }),
    );
    const { data } = await db.outboxEvent.findUniqueOrThrow({ where: { id: outboxId } });
    const event = { id: outboxId!, name: "notification/created" as const, data: data as { notificationId: string } };

    const first = await new InngestTestEngine({ function: sendNotificationEmail, events: [event] }).execute();
    expect(first.result).toBe("file");
    const again = await new InngestTestEngine({ function: sendNotificationEmail, events: [event] }).execute();
    expect(again.result).toBe("already emailed");

    expect(await readdir(mailDir)).toHaveLength(1);
    const [mail] = await developmentMailbox();
    expect(mail).toMatchObject({ to: user.email, subject: "Deposit of $500.00 received" });
    expect((await db.notification.findFirstOrThrow({ where: { userId: user.id } })).emailedAt).toBeInstanceOf(Date);
  });
});
