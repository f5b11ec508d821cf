/**
 * How the person looking at a page wants dates and numbers: their locale (the browser's Accept-Language) and
 * their time zone (their own setting, else the zone their browser reported in the `tz` cookie, else New York,
 * the market's zone). Server components format with these so a date reads the same as on the person's clock.
 */
import { cookies, headers } from "next/headers";
import { DEFAULT_TIME_ZONE, formatsFor, isTimeZone, localeFrom, TIME_ZONE_COOKIE, type Viewer, type ViewerFormat } from "./viewer-format";

export * from "./viewer-format";

/** The viewer's locale and zone; `preferredZone` is the signed-in user's own setting when they have one. */
export async function viewer(preferredZone?: string | null): Promise<Viewer> {
  const [h, c] = await Promise.all([headers(), cookies()]);
  const cookieZone = c.get(TIME_ZONE_COOKIE)?.value;
  const timeZone = isTimeZone(preferredZone) ? preferredZone : isTimeZone(cookieZone) ? cookieZone : DEFAULT_TIME_ZONE;
  return { locale: localeFrom(h.get("accept-language")), timeZone };
}

/** Formatters for the current request's viewer. */
export async function viewerFormat(preferredZone?: string | null): Promise<ViewerFormat> {
  return formatsFor(await viewer(preferredZone));
}

/** Formatters for a signed-in user (their own zone when they chose one in Settings), else the request's viewer. */
export async function viewerFormatFor(user: { timeZone?: string | null } | null | undefined): Promise<ViewerFormat> {
  return viewerFormat(user?.timeZone);
}
