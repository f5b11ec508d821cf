import { randomUUID } from "node:crypto";
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "../env";

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** A Message-ID of our own (e.g. one per notification), so a copy sent twice is recognisably the same message. */
  messageId?: string;
}

export type Delivery =
  | { via: "smtp"; messageId: string }
  | { via: "file"; messageId: string; file: string }
  /** Production without SMTP_URL: the notification stays in the app, no email goes out. */
  | { via: "none" };

/**
 * Sends one plain-text email: through SMTP when SMTP_URL is set; otherwise, outside production, as an .eml
 * file (RFC 5322, CRLF line ends) under MAIL_DIR for /dev/mail; in production without SMTP, it logs and skips
 * (email is optional: every notification is in the app's notification centre).
 */
export async function sendMail(mail: Mail): Promise<Delivery> {
  const config = env();
  const message = { from: config.MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text, messageId: mail.messageId };
  if (config.SMTP_URL) {
    const info = await smtpTransport(config.SMTP_URL).sendMail(message);
    return { via: "smtp", messageId: info.messageId };
  }
  if (config.isProduction) {
    console.warn(`[mail] SMTP_URL is not set: email "${mail.subject}" not sent`);
    return { via: "none" };
  }
  const info = await fileTransport.sendMail(message);
  const file = await writeEml(config.MAIL_DIR, info.message as Buffer);
  return { via: "file", messageId: info.messageId, file };
}

// Composes the message exactly as SMTP would carry it, into a buffer instead of onto a socket.
const fileTransport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "windows" });

let smtp: { url: string; transport: Transporter } | undefined;

/** One pooled-per-process transport for the configured server (a new one if the URL changes, as in tests). */
function smtpTransport(url: string): Transporter {
  if (smtp?.url !== url) {
    smtp?.transport.close();
    smtp = { url, transport: nodemailer.createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 }) };
  }
  return smtp.transport;
}

/** Named by time then a random id, so a directory listing is in sending order; renamed into place whole. */
async function writeEml(directory: string, message: Buffer): Promise<string> {
  await mkdir(directory, { recursive: true });
  const name = `${new Date().toISOString().replace(/[:.]/g, "-")}-${randomUUID()}.eml`;
  const file = path.join(directory, name);
  await writeFile(`${file}.partial`, message);
  await rename(`${file}.partial`, file);
  return file;
}
