import type { Notice } from "../../notifications/notify";

/** The email (and in-app notice) a user gets whenever their second factors change: an intruder cannot do it quietly. */
export function secondFactorChanged(userId: string, change: { what: string; eventId: string }): Notice {
  return {
    userId,
    kind: "SECURITY",
    title: `Security: ${change.what}`,
    body: `${change.what} on your Autovest account. If this was not you, sign in, remove what you do not recognise in Security, and contact us.`,
    link: "/security",
    dedupeKey: `second-factor:${change.eventId}`,
  };
}
