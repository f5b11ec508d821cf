import { Cron } from "croner";

/**
 * Inngest's cron triggers, read by croner: five fields (minute to weekday) with ranges, steps, lists and
 * names, the descriptors (@hourly, @daily…), and Inngest's optional `TZ=Zone/Name ` prefix (UTC without it).
 * Inngest parses with robfig/cron (pkg/execution/cron/cron.go: Minute|Hour|Dom|Month|Dow|Descriptor), so
 * what robfig refuses is refused here too, even where croner would accept it.
 */
export class InvalidCron extends Error {
  override name = "InvalidCron";
}

export interface CronSchedule {
  expression: string;
  /** The next time the schedule fires strictly after `after`. */
  nextAfter(after: Date): Date;
}

const TIMEZONE_PREFIX = /^(?:CRON_)?TZ=(\S+)\s+(.+)$/;
/** Croner's own extensions (last day, nearest weekday, nth weekday, AND-modifier), unknown to robfig/cron. */
function usesCronerExtensions(pattern: string): boolean {
  const [, , dayOfMonth = "", , dayOfWeek = ""] = pattern.split(/\s+/);
  // No weekday name has an L; WED has a W, so W is looked for in the day of the month only.
  return /[#+]/.test(pattern) || /[LW]/i.test(dayOfMonth) || /L/i.test(dayOfWeek);
}

export function parseCron(expression: string): CronSchedule {
  const prefixed = expression.trim().match(TIMEZONE_PREFIX);
  const timezone = prefixed?.[1] ?? "UTC";
  const pattern = (prefixed?.[2] ?? expression).trim();
  if (pattern.startsWith("@every")) throw new InvalidCron(`"${expression}": @every is not supported by the local stand-in`);
  if (!pattern.startsWith("@") && usesCronerExtensions(pattern)) throw new InvalidCron(`"${expression}": L, W, # and + are not cron syntax Inngest accepts`);
  let cron: Cron;
  try {
    // sloppyRanges: robfig reads "5/10" as 5-59/10.
    cron = new Cron(pattern, { timezone, mode: "5-part", sloppyRanges: true, paused: true });
    cron.nextRun(new Date(0)); // an unknown time zone only shows when a date is computed
  } catch (error) {
    throw new InvalidCron(`"${expression}": ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    expression,
    nextAfter(after) {
      const next = cron.nextRun(after);
      if (!next) throw new InvalidCron(`"${expression}" never fires after ${after.toISOString()}`);
      return next;
    },
  };
}
