import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../scripts/test/factories";
import { localSmtpServer } from "../../scripts/test/smtp";
import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { reloadEnv } from "../env";
import { developmentMailbox } from "../mail/mailbox";
import { emailNotification } from "./email";
import { notify } from "./notify";

let mailDir = "";
beforeAll(async () => {
  mailDir = await mkdtemp(path.join(tmpdir(), "mail-"));
  process.env.MAIL_DIR = mailDir;
  reloadEnv();
});
afterAll(() => rm(mailDir, { recursive: true, force: true }));

async function notified(user: CurrentUser, title = "Deposit of $500.00 received"): Promise<string> {
  await db.$transaction((tx) =>
    notify(tx, { userId: user.id, kind: "DEPOSIT", title, body: "The money is in your account.", link: "/activity", dedupeKey: `test:${crypto.randomUUID()}` }),
  );
  return (await db.notification.findFirstOrThrow({ where: { userId: user.id, title }, select: { id: true } })).id;
}

const emailedAt = async (id: string) => (await db.notification.findUniqueOrThrow({ where: { id } })).emailedAt;

describe("notification emails in development (no SMTP_URL)", () => {
  it("are written once as an .eml file under MAIL_DIR that /dev/mail lists", async () => {
    const user = await createUser("INVESTOR", "Dana Saver");
    const id = await notified(user, "Your identity is verified — Café");
    expect(await emailNotification(id)).toBe("file");
    expect(await emailNotification(id)).toBe("already emailed");
    expect(await emailedAt(id)).toBeInstanceOf(Date);

    const files = (await readdir(mailDir)).filter((name) => name.endsWith(".eml"));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-[0-9a-f-]{36}\.eml$/);
    const raw = await readFile(path.join(mailDir, files[0]!), "utf8");
    expect(raw).toMatch(/\r\n\r\n/); // RFC 5322: CRLF line ends, a blank line after the headers
    expect(raw).toContain(`Message-ID: <notification-${id}@autovest>`);

    const [listed] = await developmentMailbox();
    expect(listed).toMatchObject({ to: user.email, subject: "Your identity is verified — Café" });
    expect(listed!.from).toContain("Autovest");
    expect(listed!.date).toBeInstanceOf(Date);
    expect(listed!.text).toContain("The money is in your account.");
    expect(listed!.text).toContain("/activity");
  });
});

describe("notification emails through SMTP (SMTP_URL set)", () => {
  let smtp: Awaited<ReturnType<typeof localSmtpServer>>;
  beforeAll(async () => {
    smtp = await localSmtpServer();
    Object.assign(process.env, { SMTP_URL: smtp.url, MAIL_FROM: "Autovest <notifications@autovest.test>" });
    reloadEnv();
  });
  afterEach(() => {
    smtp.received.length = 0;
  });
  afterAll(async () => {
    delete process.env.SMTP_URL;
    delete process.env.MAIL_FROM;
    reloadEnv();
    await smtp.close();
  });

  it("go to the mail server once, addressed to the user, and write no file", async () => {
    const user = await createUser();
    const id = await notified(user);
    const filesBefore = (await readdir(mailDir)).length;
    expect(await emailNotification(id)).toBe("smtp");
    expect(await emailNotification(id)).toBe("already emailed");

    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail).toMatchObject({ from: "notifications@autovest.test", to: [user.email] });
    expect(mail!.data).toContain("Subject: Deposit of $500.00 received");
    expect(mail!.data).toContain(`Message-ID: <notification-${id}@autovest>`);
    expect(await emailedAt(id)).toBeInstanceOf(Date);
    expect((await readdir(mailDir)).length).toBe(filesBefore);
  });

  it("are sent once when two runs for the same notification race", async () => {
    const user = await createUser();
    const id = await notified(user);
    const outcomes = await Promise.all([emailNotification(id), emailNotification(id)]);
    expect(outcomes.sort()).toEqual(["already emailed", "smtp"]);
    expect(smtp.received.filter((mail) => mail.to.includes(user.email))).toHaveLength(1);
  });

  it("stay unsent when the server refuses, and go out on the retry", async () => {
    const user = await createUser();
    const id = await notified(user);
    smtp.failNext(1);
    await expect(emailNotification(id)).rejects.toThrow(/mailbox unavailable/);
    expect(await emailedAt(id)).toBeNull();
    expect(smtp.received).toHaveLength(0);

    expect(await emailNotification(id)).toBe("smtp");
    expect(smtp.received).toHaveLength(1);
    expect(await emailedAt(id)).toBeInstanceOf(Date);
  });
});
