/**
 * The time zone a user chose for dates and times (Settings). Not audited: it changes how dates read, not money,
 * identity or permissions.
 */
import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { InvalidInput } from "../errors";
import { isTimeZone } from "../format/viewer-format";

/** Saves an IANA zone for the user; "" (or nothing) goes back to the browser's own zone. Returns what was saved. */
export async function setTimeZone(user: CurrentUser, zone: unknown): Promise<string | null> {
  const chosen = typeof zone === "string" ? zone.trim() : "";
  if (chosen !== "" && !isTimeZone(chosen)) throw new InvalidInput("Please correct the highlighted fields.", { timeZone: "Choose a time zone from the list." });
  const timeZone = chosen === "" ? null : chosen;
  await db.user.update({ where: { id: user.id }, data: { timeZone } });
  return timeZone;
}
