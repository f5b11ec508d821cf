import { describe, expect, it } from "vitest";
import { eventBytes, MAX_EVENTS_PER_REQUEST, MAX_REQUEST_BYTES, planRequests, type OutgoingEvent } from "./event-api-limits";

const event = (n: number, data: OutgoingEvent["data"] = { n }): OutgoingEvent => ({ id: `0193a000-0000-7000-8000-${String(n).padStart(12, "0")}`, name: "deposit/settled", data });
/** An event whose JSON is exactly `bytes` long. */
function eventOfBytes(n: number, bytes: number): OutgoingEvent {
  const empty = eventBytes(event(n, { pad: "" }));
  return event(n, { pad: "x".repeat(bytes - empty) });
}
const bodyBytes = (request: OutgoingEvent[]) => Buffer.byteLength(JSON.stringify(request));

describe("cutting outbox rows into requests Inngest accepts", () => {
  it("sends small events together, in their order, in one request", () => {
    const events = [1, 2, 3].map((n) => event(n));
    expect(planRequests(events)).toEqual({ requests: [events], unsendable: [] });
  });

  it("starts a new request when the next event would take the body past 256 KiB, and counts bytes as the JSON body does", () => {
    // Three events of 100,000 bytes: two fill 200,003 bytes of body ("[", ",", "]"); a third would make 300,004.
    const events = [1, 2, 3].map((n) => eventOfBytes(n, 100_000));
    const { requests } = planRequests(events);
    expect(requests.map((request) => request.map((e) => e.id))).toEqual([[events[0]!.id, events[1]!.id], [events[2]!.id]]);
    expect(requests.map(bodyBytes)).toEqual([200_003, 100_002]);

    // Filled to the byte: 262,144 bytes of body is accepted whole.
    const exact = [eventOfBytes(4, 131_070), eventOfBytes(5, 131_071)];
    expect(planRequests(exact).requests.map(bodyBytes)).toEqual([MAX_REQUEST_BYTES]);
  });

  it("puts at most 5,000 events in a request, however small", () => {
    // About 35 bytes each: 5,000 make 180 KB, so the count is what splits them.
    const events = Array.from({ length: 12_001 }, (_, n) => ({ id: String(n), name: "e", data: {} }));
    expect(planRequests(events).requests.map((request) => request.length)).toEqual([5_000, 5_000, 2_001]);
    expect(MAX_EVENTS_PER_REQUEST).toBe(5_000);
  });

  it("sets apart, with the reason, an event no request could carry, and sends the others around it", () => {
    const tooLarge = eventOfBytes(2, 300 * 1024);
    const longName = { ...event(3), name: `app/${"n".repeat(253)}` };
    const atTheLimit = eventOfBytes(4, MAX_REQUEST_BYTES - 2);
    const { requests, unsendable } = planRequests([event(1), tooLarge, longName, atTheLimit, event(5)]);
    expect(requests).toEqual([[event(1)], [atTheLimit], [event(5)]]);
    expect(unsendable).toEqual([
      { event: tooLarge, reason: "Inngest would always refuse it: the event is 300.0 KiB, and Inngest accepts at most 256.0 KiB per event." },
      { event: longName, reason: "Inngest would always refuse it: its name has 257 characters, and Inngest accepts at most 256." },
    ]);
  });
});
