/**
 * Formatting dates for the person looking at a page, without anything of the request: usable by client
 * components (given the viewer's locale and zone as props) and by pure code. lib/format/viewer.ts finds the
 * viewer of a request.
 */
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

export interface ViewerFormat extends Viewer {
  /** 2 Dec 2026 / Dec 2, 2026 */
  date: (d: Date) => string;
  /** date and time, with the zone's short name */
  dateTime: (d: Date) => string;
  /** date and time to the second, with the zone's short name (operations, audit) */
  preciseDateTime: (d: Date) => string;
  /** time of day with the zone's short name */
  time: (d: Date) => string;
  /** A calendar day given as YYYY-MM-DD (no zone shift: it is already a day). */
  day: (isoDay: string) => string;
}

export function formatsFor({ locale, timeZone }: Viewer): ViewerFormat {
  const date = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone });
  const preciseDateTime = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "medium", timeZone });
  const zoneName = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: "short" });
  const time = new Intl.DateTimeFormat(locale, { hour: "numeric", minute: "2-digit", timeZone });
  const day = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  const zoneOf = (d: Date) => zoneName.formatToParts(d).find((p) => p.type === "timeZoneName")?.value ?? timeZone;
  return {
    locale,
    timeZone,
    date: (d) => date.format(d),
    dateTime: (d) => `${dateTime.format(d)} ${zoneOf(d)}`,
    preciseDateTime: (d) => `${preciseDateTime.format(d)} ${zoneOf(d)}`,
    time: (d) => `${time.format(d)} ${zoneOf(d)}`,
    day: (isoDay) => day.format(new Date(`${isoDay}T00:00:00Z`)),
  };
}
