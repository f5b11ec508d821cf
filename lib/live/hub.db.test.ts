import { afterEach, describe, expect, it } from "vitest";
import { browser, createInvestor, createUser } from "../../scripts/test/factories";
import { endSession, openSession, userOfSession } from "../auth/sessions";
import { db } from "../db";
import type { LiveViewer } from "./events";
import { closeLiveHub, listenerPid, subscribeLive, type HubMessage } from "./hub";
import { notifyAccountChanged, notifyLive } from "./notify";
import { liveEventStream } from "./stream";

afterEach(async () => {
  await closeLiveHub();
});

/** A listener that keeps what it hears, and can wait for a message that matches. */
function recorder() {
  const heard: HubMessage[] = [];
  const waiters: { match: (m: HubMessage) => boolean; resolve: (m: HubMessage) => void }[] = [];
  const listener = (message: HubMessage) => {
    heard.push(message);
    for (const waiter of waiters.splice(0)) {
      if (waiter.match(message)) waiter.resolve(message);
      else waiters.push(waiter);
    }
  };
  const next = (match: (m: HubMessage) => boolean) =>
    new Promise<HubMessage>((resolve) => {
      const found = heard.find(match);
      if (found) resolve(found);
      else waiters.push({ match, resolve });
    });
  return { heard, listener, next };
}

/** Reads a text/event-stream body until `until` appears in what was read (or the stream ends). */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, text: { value: string }, until: string): Promise<boolean> {
  const decoder = new TextDecoder();
  while (!text.value.includes(until)) {
    const { value, done } = await reader.read();
    if (done) return false;
    text.value += decoder.decode(value);
  }
  return true;
}

describe("the live hub", () => {
  it("hands a notice committed in a transaction to its subscribers, and nothing from a transaction rolled back", async () => {
    const { listener, heard, next } = recorder();
    const { ready } = subscribeLive(listener);
    await ready;
    await db
      .$transaction(async (tx) => {
        await notifyLive(tx, { type: "prices", asOf: "2026-12-02T10:00:00.000Z" });
        throw new Error("roll back");
      })
      .catch(() => {});
    await db.$transaction((tx) => notifyLive(tx, { type: "prices", asOf: "2026-12-02T11:00:00.000Z" }));
    expect(await next((m) => m.type === "prices")).toEqual({ type: "prices", asOf: "2026-12-02T11:00:00.000Z" });
    // Notices arrive in commit order: the rolled-back one would have come first.
    expect(heard).toEqual([{ type: "prices", asOf: "2026-12-02T11:00:00.000Z" }]);
  });

  it("names the account's owner in an account change, read from the database in the same statement", async () => {
    const { user, accountId } = await createInvestor();
    const { listener, next } = recorder();
    await subscribeLive(listener).ready;
    await db.$transaction((tx) => notifyAccountChanged(tx, accountId, "fill"));
    expect(await next((m) => m.type === "account")).toEqual({ type: "account", kind: "fill", userId: user.id, accountId });
    // With an advisor, the notice names them too, so that only they (and admins) are told of it.
    const advisor = await createUser("ADVISOR");
    await db.user.update({ where: { id: user.id }, data: { advisorId: advisor.id } });
    await db.$transaction((tx) => notifyAccountChanged(tx, accountId, "deposit"));
    expect(await next((m) => m.type === "account" && m.kind === "deposit")).toEqual({ type: "account", kind: "deposit", userId: user.id, accountId, advisorId: advisor.id });
  });

  it("reconnects after its connection is killed, says so with a resync, and hears what is committed afterwards", async () => {
    const { listener, next } = recorder();
    await subscribeLive(listener).ready;
    const first = listenerPid();
    expect(first).not.toBeNull();
    await db.$queryRaw`SELECT pg_terminate_backend(${first}::int)`;
    await next((m) => m.type === "resync");
    expect(listenerPid()).not.toBe(first);
    await db.$transaction((tx) => notifyLive(tx, { type: "prices", asOf: "2026-12-02T12:00:00.000Z" }));
    expect(await next((m) => m.type === "prices")).toEqual({ type: "prices", asOf: "2026-12-02T12:00:00.000Z" });
  });
});

describe("the live event stream", () => {
  it("sends a viewer their own account's changes and prices, never another investor's, and pings", async () => {
    const hana = await createInvestor();
    const sam = await createInvestor();
    const viewer: LiveViewer = { userId: hana.user.id, role: "INVESTOR", sessionId: "token:x" };
    const abort = new AbortController();
    let closed = 0;
    const reader = liveEventStream(viewer, { stillSignedIn: async () => true, signal: abort.signal, heartbeatMs: 200, onClose: () => closed++ }).getReader();
    const text = { value: "" };
    expect(await readUntil(reader, text, ": listening")).toBe(true);
    expect(text.value.startsWith("retry: 3000\n")).toBe(true);
    await db.$transaction((tx) => notifyAccountChanged(tx, sam.accountId, "deposit"));
    await db.$transaction((tx) => notifyAccountChanged(tx, hana.accountId, "deposit"));
    expect(await readUntil(reader, text, "event: account")).toBe(true);
    expect(await readUntil(reader, text, ": ping")).toBe(true);
    expect(text.value).toContain(`event: account\ndata: ${JSON.stringify({ kind: "deposit", accountId: hana.accountId })}\n\n`);
    expect(text.value).not.toContain(sam.accountId);
    expect(closed).toBe(0);
    abort.abort();
    expect((await reader.read()).done).toBe(true);
    // The viewer's place (lib/live/limits.ts) is given back once.
    expect(closed).toBe(1);
  });

  it("ends with session-ended when the viewer's session is signed out, without waiting for the heartbeat", async () => {
    const user = await createUser("INVESTOR");
    const sessionId = await db.$transaction((tx) => openSession(tx, user.id, browser()));
    const viewer: LiveViewer = { userId: user.id, role: "INVESTOR", sessionId };
    const reader = liveEventStream(viewer, { stillSignedIn: async () => (await userOfSession(sessionId)) !== null, heartbeatMs: 600_000 }).getReader();
    const text = { value: "" };
    expect(await readUntil(reader, text, ": listening")).toBe(true);
    await endSession(sessionId, browser());
    expect(await readUntil(reader, text, "event: session-ended")).toBe(true);
    expect((await reader.read()).done).toBe(true);
  });
});
