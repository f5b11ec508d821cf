/**
 * The New York Stock Exchange's calendar: regular sessions 9:30–16:00 New York time on weekdays, closed on
 * its holidays, closing at 13:00 on its early-close days. Pure: every answer is a function of the instant.
 */
const ZONE = "America/New_York";

export interface Session {
  open: Date;
  close: Date;
}

export interface MarketClock {
  isOpen: boolean;
  /** The current session's close when open; otherwise the next session's. */
  nextClose: Date;
  /** The next session's open (when open: the one after today's). */
  nextOpen: Date;
}

export type Day = { year: number; month: number; day: number }; // month 1–12

const parts = new Intl.DateTimeFormat("en-US", {
  timeZone: ZONE,
  hourCycle: "h23",
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "numeric",
  second: "numeric",
});

/** New York's offset from UTC at `instant`, in minutes (−300 in winter, −240 in summer). */
function offsetMinutes(instant: number): number {
  const p = Object.fromEntries(parts.formatToParts(new Date(instant)).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

/** The instant of a New York wall-clock time. */
export function newYorkTime(day: Day, hour: number, minute = 0): Date {
  const guess = Date.UTC(day.year, day.month - 1, day.day, hour, minute);
  const offset = offsetMinutes(guess - offsetMinutes(guess) * 60_000);
  return new Date(guess - offset * 60_000);
}

/** The New York calendar day at `instant`. */
export function newYorkDay(instant: Date): Day {
  const p = Object.fromEntries(parts.formatToParts(instant).map((x) => [x.type, x.value]));
  return { year: Number(p.year), month: Number(p.month), day: Number(p.day) };
}

const weekday = (d: Day) => new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay(); // 0 = Sunday
const key = (d: Day) => `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
const addDays = (d: Day, n: number): Day => {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + n));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
};

/** The n-th (1-based; −1 = last) given weekday of a month. */
function nthWeekday(year: number, month: number, dow: number, n: number): Day {
  if (n > 0) {
    const first = weekday({ year, month, day: 1 });
    return { year, month, day: 1 + ((dow - first + 7) % 7) + (n - 1) * 7 };
  }
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const lastDow = weekday({ year, month, day: last });
  return { year, month, day: last - ((lastDow - dow + 7) % 7) };
}

/** Easter Sunday (anonymous Gregorian algorithm). */
function easter(year: number): Day {
  const a = year % 19, b = Math.floor(year / 100), c = year % 100, d = Math.floor(b / 4), e = b % 4;
  const f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3), h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4), k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  return { year, month, day: ((h + l - 7 * m + 114) % 31) + 1 };
}

/** A fixed-date holiday on a weekend is observed on the Friday before or the Monday after. */
function observed(d: Day): Day | null {
  const dow = weekday(d);
  if (dow === 6) return d.month === 1 && d.day === 1 ? null : addDays(d, -1); // no Friday close for New Year on Saturday
  if (dow === 0) return addDays(d, 1);
  return d;
}

const holidayCache = new Map<number, Set<string>>();

export function holidays(year: number): Set<string> {
  const cached = holidayCache.get(year);
  if (cached) return cached;
  const days = [
    observed({ year, month: 1, day: 1 }),
    nthWeekday(year, 1, 1, 3), // Martin Luther King Jr. Day
    nthWeekday(year, 2, 1, 3), // Washington's Birthday
    addDays(easter(year), -2), // Good Friday
    nthWeekday(year, 5, 1, -1), // Memorial Day
    year >= 2022 ? observed({ year, month: 6, day: 19 }) : null, // Juneteenth
    observed({ year, month: 7, day: 4 }),
    nthWeekday(year, 9, 1, 1), // Labor Day
    nthWeekday(year, 11, 4, 4), // Thanksgiving
    observed({ year, month: 12, day: 25 }),
  ];
  // New Year's Day of next year falling on a Saturday is not observed on Dec 31 (handled in observed()).
  const set = new Set(days.filter((d): d is Day => d !== null).map(key));
  holidayCache.set(year, set);
  return set;
}

/** 13:00 closes: the day after Thanksgiving, Christmas Eve and July 3 when they are trading days. */
function isEarlyClose(d: Day): boolean {
  const thanksgiving = nthWeekday(d.year, 11, 4, 4);
  return (
    key(d) === key(addDays(thanksgiving, 1)) ||
    (d.month === 12 && d.day === 24) ||
    (d.month === 7 && d.day === 3)
  );
}

export function isTradingDay(d: Day): boolean {
  const dow = weekday(d);
  return dow !== 0 && dow !== 6 && !holidays(d.year).has(key(d));
}

export function sessionOn(d: Day): Session | null {
  if (!isTradingDay(d)) return null;
  return { open: newYorkTime(d, 9, 30), close: newYorkTime(d, isEarlyClose(d) ? 13 : 16, 0) };
}

/** The latest session that opened at or before `instant` (the one in progress, if the market is open). */
export function lastSessionAtOrBefore(instant: Date): Session | null {
  let day = newYorkDay(instant);
  for (let i = 0; i < 15; i++, day = addDays(day, -1)) {
    const session = sessionOn(day);
    if (session && session.open <= instant) return session;
  }
  return null;
}

/** Whether the market is open at `now`, and when it next opens and closes. */
export function marketClock(now: Date): MarketClock {
  let day = newYorkDay(now);
  const today = sessionOn(day);
  const isOpen = !!today && now >= today.open && now < today.close;
  let nextOpen: Date | null = today && now < today.open ? today.open : null;
  let nextClose: Date | null = today && now < today.close ? today.close : null;
  for (let i = 0; (!nextOpen || !nextClose) && i < 15; i++) {
    day = addDays(day, 1);
    const session = sessionOn(day);
    if (!session) continue;
    nextOpen ??= session.open;
    nextClose ??= session.close;
  }
  return { isOpen, nextOpen: nextOpen!, nextClose: nextClose! };
}

/**
 * When a trade made at `traded` settles (T+1, the US rule since May 2024): the open (9:30 New York) of the first
 * trading day after the trade's New York calendar date. A trade on a Friday settles on Monday; before a holiday,
 * on the trading day after it.
 */
export function settlementOf(traded: Date): Date {
  let day = newYorkDay(traded);
  for (let i = 0; i < 15; i++) {
    day = addDays(day, 1);
    const session = sessionOn(day);
    if (session) return session.open;
  }
  throw new Error(`no trading day within 15 days of ${traded.toISOString()}`);
}
