/**
 * A local stand-in for Inngest (whose dev server cannot be installed on our machines), for development and
 * tests only. It syncs the app's real serve() endpoint in band, takes events at /e/<key>, and drives runs
 * over HTTP as Inngest does, with Inngest's rules, so that code that works here works there:
 * - concurrency from each function's own config, counted on executing steps per key (a sleeping or waiting
 *   run holds no slot), runs waiting FIFO for a busy key;
 * - Inngest's limits and error texts (inngest-limits.ts): 1,000 steps, 4 MB per step output, 32 MB of run
 *   state, 256 KiB per event; retries as synced (4 by default), Retry-After and non-retriable errors;
 * - event ids deduplicated for 24 hours, full cron syntax, cancellation by cancelOn and by Inngest's REST
 *   paths (DELETE /v1/runs/{runId}, POST /v1/cancellations), emitting inngest/function.cancelled;
 * - its state in PostgreSQL (store.ts), so a restarted stand-in goes on with sleeping runs once the app is
 *   synced again; time from a Clock, so tests move hours in one call.
 * What it does not implement (throttle, debounce, batching, rate limits, priority, idempotency, timeouts,
 * singleton, signals, AI and gateway steps) is refused at sync or fails the run, never silently ignored.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ulid } from "ulid";
import { systemClock, type Clock } from "./clock";
import { wakeTime, durationMs } from "./durations";
import { compileExpression, keyValue, type CompiledExpression } from "./expressions";
import { readFunctionConfig, type RawFunctionConfig, type SyncedFunction } from "./function-config";
import {
  MAX_EVENT_BYTES,
  MAX_REQUEST_BYTES,
  MAX_RESPONSE_BYTES,
  MAX_RETRY_DELAY_MS,
  MAX_RUN_STATE_BYTES,
  MAX_STEP_OUTPUT_BYTES,
  MAX_STEPS_PER_RUN,
  MIN_RETRY_DELAY_MS,
  SYSTEM_EVENTS,
  backoffMs,
  eventTooLarge,
  functionCancelled,
  parallelStepLimitExceeded,
  reservedEventName,
  responseTooLarge,
  stateTooLarge,
  stepLimitExceeded,
  stepOutputTooLarge,
} from "./inngest-limits";
import { runRecord, type InngestEvent, type Memo, type RunRecord, type StoredRun } from "./runs";
import { RunStore } from "./store";

export type { InngestEvent, RunRecord } from "./runs";

export interface LocalExecutorOptions {
  /** The app's serve() endpoint, e.g. http://localhost:3000/api/inngest (or given to sync()). */
  serveUrl?: string;
  /** The PostgreSQL database that keeps the stand-in's state (in its own schema). */
  databaseUrl: string;
  /** Where the event and REST APIs listen on 127.0.0.1; 0 (the default) picks a free port. */
  port?: number;
  /** The time sleeps, waits, cancelOn timeouts, crons and event dedupe follow (default: the system clock). */
  clock?: Clock;
  /** Multiplies retry delays (Inngest's backoff, Retry-After), which run in real time; tests pass a tiny one. */
  retryDelayScale?: number;
  /** Which cron-triggered functions fire on schedule: all, none (the default), or these function ids. */
  crons?: boolean | string[];
  log?: (line: string) => void;
}

