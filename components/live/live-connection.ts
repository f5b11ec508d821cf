/**
 * The browser's one live connection (docs/live.md): one tab, the leader, holds the EventSource to
 * /api/v1/market/stream (elected with the Web Locks API: the lock passes to another tab when the leader closes) and
 * shares what it hears with the other tabs over a BroadcastChannel. When the stream keeps failing, or EventSource
 * does not exist, the leader polls /api/v1/market/status instead, as pages did before, and tries the stream again
 * after a while. Once the session has ended, nothing reconnects until a page subscribes afresh.
 */

export type LiveTopic = "prices" | "account" | "book";

/** What pages hear: a live event; `resync` after a gap (anything may have changed); `tick` on each poll while push is unavailable. */
export type LiveSignal = { kind: "event"; topic: LiveTopic } | { kind: "resync" } | { kind: "tick" };

type Shared = { type: "signal"; signal: LiveSignal } | { type: "ended" };
type Listener = (signal: LiveSignal) => void;

export const STREAM_URL = "/api/v1/market/stream";
const STATUS_URL = "/api/v1/market/status";
const NAME = "autovest-live";
const TOPICS: LiveTopic[] = ["prices", "account", "book"];
const POLL_MS = 5_000;
const FAILURES_BEFORE_POLLING = 3;
const RETRY_PUSH_AFTER_MS = 60_000;

export class LiveConnection {
  private readonly listeners = new Set<Listener>();
  private channel: BroadcastChannel | null = null;
  private started = false;
  private ended = false;
  /** Gives up the wait for the leader's lock (or the lock itself, once held). */
  private lockAbort: AbortController | null = null;
  private releaseLock: (() => void) | null = null;
  private source: EventSource | null = null;
  private pollTimer: ReturnType<typeof setInterval> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  private openedBefore = false;

  subscribe(listener: Listener): () => void {
    const first = this.listeners.size === 0;
    this.listeners.add(listener);
    // A page subscribing afresh after the session ended (signed in again) starts over.
    if (this.ended && first) this.ended = false;
    if (!this.ended) this.start();
    return () => this.listeners.delete(listener);
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    if (!this.channel && typeof BroadcastChannel !== "undefined") {
      this.channel = new BroadcastChannel(NAME);
      this.channel.onmessage = (message: MessageEvent<Shared>) => this.heard(message.data);
    }
    if (!navigator.locks) return this.lead(); // no election possible: each tab keeps its own connection
    const abort = new AbortController();
    this.lockAbort = abort;
    navigator.locks
      .request(NAME, { signal: abort.signal }, () =>
        new Promise<void>((release) => {
          this.releaseLock = release;
          this.lead();
        }),
      )
      .catch(() => {}); // the wait was given up (the session ended)
  }

  private lead(): void {
    if (typeof EventSource === "undefined") this.poll();
    else this.openSource();
  }

  private openSource(): void {
    const source = new EventSource(STREAM_URL);
    this.source = source;
    source.onopen = () => {
      // A reconnection: whatever happened while the stream was down was not heard.
      if (this.openedBefore) this.share({ kind: "resync" });
      this.openedBefore = true;
      this.failures = 0;
    };
    for (const topic of TOPICS) source.addEventListener(topic, () => this.share({ kind: "event", topic }));
    source.addEventListener("resync", () => this.share({ kind: "resync" }));
    source.addEventListener("session-ended", () => this.end());
    source.onerror = () => {
      if (this.source !== source) return;
      // CLOSED: the server answered something other than a stream (401, say); the browser will not retry.
      if (source.readyState === EventSource.CLOSED) {
        this.source = null;
        void this.afterRefusal();
      } else if (++this.failures >= FAILURES_BEFORE_POLLING) {
        source.close();
        this.source = null;
        this.poll();
      }
    };
  }

  /** Asks the stream once more by fetch to learn why it was refused: signed out or not allowed ends; anything else retries, then polls. */
  private async afterRefusal(): Promise<void> {
    const abort = new AbortController();
    const status = await fetch(STREAM_URL, { cache: "no-store", signal: abort.signal }).then(
      (response) => response.status,
      () => 0,
    );
    abort.abort();
    if (status === 401 || status === 403) return this.end();
    if (++this.failures >= FAILURES_BEFORE_POLLING) return this.poll();
    this.retryTimer = setTimeout(() => this.openSource(), 2_000 * this.failures);
  }

  /** The old way: the prices' time every 5 seconds, and a tick for pages that refresh while something is in progress. */
  private poll(): void {
    let seen: string | null | undefined;
    const once = async () => {
      const response = await fetch(STATUS_URL, { cache: "no-store" }).catch(() => null);
      if (response?.status === 401) return this.end();
      if (response?.ok) {
        const { pricesAsOf } = (await response.json()) as { pricesAsOf: string | null };
        if (seen !== undefined && seen !== pricesAsOf) this.share({ kind: "event", topic: "prices" });
        seen = pricesAsOf;
      }
      this.share({ kind: "tick" });
    };
    void once();
    this.pollTimer = setInterval(() => void once(), POLL_MS);
    this.retryTimer = setTimeout(() => {
      clearInterval(this.pollTimer);
      this.failures = 0;
      this.openSource();
    }, RETRY_PUSH_AFTER_MS);
  }

  /** Hands a signal to this tab's pages and to the other tabs'. */
  private share(signal: LiveSignal): void {
    this.deliver(signal);
    this.channel?.postMessage({ type: "signal", signal } satisfies Shared);
  }

  private deliver(signal: LiveSignal): void {
    for (const listener of this.listeners) listener(signal);
  }

  private heard(message: Shared): void {
    if (message.type === "signal") this.deliver(message.signal);
    else this.stop();
  }

  /** The session ended: every tab stops, and none reconnects. */
  private end(): void {
    this.channel?.postMessage({ type: "ended" } satisfies Shared);
    this.stop();
  }

  private stop(): void {
    this.ended = true;
    this.started = false;
    this.source?.close();
    this.source = null;
    clearInterval(this.pollTimer);
    clearTimeout(this.retryTimer);
    this.lockAbort?.abort();
    this.lockAbort = null;
    this.releaseLock?.();
    this.releaseLock = null;
  }
}
