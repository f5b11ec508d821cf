/**
 * How the person looking at a page wants dates and numbers: their locale (the browser's Accept-Language) and
 * their time zone (their own setting, else the zone their browser reported in the `tz` cookie, else New York,
 * the market's zone). Server components format with these so a date reads the same as on the person's clock.
 */
import { cookies, headers } from "next/headers";

export const DEFAULT_TIME_ZONE = "America/New_York";
export const DEFAULT_LOCALE = "en-US";
/** The cookie a small client script sets to the browser's own IANA zone. */
export const TIME_ZONE_COOKIE = "tz";

export function isTimeZone(zone: unknown): zone is string {
  if (typeof zone !== "string" || zone.length === 0 || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The first supported locale of an Accept-Language header, else en-US. */
export function localeFrom(acceptLanguage: string | null | undefined): string {
  for (const part of (acceptLanguage ?? "").split(",")) {
    const tag = part.split(";")[0]!.trim();
    if (!tag || tag === "*") continue;
    try {
      const [supported] = Intl.DateTimeFormat.supportedLocalesOf([tag]);
      if (supported) return supported;
    } catch {
      // not a well-formed tag: try the next
    }
  }
  return DEFAULT_LOCALE;
}

export interface Viewer {
  locale: string;
  timeZone: string;
}

/** The viewer's locale and zone; `preferredZone` is the signed-in user's own setting when they have one. */
export async function viewer(preferredZone?: string | null): Promise<Viewer> {
  const [h, c] = await Promise.all([headers(), cookies()]);
  const cookieZone = c.get(TIME_ZONE_COOKIE)?.value;
  const timeZone = isTimeZone(preferredZone) ? preferredZone : isTimeZone(cookieZone) ? cookieZone : DEFAULT_TIME_ZONE;
  return { locale: localeFrom(h.get("accept-language")), timeZone };
}

export interface ViewerFormat extends Viewer {
  /** 2 Dec 2026 / Dec 2, 2026 */
  date: (d: Date) => string;
  /** date and time, with the zone's short name */
  dateTime: (d: Date) => string;
  /** time of day with the zone's short name */
  time: (d: Date) => string;
  /** A calendar day given as YYYY-MM-DD (no zone shift: it is already a day). */
  day: (isoDay: string) => string;
}

export function formatsFor({ locale, timeZone }: Viewer): ViewerFormat {
  const date = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone });
  const zoneName = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: "short" });
  const time = new Intl.DateTimeFormat(locale, { hour: "numeric", minute: "2-digit", timeZone });
  const day = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  const zoneOf = (d: Date) => zoneName.formatToParts(d).find((p) => p.type === "timeZoneName")?.value ?? timeZone;
  return {
    locale,
    timeZone,
    date: (d) => date.format(d),
    dateTime: (d) => `${dateTime.format(d)} ${zoneOf(d)}`,
    time: (d) => `${time.format(d)} ${zoneOf(d)}`,
    day: (isoDay) => day.format(new Date(`${isoDay}T00:00:00Z`)),
  };
}

/** Formatters for the current request's viewer. */
export async function viewerFormat(preferredZone?: string | null): Promise<ViewerFormat> {
  return formatsFor(await viewer(preferredZone));
}