/** An event the event API refuses, with Inngest's status and message. */
export class EventRefused extends Error {
  override name = "EventRefused";
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export class PortInUse extends Error {
  override name = "PortInUse";
}

/** One step's request and what came back. */
type Outcome =
  | { kind: "answer"; status: number; headers: Headers; body: string }
  | { kind: "unreachable"; error: string }
  | { kind: "too large" };

interface Op {
  id: string;
  op: string;
  name?: string;
  displayName?: string;
  data?: unknown;
  error?: unknown;
  opts?: Record<string, unknown>;
}

interface Slot {
  key: string;
  limit: number;
}

const APP_ERROR = (message: string) => ({ error: message, name: "Error", message });

export class LocalExecutor {
  readonly clock: Clock;
  private readonly retryDelayScale: number;
  private server: Server | undefined;
  private store: RunStore | undefined;
  private functions = new Map<string, SyncedFunction>();
  private synced = false;
  private stopping = false;
  private readonly runsById = new Map<string, StoredRun>();
  /** Runs that want to make a request, in the order they asked (FIFO within every concurrency key). */
  private readonly queue: StoredRun[] = [];
  private readonly slotsInUse = new Map<string, number>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly cancelRequested = new Set<string>();
  /** Per run: the pending wake-up (sleep, wait timeout) or retry timer. */
  private readonly timers = new Map<string, () => void>();
  /** Cron schedules being followed: each one's next time and how to stop following it. */
  private crons: { nextAt: number; cancel: () => void }[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(private readonly options: LocalExecutorOptions) {
    this.clock = options.clock ?? systemClock;
    this.retryDelayScale = options.retryDelayScale ?? 1;
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    return `http://127.0.0.1:${address?.port ?? this.options.port ?? 0}`;
  }

  private log(line: string) {
    this.options.log?.(`[workflows] ${line}`);
  }

  /** Opens the database (one stand-in per database), loads unfinished runs and listens. Runs resume after sync(). */
  async start(): Promise<void> {
    this.server = createServer((req, res) => this.background(this.route(req, res)));
    await new Promise<void>((resolve, reject) => {
      this.server!.once("error", (error: NodeJS.ErrnoException) =>
        reject(error.code === "EADDRINUSE" ? new PortInUse(`port ${this.options.port} on 127.0.0.1 is already in use`) : error),
      );
      this.server!.listen(this.options.port ?? 0, "127.0.0.1", resolve);
    });
    try {
      this.store = await RunStore.open(this.options.databaseUrl);
    } catch (error) {
      await new Promise<void>((resolve) => this.server!.close(() => resolve()));
      throw error;
    }
    await this.store.forgetEventsBefore(this.clock.now());
    const unfinished = await this.store.unfinishedRuns();
    for (const run of unfinished) {
      this.runsById.set(run.runId, run);
      if (run.state === "sleeping" || run.state === "waiting") this.armWake(run);
      else if (run.state === "retrying") this.armRetry(run, Math.max(0, new Date(run.retryAt!).getTime() - Date.now()));
      else this.queue.push(Object.assign(run, { state: "queued" as const }));
    }
    if (unfinished.length) this.log(`loaded ${unfinished.length} unfinished runs; they go on once the app is synced`);
  }

  /**
   * Stops taking work: requests in flight finish and their results are kept, then the database is released.
   * Unfinished runs stay in the database for the next stand-in.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const cancel of [...this.timers.values(), ...this.crons.map((cron) => cron.cancel)]) cancel();
    this.timers.clear();
    while (this.inFlight.size) await Promise.all(this.inFlight);
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    await this.store?.close();
  }

  /**
   * Syncs the app in band (PUT to serve()), checks every function's options, then resumes and schedules.
   * Refuses (UnsupportedFunctionConfig) an app with an option the stand-in would otherwise ignore.
   */
  async sync(serveUrl = this.options.serveUrl): Promise<SyncedFunction[]> {
    if (!serveUrl) throw new Error("sync() needs the app's serve() URL");
    const response = await fetch(serveUrl, {
      method: "PUT",
      headers: { "content-type": "application/json", "x-inngest-sync-kind": "in_band" },
      body: JSON.stringify({ url: serveUrl }),
    });
    if (!response.ok) throw new Error(`sync failed: ${response.status} ${await response.text()}`);
    const body = (await response.json()) as { functions: RawFunctionConfig[] };
    const functions = body.functions.map(readFunctionConfig);
    this.functions = new Map(functions.map((fn) => [fn.id, fn]));
    this.synced = true;
    this.log(`synced ${functions.length} functions: ${functions.map((fn) => fn.id).join(", ")}`);
    this.scheduleCrons();
    this.pump();
    return functions;
  }

  // ——— events ————————————————————————————————————————————————————————————————————————————————————————

  /**
   * The event API (what POST /e/<key> does): every event is checked first (size, reserved names) and the
   * request refused whole if one fails; each new id then cancels, resumes and starts what it matches.
   */
  async send(payload: unknown[]): Promise<string[]> {
    const events = payload.map((raw) => this.acceptable(raw));
    return this.track(this.intake(events));
  }

  private acceptable(raw: unknown): InngestEvent {
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new EventRefused("Request body must contain an event object or an array of event objects");
    const size = Buffer.byteLength(JSON.stringify(raw));
    if (size > MAX_EVENT_BYTES) throw new EventRefused(eventTooLarge(size));
    const event = raw as Partial<InngestEvent>;
    if (typeof event.name !== "string" || !event.name) throw new EventRefused("event name is empty");
    if (event.name.toLowerCase().startsWith("inngest/")) throw new EventRefused(reservedEventName(event.name));
    return {
      id: typeof event.id === "string" && event.id ? event.id : ulid(this.clock.now().getTime()),
      name: event.name,
      data: event.data ?? {},
      ts: typeof event.ts === "number" && event.ts > 0 ? event.ts : this.clock.now().getTime(),
      ...(event.v ? { v: event.v } : {}),
    };
  }

  private async intake(events: InngestEvent[]): Promise<string[]> {
    const fresh = await this.store!.firstSightings(events, this.clock.now());
    for (const event of events) {
      // Within one request, too, an id counts once.
      if (!fresh.delete(event.id)) {
        this.log(`event ${event.name} ${event.id} seen within 24 hours: ignored`);
        continue;
      }
      await this.handleEvent(event);
    }
    return events.map((event) => event.id);
  }

  private async handleEvent(event: InngestEvent): Promise<void> {
    const now = this.clock.now().getTime();
    for (const run of this.unfinishedRuns()) {
      if (run.event.id === event.id) continue;
      const fn = this.functions.get(run.functionId);
      const cancelOn = fn?.cancelOn.find(
        (cancel) =>
          cancel.event === event.name &&
          (cancel.timeoutMs === null || new Date(run.startedAt).getTime() + cancel.timeoutMs >= now) &&
          this.matches(cancel.condition, { event: run.event, async: event }),
      );
      if (cancelOn) {
        this.log(`${run.functionId} ${run.runId} cancelled by ${event.name}`);
        await this.cancel(run);
        continue;
      }
      const wait = run.wait;
      if (run.state === "waiting" && wait?.kind === "event" && wait.event === event.name) {
        if (!this.matches(wait.if === null ? null : compileExpression(wait.if), { event: run.event, async: event })) continue;
        await this.resume(run, { type: "data", data: event });
      }
    }
    for (const fn of this.functions.values()) {
      const triggered = fn.triggers.some((trigger) => trigger.kind === "event" && trigger.event === event.name && this.matches(trigger.expression, { event }));
      if (triggered) await this.startRun(fn, event);
    }
  }

  /** A condition that cannot be evaluated matches nothing, and says so. */
  private matches(condition: CompiledExpression | null, bindings: Record<string, unknown>): boolean {
    if (!condition) return true;
    const result = condition.test(bindings);
    if (result instanceof Error) {
      this.log(`expression refused: ${result.message}`);
      return false;
    }
    return result;
  }

  /** Inngest's own events (failure and cancellation notices) skip the checks made on the event API. */
  private async emit(name: string, id: string, data: Record<string, unknown>) {
    await this.intake([{ id, name, data, ts: this.clock.now().getTime() }]);
  }

  /**
   * For tests that play a part only Inngest plays, e.g. a failure notice for a run the app never saw end:
   * the app itself cannot send inngest/ events (the event API refuses them).
   */
  async emitSystemEvent(name: `inngest/${string}`, data: Record<string, unknown>, id = ulid(this.clock.now().getTime())): Promise<void> {
    await this.track(this.emit(name, id, data));
  }

  // ——— crons ——————————————————————————————————————————————————————————————————————————————————————————

  private scheduleCrons() {
    for (const cron of this.crons) cron.cancel();
    this.crons = [];
    const wanted = this.options.crons ?? false;
    if (wanted === false) return;
    for (const fn of this.functions.values()) {
      if (Array.isArray(wanted) && !wanted.includes(fn.id)) continue;
      for (const trigger of fn.triggers) {
        if (trigger.kind !== "cron") continue;
        // Every occurrence fires, in order, even when a test's clock jumps over several.
        const cron = { nextAt: 0, cancel: () => {} };
        const arm = (after: Date) => {
          const at = trigger.schedule.nextAfter(after);
          cron.nextAt = at.getTime();
          cron.cancel = this.clock.alarm(at, () => {
            if (this.stopping) return;
            this.background(this.startRun(fn, cronEvent(trigger.schedule.expression, at)));
            arm(at);
          });
        };
        arm(this.clock.now());
        this.crons.push(cron);
      }
    }
  }

  // ——— runs ——————————————————————————————————————————————————————————————————————————————————————————

  private async startRun(fn: SyncedFunction, event: InngestEvent, parent: StoredRun["parent"] = null, runId = ulid(this.clock.now().getTime())) {
    const run: StoredRun = {
      runId,
      functionId: fn.id,
      event,
      status: "running",
      state: "queued",
      memo: {},
      stack: [],
      stepNames: [],
      attempt: 0,
      latestAttempts: 0,
      requests: 0,
      stateBytes: Buffer.byteLength(JSON.stringify(event)),
      planned: [],
      wakeAt: null,
      retryAt: null,
      wait: null,
      parent,
      startedAt: this.clock.now().toISOString(),
      finishedAt: null,
    };
    this.runsById.set(run.runId, run);
    this.log(`${fn.id} started by ${event.name} (${run.runId})`);
    await this.enqueue(run);
  }

  private async enqueue(run: StoredRun) {
    if (run.status !== "running") return;
    Object.assign(run, { state: "queued", wakeAt: null, retryAt: null, wait: null });
    await this.persist(run);
    if (run.status !== "running" || this.queue.includes(run)) return;
    this.queue.push(run);
    this.pump();
  }

  /** Starts every queued run whose concurrency keys all have room, oldest first. */
  private pump() {
    if (!this.synced || this.stopping) return;
    for (const run of [...this.queue]) {
      const fn = this.functions.get(run.functionId);
      if (!fn) {
        this.dequeue(run);
        void this.fail(run, APP_ERROR(`function ${run.functionId} is not served by the app`));
        continue;
      }
      const slots = this.slotsFor(fn, run.event);
      if (!slots.every((slot) => (this.slotsInUse.get(slot.key) ?? 0) < slot.limit)) continue;
      this.dequeue(run);
      for (const slot of slots) this.slotsInUse.set(slot.key, (this.slotsInUse.get(slot.key) ?? 0) + 1);
      this.background(this.execute(run, fn, slots));
    }
    this.changed();
  }

  private dequeue(run: StoredRun) {
    const index = this.queue.indexOf(run);
    if (index >= 0) this.queue.splice(index, 1);
  }

  /** Inngest's concurrency keys: per function unless scoped to the environment or account. */
  private slotsFor(fn: SyncedFunction, event: InngestEvent): Slot[] {
    return fn.concurrency
      .filter((limit) => limit.limit > 0)
      .map((limit) => {
        if (!limit.key) return { key: `fn:${fn.id}`, limit: limit.limit };
        const value = keyValue(limit.key.evaluate({ event }));
        return { key: limit.scope === "fn" ? `fn:${fn.id}:${value}` : `${limit.scope}:${value}`, limit: limit.limit };
      });
  }

  private async execute(run: StoredRun, fn: SyncedFunction, slots: Slot[]) {
    let outcome: Outcome | null = null;
    try {
      if (Object.keys(run.memo).length >= MAX_STEPS_PER_RUN) return void (await this.fail(run, stepLimitExceeded()));
      // Not written to the database: a stand-in that stops mid-request makes the request again.
      Object.assign(run, { state: "executing", requests: run.requests + 1, latestAttempts: Math.max(run.latestAttempts, run.attempt + 1) });
      this.changed();
      outcome = await this.request(run, fn);
    } finally {
      for (const slot of slots) this.slotsInUse.set(slot.key, this.slotsInUse.get(slot.key)! - 1);
      this.pump();
    }
    // A cancelled run stops between steps: what the step in flight returned is dropped.
    if (this.cancelRequested.has(run.runId)) return this.finishCancelled(run);
    await this.handle(run, fn, outcome);
  }

  private async request(run: StoredRun, fn: SyncedFunction): Promise<Outcome> {
    const url = new URL(fn.stepUrl);
    url.searchParams.set("stepId", run.planned[0]?.id ?? "step");
    // Past 4 MB of state, Inngest sends no steps and the SDK fetches them from the API (pkg/execution/driver/driver.go).
    const useApi = run.stateBytes > MAX_REQUEST_BYTES - 1024;
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          version: 2,
          event: run.event,
          events: [run.event],
          steps: useApi ? {} : run.memo,
          ctx: {
            run_id: run.runId,
            attempt: run.attempt,
            max_attempts: fn.maxAttempts,
            disable_immediate_execution: false,
            use_api: useApi,
            stack: { stack: run.stack, current: run.stack.length },
          },
        }),
      });
      const body = await response.text();
      if (Buffer.byteLength(body) > MAX_RESPONSE_BYTES) return { kind: "too large" };
      return { kind: "answer", status: response.status, headers: response.headers, body };
    } catch (error) {
      return { kind: "unreachable", error: error instanceof Error ? `${error.message}${error.cause ? ` (${String(error.cause)})` : ""}` : String(error) };
    }
  }

  private async handle(run: StoredRun, fn: SyncedFunction, outcome: Outcome) {
    if (outcome.kind === "unreachable") return this.retryOrFail(run, fn, APP_ERROR(`the app did not answer: ${outcome.error}`));
    if (outcome.kind === "too large") return this.retryOrFail(run, fn, responseTooLarge());
    const body = parseBody(outcome.body);
    if (outcome.status === 200) return this.complete(run, body);
    const noRetry = outcome.headers.get("x-inngest-no-retry") === "true";
    const retryAfter = outcome.headers.get("retry-after");
    if (outcome.status !== 206) return this.retryOrFail(run, fn, body, retryAfter, noRetry);

    const ops = (Array.isArray(body) ? body : [body]) as Op[];
    if (ops.length > MAX_STEPS_PER_RUN) return this.fail(run, parallelStepLimitExceeded());
    const oversized = ops.find((op) => Buffer.byteLength(JSON.stringify(op.data ?? null)) > MAX_STEP_OUTPUT_BYTES);
    if (oversized) return this.retryOrFail(run, fn, stepOutputTooLarge(oversized.id));
    const waits = ops.filter((op) => ["Sleep", "WaitForEvent", "InvokeFunction"].includes(op.op));
    if (waits.length > 1 || (waits.length === 1 && ops.length > 1)) {
      return this.fail(run, APP_ERROR("the local stand-in for Inngest does not run sleeps, waits or invocations in parallel"));
    }
    for (const op of ops) {
      const name = op.displayName ?? op.name ?? op.id;
      switch (op.op) {
        case "StepRun":
        case "Step":
        case "StepFailed": {
          const failed = op.op === "StepFailed";
          const memo: Memo = failed ? { type: "error", error: op.error ?? null } : { type: "data", data: op.data ?? null };
          if (!(await this.memoize(run, op.id, failed ? `${name} (failed)` : name, memo))) return;
          run.attempt = 0;
          break;
        }
        case "StepError":
          this.log(`${run.functionId} step ${name} failed (attempt ${run.attempt + 1} of ${fn.maxAttempts}): ${JSON.stringify(op.error).slice(0, 300)}`);
          return this.retryOrFail(run, fn, op.error ?? null, retryAfter, noRetry);
        case "StepPlanned":
          if (!run.planned.some((planned) => planned.id === op.id)) run.planned.push({ id: op.id, name });
          break;
        case "DiscoveryRequest":
          break;
        case "Sleep":
          return this.sleep(run, op, name);
        case "WaitForEvent":
          return this.waitForEvent(run, op, name);
        case "InvokeFunction":
          return this.invoke(run, op, name);
        case "RunComplete":
          return this.complete(run, op.data ?? null);
        default:
          return this.fail(run, APP_ERROR(`the local stand-in for Inngest does not support the ${op.op} opcode`));
      }
    }
    await this.enqueue(run);
  }

  /** Keeps a step's result, unless it takes the run over Inngest's state limit (the run then fails). */
  private async memoize(run: StoredRun, opId: string, name: string, memo: Memo): Promise<boolean> {
    const bytes = Buffer.byteLength(JSON.stringify(memo.type === "data" ? memo.data : memo.error));
    if (run.stateBytes + bytes > MAX_RUN_STATE_BYTES) {
      await this.fail(run, stateTooLarge());
      return false;
    }
    await this.store!.saveStep(run.runId, opId, run.stack.length, memo);
    run.memo[opId] = memo;
    run.stack.push(opId);
    run.stepNames.push(name);
    run.stateBytes += bytes;
    run.planned = run.planned.filter((planned) => planned.id !== opId);
    return true;
  }

  private async retryOrFail(run: StoredRun, fn: SyncedFunction, error: unknown, retryAfter: string | null = null, noRetry = false) {
    if (noRetry || run.attempt + 1 >= fn.maxAttempts) return this.fail(run, error);
    const failedAttempt = run.attempt;
    const delay = (retryAfter ? this.retryAfterMs(retryAfter) : backoffMs(failedAttempt)) * this.retryDelayScale;
    Object.assign(run, { state: "retrying", attempt: failedAttempt + 1, retryAt: new Date(Date.now() + delay).toISOString() });
    await this.persist(run);
    this.armRetry(run, delay);
  }

  /** Seconds or a date (the SDK's RetryAfterError), held within Inngest's 1 s to 24 h. */
  private retryAfterMs(header: string): number {
    const seconds = /^\d{1,7}$/.test(header) ? Number(header) * 1000 : null;
    const wanted = seconds ?? new Date(header).getTime() - this.clock.now().getTime();
    if (Number.isNaN(wanted)) return MIN_RETRY_DELAY_MS;
    return Math.min(MAX_RETRY_DELAY_MS, Math.max(MIN_RETRY_DELAY_MS, wanted));
  }

  private armRetry(run: StoredRun, delayMs: number) {
    const timer = setTimeout(() => {
      this.timers.delete(run.runId);
      this.background(this.enqueue(run));
    }, delayMs);
    this.timers.set(run.runId, () => clearTimeout(timer));
    this.changed();
  }

  private async sleep(run: StoredRun, op: Op, name: string) {
    let until: Date;
    try {
      until = wakeTime(String(op.name), this.clock.now());
    } catch (error) {
      return this.fail(run, APP_ERROR(String(error)));
    }
    Object.assign(run, { state: "sleeping", wakeAt: until.toISOString(), wait: { kind: "sleep", opId: op.id, name } });
    await this.persist(run);
    this.armWake(run);
  }

  private async waitForEvent(run: StoredRun, op: Op, name: string) {
    const opts = op.opts ?? {};
    const condition = typeof opts.if === "string" ? opts.if : null;
    try {
      if (condition) compileExpression(condition);
      run.wakeAt = new Date(this.clock.now().getTime() + durationMs(String(opts.timeout))).toISOString();
    } catch (error) {
      return this.fail(run, APP_ERROR(String(error)));
    }
    Object.assign(run, { state: "waiting", wait: { kind: "event", opId: op.id, name, event: String(opts.event ?? op.name), if: condition } });
    await this.persist(run);
    this.armWake(run);
  }

  private async invoke(run: StoredRun, op: Op, name: string) {
    const opts = (op.opts ?? {}) as { function_id?: string; payload?: { data?: Record<string, unknown> }; timeout?: string };
    const target = this.functions.get(String(opts.function_id));
    if (!target) return this.resume(run, { type: "error", error: APP_ERROR(`could not find function ${opts.function_id} to invoke`) }, name, op.id);
    const event: InngestEvent = { id: ulid(this.clock.now().getTime()), name: SYSTEM_EVENTS.invoked, data: opts.payload?.data ?? {}, ts: this.clock.now().getTime() };
    const childRunId = ulid(this.clock.now().getTime());
    Object.assign(run, {
      state: "waiting",
      wakeAt: opts.timeout ? new Date(this.clock.now().getTime() + durationMs(opts.timeout)).toISOString() : null,
      wait: { kind: "invoke", opId: op.id, name, childRunId },
    });
    await this.persist(run);
    this.armWake(run);
    await this.startRun(target, event, { runId: run.runId, opId: op.id }, childRunId);
  }

  /** Wakes a sleeping run, or times out a wait (its step then gets null, or an error for an invocation). */
  private armWake(run: StoredRun) {
    if (!run.wakeAt) return;
    const cancel = this.clock.alarm(new Date(run.wakeAt), () => {
      this.timers.delete(run.runId);
      if (this.stopping || run.status !== "running" || !run.wait) return;
      const timedOut: Memo = run.wait.kind === "invoke" ? { type: "error", error: APP_ERROR("Timed out waiting for invoked function to complete") } : { type: "data", data: null };
      this.background(this.resume(run, timedOut));
    });
    if (run.status === "running" && run.wakeAt && (run.state === "sleeping" || run.state === "waiting")) this.timers.set(run.runId, cancel);
    this.changed();
  }

  /** A sleep, wait or invocation is over: its step gets `memo` and the run queues for its next request. */
  private async resume(run: StoredRun, memo: Memo, name = run.wait?.name, opId = run.wait?.opId) {
    this.timers.get(run.runId)?.();
    this.timers.delete(run.runId);
    if (!opId || !(await this.memoize(run, opId, name ?? opId, memo))) return;
    await this.enqueue(run);
  }

  // ——— endings ———————————————————————————————————————————————————————————————————————————————————————

  private async finish(run: StoredRun, fields: Partial<StoredRun>) {
    this.timers.get(run.runId)?.();
    this.timers.delete(run.runId);
    this.dequeue(run);
    this.cancelRequested.delete(run.runId);
    Object.assign(run, fields, { state: "finished", wakeAt: null, retryAt: null, wait: null, planned: [], finishedAt: this.clock.now().toISOString() });
    await this.persist(run);
    if (run.parent) {
      const parent = this.runsById.get(run.parent.runId);
      const result: Memo = run.status === "completed" ? { type: "data", data: run.output ?? null } : { type: "error", error: run.error ?? null };
      if (parent?.status === "running" && parent.wait?.kind === "invoke" && parent.wait.opId === run.parent.opId) await this.resume(parent, result);
    }
  }

  private async complete(run: StoredRun, output: unknown) {
    await this.finish(run, { status: "completed", output });
    this.log(`${run.functionId} completed (${run.runId})`);
  }

  private async fail(run: StoredRun, error: unknown) {
    if (run.status !== "running") return;
    await this.finish(run, { status: "failed", error });
    this.log(`${run.functionId} FAILED (${run.runId}): ${JSON.stringify(error).slice(0, 300)}`);
    // Inngest sends no failure notice for a run its own notices started (pkg/execution/executor/finalize.go).
    if (run.event.name === SYSTEM_EVENTS.failed || run.event.name === SYSTEM_EVENTS.finished) return;
    await this.emit(SYSTEM_EVENTS.failed, run.runId, { function_id: run.functionId, run_id: run.runId, error, event: run.event });
  }

  /** Cancels a run: at once if no request is in flight, otherwise as soon as that step answers. */
  async cancelRun(runId: string): Promise<void> {
    const run = this.runsById.get(runId);
    if (!run) throw new Error(`Unable to load function run: ${runId}`);
    await this.track(this.cancel(run));
  }

  private async cancel(run: StoredRun) {
    if (run.status !== "running") return;
    if (run.state === "executing") {
      this.cancelRequested.add(run.runId);
      return;
    }
    await this.finishCancelled(run);
  }

  private async finishCancelled(run: StoredRun) {
    await this.finish(run, { status: "cancelled", error: functionCancelled() });
    this.log(`${run.functionId} cancelled (${run.runId})`);
    await this.emit(SYSTEM_EVENTS.cancelled, run.runId, { function_id: run.functionId, run_id: run.runId, error: functionCancelled(), event: run.event });
  }

  /** Inngest's bulk cancellation: a function's runs started in a time range, optionally matching `if`. */
  async cancelRuns(filter: { functionId: string; startedAfter?: Date; startedBefore: Date; if?: string }): Promise<number> {
    const condition = filter.if ? compileExpression(filter.if) : null;
    const matching = this.unfinishedRuns().filter((run) => {
      const started = new Date(run.startedAt).getTime();
      return (
        run.functionId === filter.functionId &&
        started < filter.startedBefore.getTime() &&
        (!filter.startedAfter || started > filter.startedAfter.getTime()) &&
        this.matches(condition, { event: run.event })
      );
    });
    for (const run of matching) await this.cancel(run);
    return matching.length;
  }

  // ——— what tests see ——————————————————————————————————————————————————————————————————————————————————

  private unfinishedRuns(): StoredRun[] {
    return [...this.runsById.values()].filter((run) => run.status === "running");
  }

  private async persist(run: StoredRun) {
    await this.store!.save(run);
    this.changed();
  }

  private changed() {
    for (const listener of [...this.listeners]) listener();
  }

  /** Every run this stand-in knows (loaded or started), oldest first. */
  runs(): RunRecord[] {
    return [...this.runsById.values()].map(runRecord);
  }

  /** Resolves with the first finished run of `functionId` that `match` accepts (real-time timeout). */
  waitForRun(functionId: string, match: (run: RunRecord) => boolean = () => true, timeoutMs = 30_000): Promise<RunRecord> {
    return this.waitUntil(
      () => this.runs().find((run) => run.functionId === functionId && run.status !== "running" && match(run)),
      timeoutMs,
      () => `no finished ${functionId} run within ${timeoutMs} ms; runs: ${this.describe()}`,
    );
  }

  /** Resolves with what `find` returns from the runs once it returns something (checked on every change). */
  waitFor<T>(find: (runs: RunRecord[]) => T | undefined, timeoutMs = 30_000): Promise<T> {
    return this.waitUntil(() => find(this.runs()), timeoutMs, () => `condition not met within ${timeoutMs} ms; runs: ${this.describe()}`);
  }

  /**
   * Resolves once nothing is executing, queued, retrying or being received, and no sleep or wait is due on
   * the clock: after `clock.advance(72h)`, everything those hours woke has run as far as it can.
   */
  settled(timeoutMs = 30_000): Promise<void> {
    return this.waitUntil(
      () => (this.busy() ? undefined : true),
      timeoutMs,
      () => `not settled within ${timeoutMs} ms; runs: ${this.describe()}`,
    ).then(() => undefined);
  }

  private busy(): boolean {
    if (this.inFlight.size > 0) return true;
    const now = this.clock.now().getTime();
    if (this.crons.some((cron) => cron.nextAt <= now)) return true;
    return this.unfinishedRuns().some(
      (run) => run.state === "queued" || run.state === "executing" || run.state === "retrying" || (run.wakeAt !== null && new Date(run.wakeAt).getTime() <= now),
    );
  }

  /** Work under way, which stop() waits for and settled() counts; its outcome is the caller's. */
  private track<T>(work: Promise<T>): Promise<T> {
    const done = work.then(
      () => undefined,
      () => undefined,
    );
    this.inFlight.add(done);
    void done.then(() => {
      this.inFlight.delete(done);
      this.changed();
    });
    return work;
  }

  /** Tracked work nobody awaits: a failure is logged. */
  private background(work: Promise<unknown>): void {
    this.track(work).catch((error: unknown) => this.log(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
  }

  private describe(): string {
    const open = this.runs().filter((run) => run.status === "running");
    const steps = (run: RunRecord) => (run.steps.length > 5 ? `${run.steps.length} steps, the last ${run.steps.at(-1)}` : run.steps.join(", "));
    return open.length ? open.map((run) => `${run.functionId} ${run.state} [${steps(run)}]`).join("; ") : "none running";
  }

  private waitUntil<T>(found: () => T | undefined, timeoutMs: number, why: () => string): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const value = found();
        if (value === undefined) return;
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve(value);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(why()));
      }, timeoutMs);
      this.listeners.add(check);
      check();
    });
  }

  // ——— HTTP: the event API and Inngest's REST paths for cancelling —————————————————————————————————————————

  private async route(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const reply = (status: number, payload?: unknown) =>
      res.writeHead(status, { "content-type": "application/json" }).end(payload === undefined ? "" : JSON.stringify(payload));
    const publicError = (status: number, message: string) => reply(status, { error: message, data: null, status });
    try {
      if (req.method === "POST" && /^\/e\/[^/]+$/.test(path)) {
        let payload: unknown;
        try {
          payload = JSON.parse(body || "[]");
        } catch {
          return reply(400, { ids: [], status: 400, error: "Request body must contain an event object or an array of event objects" });
        }
        try {
          const ids = await this.send(Array.isArray(payload) ? payload : [payload]);
          return reply(200, { ids, status: 200 });
        } catch (error) {
          if (error instanceof EventRefused) return reply(error.status, { ids: [], status: error.status, error: error.message });
          throw error;
        }
      }
      // What the SDK reads when a run's state is too large to send (pkg/coreapi/coreapi.go).
      const runData = path.match(/^\/v0\/runs\/([^/]+)\/(actions|batch)$/);
      if (req.method === "GET" && runData) {
        const run = this.runsById.get(decodeURIComponent(runData[1]!));
        if (!run) return publicError(410, `runtime state is no longer available for runID: ${runData[1]}`);
        return reply(200, runData[2] === "actions" ? run.memo : [run.event]);
      }
      // The REST API's path, and the dev server's older one.
      const runPath = path.match(/^\/v[01]\/runs\/([^/]+)$/);
      if (req.method === "DELETE" && runPath) {
        const runId = decodeURIComponent(runPath[1]!);
        if (!/^[0-9A-HJKMNP-TV-Z]{26}$/.test(runId)) return publicError(400, `Invalid run ID: ${runId}`);
        if (!this.runsById.has(runId)) return publicError(404, `Unable to load function run: ${runId}`);
        await this.cancelRun(runId);
        return reply(200);
      }
      if (req.method === "POST" && path === "/v1/cancellations") return await this.bulkCancel(body, reply, publicError);
      return publicError(404, "Not found");
    } catch (error) {
      this.log(`${req.method} ${path}: ${String(error)}`);
      return publicError(500, "Something went wrong.  Please try again");
    }
  }

  /** POST /v1/cancellations, as pkg/api/apiv1/cancellation.go validates and answers it. */
  private async bulkCancel(body: string, reply: (status: number, payload?: unknown) => void, publicError: (status: number, message: string) => void) {
    let request: { app_id?: string; function_id?: string; started_after?: string; started_before?: string; if?: string };
    try {
      request = JSON.parse(body) as typeof request;
    } catch {
      return publicError(400, "Invalid cancellation request");
    }
    const startedBefore = request.started_before ? new Date(request.started_before) : null;
    const startedAfter = request.started_after ? new Date(request.started_after) : null;
    const problems = [
      !request.app_id && "app_id is required",
      !request.function_id && "function_id is required",
      !startedBefore && "started_before is required",
      startedBefore && startedBefore.getTime() > this.clock.now().getTime() + 5000 && "started_before must be in the past",
      startedAfter && startedBefore && startedAfter > startedBefore && "started_after must be before started_before",
    ].filter(Boolean);
    if (problems.length) return publicError(400, problems.join("\n"));
    const functionId = `${request.app_id}-${request.function_id}`;
    if (!this.functions.has(functionId)) return publicError(404, "function not found");
    if (request.if) {
      try {
        compileExpression(request.if);
      } catch (error) {
        return publicError(400, `invalid expression: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const createdAt = this.clock.now();
    await this.cancelRuns({ functionId, startedBefore: startedBefore!, startedAfter: startedAfter ?? undefined, if: request.if });
    return reply(200, {
      data: {
        created_at: createdAt.toISOString(),
        name: null,
        id: ulid(createdAt.getTime()),
        function_id: functionId,
        started_after: startedAfter?.toISOString() ?? null,
        started_before: startedBefore!.toISOString(),
        ...(request.if ? { if: request.if } : {}),
        kind: "bulk_run",
        cause: "api",
      },
      metadata: { fetched_at: new Date().toISOString() },
    });
  }
}

/** The event Inngest starts a cron run with (pkg/execution/executor/service.go): its id is the scheduled time. */
function cronEvent(expression: string, at: Date): InngestEvent {
  const scheduledAt = at.toISOString().replace(/\.\d{3}Z$/, "Z");
  return { id: scheduledAt, name: SYSTEM_EVENTS.cron, data: { cron: expression, scheduledAt, fireAt: scheduledAt }, ts: at.getTime() };
}

function parseBody(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
