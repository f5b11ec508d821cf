import type { BrowserContext, Page } from "@playwright/test";
import { DEMO, expect, sameOrigin, signIn, signOut, test, THROUGH_A_WORKFLOW } from "./fixtures";

// Moves every price for everyone: this spec runs on its own, after the others (see playwright.config.ts).

const STREAM = "/api/v1/market/stream";

type Watched = Window & { liveSources: EventSource[]; liveEnded: number; livePrices: number; notReloaded?: boolean };

/** Keeps every EventSource a page of the context opens, and counts the prices and session-ended events they hear. */
async function watchEventSources(context: BrowserContext) {
  await context.addInitScript(() => {
    const Original = window.EventSource;
    const watched = window as unknown as Watched;
    watched.liveSources = [];
    watched.liveEnded = 0;
    watched.livePrices = 0;
    window.EventSource = class extends Original {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init);
        watched.liveSources.push(this);
        this.addEventListener("session-ended", () => watched.liveEnded++);
        this.addEventListener("prices", () => watched.livePrices++);
      }
    };
  });
}

/** How many streams the page has opened, and how many of them are open now. */
const sourcesOf = (page: Page) =>
  page.evaluate(() => {
    const { liveSources } = window as unknown as Watched;
    return { opened: liveSources.length, open: liveSources.filter((source) => source.readyState === EventSource.OPEN).length };
  });

/** The page's requests for the old 5-second price poll. */
const pollsOf = (page: Page) => page.evaluate(() => performance.getEntriesByType("resource").filter((entry) => entry.name.includes("/api/v1/market/status")).length);

test("a price sync reaches both of Hana's tabs through one stream within seconds, without polling; signing out ends the stream", async ({ newPerson, pageAs }) => {
  // Nobody else's stream: without a session the stream is refused.
  const stranger = await newPerson();
  expect((await stranger.request.get(STREAM)).status()).toBe(401);

  // Hana signs in afresh (her own session, so that signing it out leaves the other specs' session alone).
  const first = await newPerson();
  const context = first.context();
  await watchEventSources(context);
  const streamRequests: string[] = [];
  context.on("request", (request) => {
    if (new URL(request.url()).pathname === STREAM) streamRequests.push(request.url());
  });
  await signIn(first, DEMO.holder);
  await expect(first).toHaveURL(/\/dashboard$/);
  const second = await context.newPage();
  await second.goto("/dashboard");
  const tabs = [first, second];

  // One tab holds the browser's one stream; the other hears it through the first.
  await expect.poll(async () => (await Promise.all(tabs.map(sourcesOf))).reduce((sum, s) => sum + s.open, 0)).toBe(1);
  const [leader, follower] = (await sourcesOf(first)).open === 1 ? [first, second] : [second, first];

  const before = await Promise.all(tabs.map((tab) => tab.getByTestId("invested-value").innerText()));
  for (const tab of tabs) await tab.evaluate(() => Object.assign(window, { notReloaded: true }));
  const { pricesAsOf: asOfBefore } = (await (await first.request.get("/api/v1/market/status")).json()) as { pricesAsOf: string };

  // An admin asks for a price sync; Hana's tabs are left alone.
  const admin = await pageAs("admin");
  expect((await admin.request.post("/api/v1/market/sync", { headers: sameOrigin() })).status()).toBe(202);
  await expect
    .poll(async () => ((await (await first.request.get("/api/v1/market/status")).json()) as { pricesAsOf: string }).pricesAsOf, { ...THROUGH_A_WORKFLOW, intervals: [200] })
    .not.toBe(asOfBefore);

  // The stream has told the leader within 2 seconds of the new prices being seen stored (which this test's own
  // polling sees late, if anything), and both tabs re-render with the new value: pushed, never polled (the old
  // poll asked every 5 seconds), and the page not reloaded. Re-rendering the dashboard takes the server seconds on
  // a busy machine, which is not the push's delay.
  await expect.poll(() => leader.evaluate(() => (window as unknown as Watched).livePrices), { timeout: 2_000, intervals: [100] }).toBe(1);
  for (const [i, tab] of tabs.entries()) await expect(tab.getByTestId("invested-value")).not.toHaveText(before[i]!, { timeout: 15_000 });
  for (const tab of tabs) {
    expect(await tab.evaluate(() => (window as unknown as Watched).notReloaded)).toBe(true);
    expect(await pollsOf(tab)).toBe(0);
  }
  expect(streamRequests).toHaveLength(1);
  expect((await sourcesOf(follower)).opened).toBe(0);

  // Signing out in the other tab ends the leader's stream from the server, and nothing reconnects.
  await signOut(follower);
  await expect.poll(() => leader.evaluate(() => (window as unknown as Watched).liveEnded)).toBe(1);
  expect(await sourcesOf(leader)).toEqual({ opened: 1, open: 0 });
  expect(streamRequests).toHaveLength(1);
});
