/**
 * A local stand-in for Inngest's dev server (which cannot be installed on our machines), for development
 * and tests only. It listens where the dev server would, syncs the app's real `serve()` endpoint in band,
 * takes events at /e/<key>, and drives runs over HTTP: memoized steps, retries with backoff, sleeps, waits
 * for events, invocations, cron triggers and failure handlers. It keeps its state in memory.
 *
 * Correctness that matters (one run per account, no double spending) does not rest on it: that holds in
 * the database. It does not do throttling, debounce, batching or priority.
 */
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

type Json = unknown;
type Memo = { type: "data"; data: Json } | { type: "error"; error: Json };
type Trigger = { event?: string; expression?: string; cron?: string };

interface FunctionConfig {
  id: string;
  name?: string;
  triggers: Trigger[];
  steps: Record<string, { id: string; runtime: { url: string }; retries?: { attempts?: number } }>;
}

export interface InngestEvent {
  id: string;
  name: string;
  data: Record<string, Json>;
  ts: number;
}

interface Op {
  id: string;
  op: string;
  name?: string;
  displayName?: string;
  data?: Json;
  error?: Json;
  opts?: Record<string, Json>;
}

export interface RunRecord {
  runId: string;
  functionId: string;
  event: InngestEvent;
  status: "running" | "completed" | "failed";
  output?: Json;
  error?: Json;
  steps: string[];
  attempts: number;
}

export interface LocalExecutorOptions {
  /** The app's serve() endpoint, e.g. http://localhost:3000/api/inngest. */
  serveUrl: string;
  port?: number;
  /** Divide every sleep and backoff by this (tests run hours of waiting in milliseconds). */
  timeScale?: number;
  /** Start cron-triggered functions on their schedule (off in tests). */
  crons?: boolean;
  log?: (line: string) => void;
}

const DURATION_UNITS: Record<string, number> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/** "2h30m", "30s", "1d" or an ISO date → milliseconds to wait from now. */
export function waitMs(spec: string, now = Date.now()): number {
  if (/^\d{4}-\d{2}-\d{2}T/.test(spec)) return Math.max(0, new Date(spec).getTime() - now);
  let total = 0;
  for (const [, amount, unit] of spec.matchAll(/(\d+)(ms|w|d|h|m|s)/g)) total += Number(amount) * DURATION_UNITS[unit!]!;
  return total;
}

export class LocalExecutor {
  private server: Server | undefined;
  private functions: FunctionConfig[] = [];
  private readonly runs = new Map<string, RunRecord>();
  private readonly seenEvents = new Set<string>();
  private readonly waiters: { name: string; resolve: (event: InngestEvent) => void }[] = [];
  private readonly keyQueues = new Map<string, Promise<void>>();
  private cronTimer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<(run: RunRecord) => void>();
  private stopped = false;

