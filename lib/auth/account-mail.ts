import { env } from "../env";
import type { RequestContext } from "../http/request-context";
import { sendMail, type Mail } from "../mail/send";
import { describeDevice } from "./user-agent";

/**
 * The emails about an account's security. Each is sent after the change it reports has committed; a failure to
 * send is logged, never undoes the change (the user sees the outcome on the page too).
 */
const link = (path: string, token?: string) => `${env().appUrl}${path}${token ? `?token=${encodeURIComponent(token)}` : ""}`;

const timeFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" });

function where(context: RequestContext): string {
  return [`Device: ${describeDevice(context.userAgent)}`, `Address: ${context.ip ?? "unknown"}`, `Time: ${timeFormat.format(new Date())} UTC`].join("\n");
}

function notYou(): string {
  return `If this wasn't you, change your password now: ${link("/forgot-password")}`;
}

export async function deliver(mail: Mail): Promise<void> {
  try {
    await sendMail(mail);
  } catch (error) {
    console.error(`[mail] could not send "${mail.subject}"`, error);
  }
}

export const accountMail = {
  passwordReset: (to: string, token: string): Mail => ({
    to,
    subject: "Choose a new Autovest password",
    text: [
      "Someone (we hope you) asked to reset the password of your Autovest account.",
      "",
      `Choose a new password here (the link works once, for 30 minutes):\n${link("/reset-password", token)}`,
      "",
      "If you did not ask, ignore this email: your password stays as it is.",
    ].join("\n"),
  }),

  passwordChanged: (to: string, context: RequestContext, how: "changed" | "reset"): Mail => ({
    to,
    subject: "Your Autovest password was changed",
    text: [
      `The password of your Autovest account was ${how === "reset" ? "reset through a link sent to this address" : "changed"}, and every other session was signed out.`,
      "",
      where(context),
      "",
      notYou(),
    ].join("\n"),
  }),

  signUpWithTakenEmail: (to: string, context: RequestContext): Mail => ({
    to,
    subject: "Someone tried to open an Autovest account with your address",
    text: [
      "Someone (perhaps you) tried to open a new Autovest account with this email address, which already has one.",
      "Nothing was changed. If it was you, sign in instead, or choose a new password here:",
      link("/forgot-password"),
      "",
      where(context),
    ].join("\n"),
  }),

  emailVerification: (to: string, token: string): Mail => ({
    to,
    subject: "Confirm your email address for Autovest",
    text: [
      "Welcome to Autovest. Confirm that this is your email address (deposits wait for it):",
      link("/verify-email", token),
      "",
      "If you did not open an Autovest account, ignore this email.",
    ].join("\n"),
  }),

  emailChangeToNew: (to: string, token: string): Mail => ({
    to,
    subject: "Confirm your new Autovest email address",
    text: [
      "You asked to use this address for your Autovest account. It changes only once you confirm (the link works once, for 24 hours):",
      link("/confirm-email", token),
      "",
      "If you did not ask, ignore this email.",
    ].join("\n"),
  }),

  emailChangeToOld: (to: string, newEmail: string, context: RequestContext, reportToken: string): Mail => ({
    to,
    subject: "Your Autovest email address is being changed",
    text: [
      `Someone signed in to your Autovest account asked to change its email address to ${newEmail}. It changes once that address confirms.`,
      "",
      where(context),
      "",
      `If this wasn't you, tell us here: it cancels the change and signs every session out.\n${link("/not-me", reportToken)}`,
      "Then choose a new password.",
    ].join("\n"),
  }),

  emailChanged: (to: string, newEmail: string): Mail => ({
    to,
    subject: "Your Autovest email address was changed",
    text: `The email address of your Autovest account is now ${newEmail}. Sign in with it from now on.`,
  }),

  newDevice: (to: string, context: RequestContext): Mail => ({
    to,
    subject: "New sign-in to your Autovest account",
    text: ["Your Autovest account was just signed in to from a device it has not been used from before.", "", where(context), "", notYou()].join("\n"),
  }),
};
