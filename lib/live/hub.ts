import pg from "pg";
import { env } from "../env";
import { LIVE_CHANNEL, parseNotice, type LiveNotice } from "./events";

/** `resync`: the hub lost its connection for a while, so notices may have been missed; listeners refresh everything. */
export type HubMessage = LiveNotice | { type: "resync" };
type Listener = (message: HubMessage) => void;

interface Hub {
  listeners: Set<Listener>;
  /** The connection listening, or being opened (null between a loss and the retry). */
  client: pg.Client | null;
  /** Settles once LISTEN is in place (or the attempt failed and a retry is scheduled). */
  ready: Promise<void> | null;
  retryMs: number;
  retryTimer: ReturnType<typeof setTimeout> | null;
  /** Whether a connection has been made before: the next one follows a gap, and announces a resync. */
  connectedBefore: boolean;
}

const FIRST_RETRY_MS = 250;
const LAST_RETRY_MS = 15_000;

// One hub per server process (kept across hot reloads in development), whatever the number of open streams.
const holder = globalThis as { autovestLiveHub?: Hub };

function hub(): Hub {
  holder.autovestLiveHub ??= { listeners: new Set(), client: null, ready: null, retryMs: FIRST_RETRY_MS, retryTimer: null, connectedBefore: false };
  return holder.autovestLiveHub;
}

/**
 * Hands `listener` every notice published on LIVE_CHANNEL by any app instance (lib/live/notify.ts), through ONE
 * dedicated PostgreSQL connection per process, opened on the first subscription and re-opened after an error.
 * `ready` settles once the connection listens (a stream opened after that misses nothing committed later).
 */
export function subscribeLive(listener: Listener): { ready: Promise<void>; unsubscribe: () => void } {
  const state = hub();
  state.listeners.add(listener);
  return { ready: listen(state), unsubscribe: () => state.listeners.delete(listener) };
}

function listen(state: Hub): Promise<void> {
  state.ready ??= connect(state);
  return state.ready;
}

async function connect(state: Hub): Promise<void> {
  const client = new pg.Client({ connectionString: env().DATABASE_URL, keepAlive: true, application_name: "autovest-live" });
  state.client = client;
  client.on("notification", (message) => {
    if (message.channel !== LIVE_CHANNEL || !message.payload) return;
    const notice = parseNotice(message.payload);
    if (notice) fanOut(state, notice);
  });
  // Either may come first (or alone) when the connection is lost: both lead to one reconnect.
  client.on("error", (error) => dropped(state, client, error));
  client.on("end", () => dropped(state, client, null));
  try {
    await client.connect();
    await client.query(`LISTEN ${LIVE_CHANNEL}`);
  } catch (error) {
    dropped(state, client, error);
    return;
  }
  state.retryMs = FIRST_RETRY_MS;
  if (state.connectedBefore) fanOut(state, { type: "resync" });
  state.connectedBefore = true;
}

function dropped(state: Hub, client: pg.Client, error: unknown): void {
  // Only the current connection's first sign of trouble counts: an old connection's late event, or the second of
  // "error" and "end", changes nothing (nor does anything after closeLiveHub).
  if (state.client !== client) return;
  state.client = null;
  if (error) console.error(JSON.stringify({ level: "error", msg: "live: listener connection lost", error: error instanceof Error ? error.message : String(error) }));
  client.end().catch(() => {});
  const delay = state.retryMs;
  state.retryMs = Math.min(state.retryMs * 2, LAST_RETRY_MS);
  state.retryTimer = setTimeout(() => {
    state.retryTimer = null;
    state.ready = null;
    if (state.listeners.size > 0) void listen(state);
  }, delay);
  state.retryTimer.unref?.();
}

function fanOut(state: Hub, message: HubMessage): void {
  for (const listener of state.listeners) {
    try {
      listener(message);
    } catch (error) {
      console.error(JSON.stringify({ level: "error", msg: "live: listener failed", error: error instanceof Error ? error.message : String(error) }));
    }
  }
}

/** The process id of the listening connection (tests end it to prove the hub reconnects); null when not connected. */
export function listenerPid(): number | null {
  return (hub().client as (pg.Client & { processID?: number }) | null)?.processID ?? null;
}

/** Closes the listening connection and forgets every listener (tests, and a process shutting down). */
export async function closeLiveHub(): Promise<void> {
  const state = hub();
  if (state.retryTimer) clearTimeout(state.retryTimer);
  const client = state.client;
  holder.autovestLiveHub = undefined;
  state.listeners.clear();
  state.ready = null;
  state.retryTimer = null;
  state.client = null;
  await client?.end().catch(() => {});
}