  constructor(private readonly options: LocalExecutorOptions) {}

  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    return `http://127.0.0.1:${address?.port ?? this.options.port}`;
  }

  private log(line: string) {
    this.options.log?.(`[workflows] ${line}`);
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        if (req.method === "POST" && req.url?.startsWith("/e/")) {
          let payload: unknown;
          try {
            payload = JSON.parse(body || "[]");
          } catch {
            res.writeHead(400).end(JSON.stringify({ error: "body is not JSON" }));
            return;
          }
          const ids = this.receive(Array.isArray(payload) ? payload : [payload]);
          res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ids, status: 200 }));
          return;
        }
        res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "not found" }));
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once("error", reject);
      this.server!.listen(this.options.port ?? 0, "127.0.0.1", resolve);
    });
    if (this.options.crons) this.cronTimer = setInterval(() => void this.tickCrons(new Date()), 60_000);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.cronTimer);
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Syncs the app in band: PUT to serve() and read its functions from the answer. */
  async sync(): Promise<FunctionConfig[]> {
    const response = await fetch(this.options.serveUrl, {
      method: "PUT",
      headers: { "content-type": "application/json", "x-inngest-sync-kind": "in_band" },
      body: JSON.stringify({ url: this.options.serveUrl }),
    });
    if (!response.ok) throw new Error(`sync failed: ${response.status} ${await response.text()}`);
    const body = (await response.json()) as { functions: FunctionConfig[] };
    this.functions = body.functions;
    this.log(`synced ${this.functions.length} functions: ${this.functions.map((f) => f.id).join(", ")}`);
    return this.functions;
  }

  /** Accepts events (deduplicated by id, as Inngest does) and starts the runs they trigger. */
  receive(events: Partial<InngestEvent>[]): string[] {
    const ids: string[] = [];
    for (const raw of events) {
      const event: InngestEvent = { id: raw.id ?? randomUUID(), name: String(raw.name), data: raw.data ?? {}, ts: raw.ts ?? Date.now() };
      ids.push(event.id);
      if (this.seenEvents.has(event.id)) continue;
      this.seenEvents.add(event.id);
      for (const waiter of this.waiters.filter((w) => w.name === event.name)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
      for (const fn of this.functions) {
        if (fn.triggers.some((trigger) => trigger.event === event.name && this.matches(trigger.expression, event))) {
          void this.startRun(fn, event);
        }
      }
    }
    return ids;
  }

  /** Failure handlers subscribe with an expression naming their function; only that form is understood. */
  private matches(expression: string | undefined, event: InngestEvent): boolean {
    if (!expression) return true;
    const match = expression.match(/event\.data\.function_id\s*==\s*['"]([^'"]+)['"]/);
    return match ? event.data.function_id === match[1] : true;
  }

  private async tickCrons(now: Date) {
    for (const fn of this.functions) {
      if (fn.triggers.some((t) => t.cron && cronDue(t.cron, now))) {
        void this.startRun(fn, { id: randomUUID(), name: "inngest/scheduled.timer", data: { cron: true }, ts: now.getTime() });
      }
    }
  }

  /** Runs with the same concurrency key (the account) go one at a time, in arrival order. */
  private startRun(fn: FunctionConfig, event: InngestEvent): Promise<RunRecord> {
    const key = `${fn.id}:${String(event.data.investmentAccountId ?? event.id)}`;
    const previous = this.keyQueues.get(key) ?? Promise.resolve();
    let finished!: () => void;
    const mine = new Promise<void>((resolve) => (finished = resolve));
    this.keyQueues.set(key, previous.then(() => mine));
    return previous.then(async () => {
      try {
        return await this.execute(fn, event);
      } finally {
        finished();
      }
    });
  }

  private sleep(ms: number) {
    return new Promise((resolve) => setTimeout(resolve, ms / (this.options.timeScale ?? 1)));
  }

  private async execute(fn: FunctionConfig, event: InngestEvent, runId = randomUUID()): Promise<RunRecord> {
    const step = Object.values(fn.steps)[0]!;
    const maxAttempts = step.retries?.attempts !== undefined ? step.retries.attempts + 1 : 4;
    const record: RunRecord = { runId, functionId: fn.id, event, status: "running", steps: [], attempts: 0 };
    this.runs.set(runId, record);
    const memo: Record<string, Memo> = {};
    const stack: string[] = [];
    let attempt = 0;
    let stepId = "step";
    this.log(`${fn.id} started by ${event.name} (${runId})`);

    while (!this.stopped) {
      record.attempts++;
      const url = new URL(step.runtime.url);
      url.searchParams.set("stepId", stepId);
      let response: Response;
      try {
        response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            version: 2,
            event,
            events: [event],
            steps: memo,
            ctx: { run_id: runId, attempt, max_attempts: maxAttempts, disable_immediate_execution: false, use_api: false, stack: { stack, current: stack.length } },
          }),
        });
      } catch (error) {
        // The app is unreachable (restarting): a retriable failure.
        if (++attempt >= maxAttempts) return this.fail(fn, record, { message: String(error) });
        await this.sleep(backoff(attempt));
        continue;
      }
      const text = await response.text();
      const body = text ? (JSON.parse(text) as Json) : null;
      stepId = "step";

      if (response.status === 200) return this.complete(record, body);
      if (response.status === 206) {
        const ops = body as Op[];
        let retryAfter: number | null = null;
        for (const op of ops) {
          switch (op.op) {
            case "StepRun":
            case "Step":
              memo[op.id] = { type: "data", data: op.data ?? null };
              stack.push(op.id);
              record.steps.push(op.displayName ?? op.name ?? op.id);
              attempt = 0;
              break;
            case "StepFailed":
              memo[op.id] = { type: "error", error: op.error ?? null };
              stack.push(op.id);
              record.steps.push(`${op.displayName ?? op.id} (failed)`);
              attempt = 0;
              break;
            case "StepError": {
              attempt++;
              const header = response.headers.get("retry-after");
              retryAfter = header ? waitMs(header) || Number(header) * 1000 || backoff(attempt) : backoff(attempt);
              this.log(`${fn.id} step ${op.displayName ?? op.id} failed (attempt ${attempt}): ${JSON.stringify(op.error).slice(0, 200)}`);
              break;
            }
            case "StepPlanned":
              stepId = op.id;
              break;
            case "Sleep":
              await this.sleep(waitMs(op.name ?? "0s"));
              memo[op.id] = { type: "data", data: null };
              stack.push(op.id);
              record.steps.push(op.displayName ?? op.id);
              break;
            case "WaitForEvent": {
              const event = await this.waitForEvent(String(op.name), waitMs(String(op.opts?.timeout ?? "1h")));
              memo[op.id] = { type: "data", data: event };
              stack.push(op.id);
              break;
            }
            case "InvokeFunction": {
              const target = this.functions.find((f) => f.id === op.opts?.function_id);
              const payload = (op.opts?.payload ?? {}) as { data?: Record<string, Json> };
              const child = target
                ? await this.execute(target, { id: randomUUID(), name: "inngest/function.invoked", data: payload.data ?? {}, ts: Date.now() })
                : null;
              memo[op.id] = child?.status === "completed" ? { type: "data", data: child.output ?? null } : { type: "error", error: child?.error ?? { message: "no such function" } };
              stack.push(op.id);
              break;
            }
            case "RunComplete":
              return this.complete(record, op.data ?? null);
            default:
              return this.fail(fn, record, { message: `unsupported opcode ${op.op}` });
          }
        }
        if (retryAfter !== null) {
          if (attempt >= maxAttempts) return this.fail(fn, record, { message: "step retries exhausted" });
          await this.sleep(retryAfter);
        }
        continue;
      }
      // 500: retriable unless the SDK says otherwise; 400 or no-retry: permanent.
      const noRetry = response.headers.get("x-inngest-no-retry") === "true" || response.status < 500;
      if (noRetry || ++attempt >= maxAttempts) return this.fail(fn, record, body);
      const header = response.headers.get("retry-after");
      await this.sleep(header ? waitMs(header) || Number(header) * 1000 : backoff(attempt));
    }
    return record;
  }

  private waitForEvent(name: string, timeoutMs: number): Promise<InngestEvent | null> {
    return new Promise((resolve) => {
      const waiter = { name, resolve: (event: InngestEvent) => (clearTimeout(timer), resolve(event)) };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        resolve(null);
      }, timeoutMs / (this.options.timeScale ?? 1));
      this.waiters.push(waiter);
    });
  }

  private complete(record: RunRecord, output: Json): RunRecord {
    Object.assign(record, { status: "completed", output });
    this.log(`${record.functionId} completed (${record.runId})`);
    this.notify(record);
    return record;
  }

  private fail(fn: FunctionConfig, record: RunRecord, error: Json): RunRecord {
    Object.assign(record, { status: "failed", error });
    this.log(`${fn.id} FAILED (${record.runId}): ${JSON.stringify(error).slice(0, 300)}`);
    this.notify(record);
    this.receive([
      { name: "inngest/function.failed", data: { function_id: fn.id, run_id: record.runId, error: error as Json, event: record.event } },
    ]);
    return record;
  }

  private notify(record: RunRecord) {
    for (const listener of this.listeners) listener(record);
  }

  /** Every run so far (newest last). */
  allRuns(): RunRecord[] {
    return [...this.runs.values()];
  }

  /** Resolves with the first finished run of `functionId` that `match` accepts. */
  waitForRun(functionId: string, match: (run: RunRecord) => boolean = () => true, timeoutMs = 30_000): Promise<RunRecord> {
    const done = this.allRuns().find((run) => run.functionId === functionId && run.status !== "running" && match(run));
    if (done) return Promise.resolve(done);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`no finished ${functionId} run within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (run: RunRecord) => {
        if (run.functionId !== functionId || !match(run)) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(run);
      };
      this.listeners.add(listener);
    });
  }
}

/** Exponential backoff with jitter: 1 s, 2 s, 4 s … capped at 5 minutes. */
function backoff(attempt: number): number {
  const base = Math.min(300_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return base / 2 + Math.random() * (base / 2);
}

/** Whether a five-field cron expression fires at `now` (minute resolution; * and numbers and lists). */
export function cronDue(expression: string, now: Date): boolean {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return false;
  const values = [now.getUTCMinutes(), now.getUTCHours(), now.getUTCDate(), now.getUTCMonth() + 1, now.getUTCDay()];
  return fields.every((field, i) => {
    if (field === "*") return true;
    const step = field.match(/^\*\/(\d+)$/);
    if (step) return values[i]! % Number(step[1]) === 0;
    return field.split(",").map(Number).includes(values[i]!);
  });
}
