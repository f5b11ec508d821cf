/** Durations as the SDK writes them for sleeps and timeouts ("30s", "2h30m", "7d"), read as Inngest reads them. */
const UNIT_MS: Record<string, number> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|w|d|h|m|s))+$/;

export function durationMs(spec: string): number {
  if (!DURATION.test(spec)) throw new Error(`"${spec}" is not a duration like 30s, 2h30m or 7d`);
  let total = 0;
  for (const [, amount, unit] of spec.matchAll(/(\d+(?:\.\d+)?)(ms|w|d|h|m|s)/g)) total += Number(amount) * UNIT_MS[unit!]!;
  return total;
}

/** A sleep's `name`: a duration from now, or the ISO date that step.sleepUntil sends. */
export function wakeTime(spec: string, now: Date): Date {
  if (/^\d{4}-\d{2}-\d{2}T/.test(spec)) {
    const at = new Date(spec);
    if (Number.isNaN(at.getTime())) throw new Error(`"${spec}" is not a date`);
    return at;
  }
  return new Date(now.getTime() + durationMs(spec));
}
