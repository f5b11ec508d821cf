/**
 * The stand-in's time. Sleeps, waits for events, cancelOn timeouts, crons and the event-dedupe window all read
 * this clock; retry backoff does not (it stays in real time, see LocalExecutorOptions.retryDelayScale).
 */
export interface Clock {
  now(): Date;
  /** Calls `wake` once the clock has reached `at`; returns a function that cancels the alarm. */
  alarm(at: Date, wake: () => void): () => void;
}

/** setTimeout takes at most 2^31 − 1 ms; longer alarms re-arm until they are due. */
const LONGEST_TIMEOUT_MS = 2_147_483_647;

/** The machine's clock: for `npm run dev` and the browser tests. */
export const systemClock: Clock = {
  now: () => new Date(),
  alarm(at, wake) {
    let timer: NodeJS.Timeout;
    const arm = () => {
      const left = at.getTime() - Date.now();
      if (left <= 0) return wake();
      timer = setTimeout(arm, Math.min(left, LONGEST_TIMEOUT_MS));
    };
    arm();
    return () => clearTimeout(timer);
  },
};

/** A clock that moves only when a test moves it: hours of sleeping pass in one call. */
export class ManualClock implements Clock {
  private current: number;
  private readonly alarms = new Set<{ at: number; wake: () => void }>();

  constructor(start: Date | string = "2026-01-05T12:00:00Z") {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Moves to `date` (forward or back) and rings every alarm now due, earliest first. */
  set(date: Date | string): void {
    this.current = new Date(date).getTime();
    const due = [...this.alarms].filter((alarm) => alarm.at <= this.current).sort((a, b) => a.at - b.at);
    for (const alarm of due) {
      this.alarms.delete(alarm);
      alarm.wake();
    }
  }

  advance(ms: number): void {
    this.set(new Date(this.current + ms));
  }

  alarm(at: Date, wake: () => void): () => void {
    if (at.getTime() <= this.current) {
      // Already due: rung after the caller returns, as a timer would be (no re-entry, no deep recursion).
      let cancelled = false;
      queueMicrotask(() => cancelled || wake());
      return () => (cancelled = true);
    }
    const alarm = { at: at.getTime(), wake };
    this.alarms.add(alarm);
    return () => this.alarms.delete(alarm);
  }
}
