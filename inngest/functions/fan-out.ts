import { inngest } from "../client";
import type { Step } from "./trading-steps";

/** Events per request to Inngest's event API: well inside its request limit with our small payloads. */
const EVENTS_PER_REQUEST = 500;

export interface FanOutEvent {
  /** Deterministic, so a step that runs again sends nothing twice (Inngest deduplicates ids for 24 hours). */
  id: string;
  name: string;
  data: Record<string, unknown>;
}

/** Sends events in requests of at most EVENTS_PER_REQUEST. */
export async function sendInBatches(events: FanOutEvent[]): Promise<void> {
  for (let start = 0; start < events.length; start += EVENTS_PER_REQUEST) {
    await inngest.send(events.slice(start, start + EVENTS_PER_REQUEST));
  }
}

export interface PagedRun {
  /** Where this run starts (null: from the beginning; a cursor: a continuation's). */
  after: string | null;
  /** Pages one run goes through before handing the rest to a new run. */
  maxPagesPerRun: number;
  /** One page, as one step: does its work and says where the next page starts (null: it was the last, or `stopped` says why not). */
  page: (after: string | null) => Promise<{ last: string | null; count: number; stopped?: string }>;
  /** The event that continues from `after` in a new run. */
  continuation: (after: string) => FanOutEvent;
}

/**
 * Goes through a large set of accounts a page per step (a keyset cursor), so no step returns more than a page's
 * figures, and after `maxPagesPerRun` pages hands the rest to a new run through a continuation event with a
 * deterministic id, so no run nears Inngest's 1,000 steps whatever the number of accounts. Worst case per run:
 * maxPagesPerRun + 1 steps, each output a cursor and a count.
 */
export async function pageThrough(
  step: Step,
  run: PagedRun,
): Promise<{ pages: number; count: number; continuedFrom: string | null; stopped: string | null }> {
  let after = run.after;
  let count = 0;
  for (let page = 0; page < run.maxPagesPerRun; page++) {
    const result = await step.run(`page ${page + 1}`, () => run.page(after));
    count += result.count;
    if (!result.last) return { pages: page + 1, count, continuedFrom: null, stopped: result.stopped ?? null };
    after = result.last;
  }
  const next = run.continuation(after!);
  await step.sendEvent("continue in a new run", next);
  return { pages: run.maxPagesPerRun, count, continuedFrom: after, stopped: null };
}
