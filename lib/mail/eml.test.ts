import nodemailer from "nodemailer";
import { describe, expect, it } from "vitest";
import { decodeWords, parseEml } from "./eml";

const compose = async (mail: { subject: string; text: string; textEncoding?: "quoted-printable" | "base64" }) =>
  (await nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "windows" }).sendMail({ from: "Autovest <n@autovest.test>", to: "dana@example.com", ...mail }))
    .message as Buffer;

describe("reading back the emails we write", () => {
  it("gives the subject, addresses, date and text of a plain ASCII message", async () => {
    const parsed = parseEml((await compose({ subject: "Deposit of $500.00 received", text: "The money is in your account.\n\nhttp://localhost:3000/activity" })).toString("utf8"));
    expect(parsed).toMatchObject({ subject: "Deposit of $500.00 received", to: "dana@example.com", from: "Autovest <n@autovest.test>" });
    expect(parsed.date).toBeInstanceOf(Date);
    expect(parsed.text).toBe("The money is in your account.\n\nhttp://localhost:3000/activity");
  });

  it("decodes accented text and long lines in either transfer encoding, and encoded-word subjects", async () => {
    const text = `We could not verify your identity: the café’s address on the document is blurred. ${"Please upload a clearer scan. ".repeat(4)}`.trim();
    for (const textEncoding of ["quoted-printable", "base64"] as const) {
      const parsed = parseEml((await compose({ subject: "Vérification — refusée", text, textEncoding })).toString("utf8"));
      expect(parsed.headers["content-transfer-encoding"]).toBe(textEncoding);
      expect(parsed.subject).toBe("Vérification — refusée");
      expect(parsed.text).toBe(text);
    }
  });

  it("joins adjacent encoded words without the space between them", () => {
    expect(decodeWords("=?UTF-8?Q?Caf=C3=A9?= =?UTF-8?B?4oCU?= ok")).toBe("Café— ok");
  });
});
