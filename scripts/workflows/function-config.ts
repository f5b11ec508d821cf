import { parseCron, type CronSchedule } from "./cron";
import { durationMs } from "./durations";
import { compileExpression, type CompiledExpression } from "./expressions";

/**
 * The functions an app declares when it syncs (the `functions` of serve()'s in-band sync answer), checked and
 * read once. Options the stand-in does not implement faithfully are refused here, loudly, rather than
 * ignored: code that leaned on an ignored throttle or debounce would behave differently on Inngest.
 */
export class UnsupportedFunctionConfig extends Error {
  override name = "UnsupportedFunctionConfig";
}

/** Inngest's defaults and bounds (pkg/consts/consts.go). */
export const DEFAULT_RETRIES = 4;
const MAX_RETRIES = 20;
const MAX_CONCURRENCY_LIMITS = 2;
const MAX_CANCELLATIONS = 5;
const MAX_TRIGGERS = 10;

export type Trigger = { kind: "event"; event: string; expression: CompiledExpression | null } | { kind: "cron"; schedule: CronSchedule };

export interface ConcurrencyLimit {
  limit: number;
  key: CompiledExpression | null;
  scope: "fn" | "env" | "account";
}

export interface CancelOn {
  event: string;
  condition: CompiledExpression | null;
  /** How long after the run starts the cancellation still applies. */
  timeoutMs: number | null;
}

export interface SyncedFunction {
  id: string;
  name: string;
  triggers: Trigger[];
  /** The app's serve() URL for this function (`?fnId=…&stepId=step`). */
  stepUrl: string;
  /** Retries + 1: the synced `retries.attempts` counts retries, and Inngest's default is 4. */
  maxAttempts: number;
  concurrency: ConcurrencyLimit[];
  cancelOn: CancelOn[];
}

/** What the SDK syncs (InngestFunction.getConfig); `unknown` where we check the shape ourselves. */
export interface RawFunctionConfig {
  id: string;
  name?: string;
  triggers: { event?: string; expression?: string; cron?: string; jitter?: string }[];
  steps: Record<string, { runtime: { url: string; type?: string }; retries?: { attempts?: number } }>;
  concurrency?: unknown;
  cancel?: { event: string; if?: string; timeout?: string }[];
  [option: string]: unknown;
}

const READ_OPTIONS = new Set(["id", "name", "triggers", "steps", "concurrency", "cancel"]);

export function readFunctionConfig(raw: RawFunctionConfig): SyncedFunction {
  const refuse = (why: string) => new UnsupportedFunctionConfig(`${raw.id}: ${why}`);
  for (const [option, value] of Object.entries(raw)) {
    if (READ_OPTIONS.has(option) || value === undefined || value === null) continue;
    throw refuse(
      `"${option}" is not supported by the local stand-in for Inngest, and ignoring it would make the function behave differently here than on Inngest; remove it or implement it faithfully in scripts/workflows/`,
    );
  }
  const steps = Object.values(raw.steps);
  if (steps.length !== 1 || steps[0]!.runtime.type === "ws") throw refuse("expected one HTTP step (serve()), not connect");
  const retries = steps[0]!.retries?.attempts ?? DEFAULT_RETRIES;
  if (!Number.isInteger(retries) || retries < 0 || retries > MAX_RETRIES) throw refuse(`retries must be 0 to ${MAX_RETRIES}, not ${retries}`);
  if (raw.triggers.length > MAX_TRIGGERS) throw refuse(`This function exceeds the max number of triggers: ${MAX_TRIGGERS}`);
  return {
    id: raw.id,
    name: raw.name ?? raw.id,
    triggers: raw.triggers.map((trigger) => readTrigger(trigger, refuse)),
    stepUrl: steps[0]!.runtime.url,
    maxAttempts: retries + 1,
    concurrency: readConcurrency(raw.concurrency, refuse),
    cancelOn: readCancelOn(raw.cancel ?? [], refuse),
  };
}

function compiled(source: string, what: string, refuse: (why: string) => Error): CompiledExpression {
  try {
    return compileExpression(source);
  } catch (error) {
    throw refuse(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function readTrigger(trigger: RawFunctionConfig["triggers"][number], refuse: (why: string) => Error): Trigger {
  if (trigger.cron !== undefined) {
    if (trigger.jitter) throw refuse(`cron jitter is not supported by the local stand-in`);
    try {
      return { kind: "cron", schedule: parseCron(trigger.cron) };
    } catch (error) {
      throw refuse(`invalid cron ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (!trigger.event) throw refuse("a trigger names neither an event nor a cron");
  return { kind: "event", event: trigger.event, expression: trigger.expression ? compiled(trigger.expression, "trigger expression", refuse) : null };
}

/** A number, `{limit, key?, scope?}`, or an array of up to two of them (pkg/inngest/concurrency.go). */
function readConcurrency(raw: unknown, refuse: (why: string) => Error): ConcurrencyLimit[] {
  if (raw === undefined || raw === null) return [];
  const items = typeof raw === "number" ? [{ limit: raw }] : Array.isArray(raw) ? raw : [raw];
  if (items.length > MAX_CONCURRENCY_LIMITS)
    throw refuse(`There are more concurrency limits specified than the allowed max of: ${MAX_CONCURRENCY_LIMITS}`);
  return items
    .map((item: { limit?: unknown; key?: unknown; scope?: unknown }) => {
      if (typeof item !== "object" || item === null || !Number.isInteger(item.limit)) throw refuse(`concurrency ${JSON.stringify(item)} has no integer limit`);
      const scope = (item.scope ?? "fn") as ConcurrencyLimit["scope"];
      if (!["fn", "env", "account"].includes(scope)) throw refuse(`unknown concurrency scope "${String(item.scope)}"`);
      if (scope !== "fn" && typeof item.key !== "string") throw refuse(`A concurrency key must be specified for ${scope} scoped limits`);
      const key = typeof item.key === "string" ? compiled(item.key, `Invalid concurrency key '${item.key}'`, refuse) : null;
      return { limit: item.limit as number, key, scope };
    })
    .sort((a, b) => a.limit - b.limit);
}

function readCancelOn(raw: NonNullable<RawFunctionConfig["cancel"]>, refuse: (why: string) => Error): CancelOn[] {
  if (raw.length > MAX_CANCELLATIONS) throw refuse(`This function exceeds the max number of cancellation events: ${MAX_CANCELLATIONS}`);
  return raw.map((cancel) => ({
    event: cancel.event,
    condition: cancel.if ? compiled(cancel.if, "cancelOn condition", refuse) : null,
    timeoutMs: cancel.timeout ? durationMs(cancel.timeout) : null,
  }));
}
