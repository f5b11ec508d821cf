import { describe, expect, it, vi } from "vitest";
import { browser, createUser } from "../../scripts/test/factories";
import { sessionsWaitingForALock } from "../../scripts/test/locks";
import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { Conflict, Forbidden, InvalidInput, NotFound } from "../errors";
import { book, cancel, listOpenSlots, TAKEN } from "./bookings";
import { consultationInvite } from "./invite";
import { publishSlots, upcoming, withdrawSlot } from "./slots";
import { formatSlot, wallTimeOf } from "./time";

/** A `datetime-local` value (UTC) `days` from now at hh:mm. */
function at(days: number, hh: number, mm = 0): string {
  const day = new Date(Date.now() + days * 86_400_000);
  return wallTimeOf(new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hh, mm)));
}

async function clientOf(advisor: CurrentUser): Promise<CurrentUser> {
  const investor = await createUser("INVESTOR");
  await db.user.update({ where: { id: investor.id }, data: { advisorId: advisor.id } });
  return investor;
}

const notificationsOf = (user: CurrentUser) =>
  db.notification.findMany({ where: { userId: user.id }, select: { kind: true, title: true, body: true, link: true } });

const auditOf = (action: "CONSULTATION_SLOT_PUBLISHED" | "CONSULTATION_SLOT_WITHDRAWN" | "CONSULTATION_BOOKED" | "CONSULTATION_CANCELED", slotId: string) =>
  db.auditLog.findMany({ where: { action, targetType: "ConsultationSlot", targetId: slotId }, orderBy: { id: "asc" }, select: { actorId: true, details: true } });

describe("publishing consultation times", () => {
  it("publishes a series back to back, audited per slot, and shows it coming up", async () => {
    const advisor = await createUser("ADVISOR");
    const slots = await publishSlots(advisor, { startsAt: at(3, 14), minutes: "30", count: "3" }, browser());
    expect(slots.map((s) => [wallTimeOf(s.startsAt), wallTimeOf(s.endsAt)])).toEqual([
      [at(3, 14), at(3, 14, 30)],
      [at(3, 14, 30), at(3, 15)],
      [at(3, 15), at(3, 15, 30)],
    ]);
    expect(await auditOf("CONSULTATION_SLOT_PUBLISHED", slots[1]!.id)).toEqual([
      { actorId: advisor.id, details: { startsAt: `${at(3, 14, 30)}:00.000Z`, endsAt: `${at(3, 15)}:00.000Z`, method: "PHONE" } },
    ]);
    expect((await upcoming(advisor)).map((c) => [c.id, c.investor])).toEqual(slots.map((s) => [s.id, null]));
  });

  it("refuses an overlap with an existing time, even two publishes at the same moment, and allows one after a withdrawal", async () => {
    const advisor = await createUser("ADVISOR");
    const [first] = await publishSlots(advisor, { startsAt: at(2, 10), minutes: 60, count: 1 }, browser());
    // 10:45–11:15 overlaps 10:00–11:00; 11:00–11:30 only touches it.
    await expect(publishSlots(advisor, { startsAt: at(2, 10, 45), minutes: 30, count: 1 }, browser())).rejects.toThrow(/^This overlaps your time on .*, 10:00–11:00 UTC; choose another\.$/);
    await expect(publishSlots(advisor, { startsAt: at(2, 9), minutes: 30, count: 3 }, browser())).rejects.toBeInstanceOf(Conflict);
    await publishSlots(advisor, { startsAt: at(2, 11), minutes: 30, count: 1 }, browser());
    // Another advisor's calendar is their own.
    await publishSlots(await createUser("ADVISOR"), { startsAt: at(2, 10), minutes: 60, count: 1 }, browser());

    // Four overlapping publishes at once: exactly one gets the hour.
    const results = await Promise.allSettled([0, 15, 30, 45].map((mm) => publishSlots(advisor, { startsAt: at(2, 13, mm), minutes: 60, count: 1 }, browser())));
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected", "rejected", "rejected"]);

    await withdrawSlot(advisor, first!.id, browser());
    await publishSlots(advisor, { startsAt: at(2, 10, 15), minutes: 30, count: 1 }, browser());
    expect((await upcoming(advisor)).map((c) => wallTimeOf(c.startsAt))).toEqual([at(2, 10, 15), at(2, 11), expect.stringMatching(/T13:(00|15|30|45)$/)]);
    expect(await auditOf("CONSULTATION_SLOT_WITHDRAWN", first!.id)).toEqual([{ actorId: advisor.id, details: { startsAt: `${at(2, 10)}:00.000Z` } }]);
  });

  it("waits for a publish in flight for the same advisor, then sees its times", async () => {
    const advisor = await createUser("ADVISOR");
    const startsAt = new Date(`${at(9, 10)}:00Z`);
    let release!: () => void;
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    // Another publish has locked the advisor and written 10:00–11:00, not yet committed.
    const inFlight = db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT 1 FROM "User" WHERE "id" = ${advisor.id}::uuid FOR NO KEY UPDATE`;
      await tx.consultationSlot.create({ data: { advisorId: advisor.id, startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000) } });
      holding();
      await new Promise<void>((resolve) => (release = resolve));
    }, { timeout: 30_000 });
    await held;
    const second = publishSlots(advisor, { startsAt: at(9, 10, 30), minutes: 30, count: 1 }, browser()).then(
      () => "published",
      (error: Error) => error.message,
    );
    // The second publish is queued behind the first one's lock before that one commits.
    await vi.waitFor(async () => expect(await sessionsWaitingForALock()).toBe(1), { timeout: 20_000, interval: 20 });
    release();
    await inFlight;
    expect(await second).toMatch(/^This overlaps your time on .*, 10:00–11:00 UTC/);
    expect(await db.consultationSlot.count({ where: { advisorId: advisor.id } })).toBe(1);
  });

  it("refuses times in the past, too short or too long, too far ahead, and publishing by investors; nothing is created", async () => {
    const advisor = await createUser("ADVISOR");
    const fieldOf = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => (error instanceof InvalidInput ? error.fields : error));
    expect(await fieldOf(publishSlots(advisor, { startsAt: at(-1, 10), minutes: 30, count: 1 }, browser()))).toEqual({ startsAt: "Choose a time in the future." });
    expect(await fieldOf(publishSlots(advisor, { startsAt: wallTimeOf(new Date(Date.now() - 60_000)), minutes: 30, count: 1 }, browser()))).toEqual({
      startsAt: "Choose a time in the future.",
    });
    expect(await fieldOf(publishSlots(advisor, { startsAt: at(400, 10), minutes: 30, count: 1 }, browser()))).toEqual({ startsAt: "Publish at most a year ahead." });
    expect(await fieldOf(publishSlots(advisor, { startsAt: "2027-02-30T10:00", minutes: 30, count: 1 }, browser()))).toEqual({ startsAt: "Choose when the first slot starts." });
    expect(await fieldOf(publishSlots(advisor, { startsAt: at(1, 10), minutes: 10, count: 1 }, browser()))).toEqual({ minutes: "A slot is at least 15 minutes." });
    expect(await fieldOf(publishSlots(advisor, { startsAt: at(1, 10), minutes: 121, count: 1 }, browser()))).toEqual({ minutes: "A slot is at most 2 hours." });
    expect(await fieldOf(publishSlots(advisor, { startsAt: at(1, 10), minutes: 30, count: 17 }, browser()))).toEqual({ count: "Publish at most 16 slots at once." });
    await expect(publishSlots(await createUser("INVESTOR"), { startsAt: at(1, 10), minutes: 30, count: 1 }, browser())).rejects.toBeInstanceOf(Forbidden);
    expect(await db.consultationSlot.count({ where: { advisorId: advisor.id } })).toBe(0);
  });
});

describe("booking a consultation", () => {
  it("books the investor's own advisor's open time with a topic; both sides see it; a second booking is refused", async () => {
    const advisor = await createUser("ADVISOR", "Alma Advisor");
    const investor = await clientOf(advisor);
    const neighbour = await clientOf(advisor);
    const [slot, other] = await publishSlots(advisor, { startsAt: at(5, 9), minutes: 45, count: 2 }, browser());

    expect((await listOpenSlots(investor)).slots.map((s) => s.id)).toEqual([slot!.id, other!.id]);
    const booked = await book(investor, { slotId: slot!.id, topic: "  Saving for a house  " }, browser());
    expect(booked).toMatchObject({ id: slot!.id, advisor: { id: advisor.id, name: "Alma Advisor" } });

    expect(await listOpenSlots(neighbour)).toEqual({ advisor: { id: advisor.id, name: "Alma Advisor" }, slots: [{ ...other, method: "PHONE", methodDetail: null }] });
    expect((await upcoming(investor)).map((c) => [c.id, c.topic, c.advisor.name])).toEqual([[slot!.id, "Saving for a house", "Alma Advisor"]]);
    expect((await upcoming(advisor)).map((c) => [c.id, c.investor?.name ?? null, c.topic])).toEqual([
      [slot!.id, investor.name, "Saving for a house"],
      [other!.id, null, null],
    ]);
    await expect(book(neighbour, { slotId: slot!.id }, browser())).rejects.toThrow(TAKEN);
    await expect(book(investor, { slotId: slot!.id }, browser())).rejects.toThrow("You have already booked this time.");
    expect(await auditOf("CONSULTATION_BOOKED", slot!.id)).toEqual([{ actorId: investor.id, details: { advisorId: advisor.id, startsAt: `${at(5, 9)}:00.000Z` } }]);
    const row = await db.consultationSlot.findUniqueOrThrow({ where: { id: slot!.id } });
    expect([row.investorId, row.topic, row.bookedAt !== null]).toEqual([investor.id, "Saving for a house", true]);
    expect(await notificationsOf(advisor)).toEqual([
      { kind: "CONSULTATION", title: `${investor.name} booked a consultation`, body: `${formatSlot(slot!)}. Topic: Saving for a house`, link: "/admin/consultations" },
    ]);
    expect(await notificationsOf(investor)).toEqual([]); // she knows: she booked it
  });

  it("lets exactly one of two investors booking the same time at the same moment have it", async () => {
    const advisor = await createUser("ADVISOR");
    const [slot] = await publishSlots(advisor, { startsAt: at(4, 16), minutes: 30, count: 1 }, browser());
    const investors = await Promise.all([clientOf(advisor), clientOf(advisor)]);

    const results = await Promise.allSettled(investors.map((investor) => book(investor, { slotId: slot!.id, topic: investor.name }, browser())));
    const winners = results.flatMap((result, i) => (result.status === "fulfilled" ? [investors[i]!.id] : []));
    expect(winners).toHaveLength(1);
    const loser = results.find((result) => result.status === "rejected");
    expect(loser?.reason).toBeInstanceOf(Conflict);
    expect((loser?.reason as Error).message).toBe(TAKEN);
    const row = await db.consultationSlot.findUniqueOrThrow({ where: { id: slot!.id } });
    expect(row.investorId).toBe(winners[0]);
    expect(await auditOf("CONSULTATION_BOOKED", slot!.id)).toHaveLength(1);
  });

  it("keeps investors to their own advisor's open, future times and to three upcoming bookings", async () => {
    const advisor = await createUser("ADVISOR");
    const investor = await clientOf(advisor);
    const stranger = await clientOf(await createUser("ADVISOR"));
    const unassigned = await createUser("INVESTOR");
    const slots = await publishSlots(advisor, { startsAt: at(6, 8), minutes: 30, count: 6 }, browser());

    expect((await listOpenSlots(stranger)).slots).toEqual([]);
    await expect(book(stranger, { slotId: slots[0]!.id }, browser())).rejects.toThrow("There is no such time with your advisor.");
    expect(await listOpenSlots(unassigned)).toEqual({ advisor: null, slots: [] });
    await expect(book(unassigned, { slotId: slots[0]!.id }, browser())).rejects.toThrow(/^You have no advisor yet\./);
    await expect(book(advisor, { slotId: slots[0]!.id }, browser())).rejects.toBeInstanceOf(Forbidden);
    await expect(book(investor, { slotId: "not-a-slot" }, browser())).rejects.toBeInstanceOf(NotFound);
    await expect(book(investor, { slotId: "" }, browser())).rejects.toMatchObject({ fields: { slotId: "Choose a time." } });
    await expect(book(investor, { slotId: slots[0]!.id, topic: "x".repeat(501) }, browser())).rejects.toBeInstanceOf(InvalidInput);

    await withdrawSlot(advisor, slots[5]!.id, browser());
    await expect(book(investor, { slotId: slots[5]!.id }, browser())).rejects.toThrow("Your advisor no longer offers this time; pick another.");
    await db.consultationSlot.update({ where: { id: slots[4]!.id }, data: { startsAt: new Date(Date.now() - 60_000) } });
    await expect(book(investor, { slotId: slots[4]!.id }, browser())).rejects.toThrow("This time has passed; pick another.");

    for (const slot of slots.slice(0, 3)) await book(investor, { slotId: slot.id }, browser());
    await expect(book(investor, { slotId: slots[3]!.id }, browser())).rejects.toThrow("You already have 3 upcoming consultations; cancel one to book another.");
    expect(await db.consultationSlot.count({ where: { investorId: { in: [investor.id, stranger.id, unassigned.id] } } })).toBe(3);
  });
});

describe("canceling a consultation", () => {
  it("by the investor reopens the time for others, audited with who canceled", async () => {
    const advisor = await createUser("ADVISOR");
    const investor = await clientOf(advisor);
    const neighbour = await clientOf(advisor);
    const [slot] = await publishSlots(advisor, { startsAt: at(7, 12), minutes: 30, count: 1 }, browser());
    await book(investor, { slotId: slot!.id, topic: "Retirement" }, browser());

    await expect(cancel(neighbour, slot!.id, browser())).rejects.toBeInstanceOf(NotFound);
    await cancel(investor, slot!.id, browser());
    await expect(cancel(investor, slot!.id, browser())).rejects.toBeInstanceOf(NotFound); // a repeat changes nothing
    expect(await upcoming(investor)).toEqual([]);
    expect((await listOpenSlots(neighbour)).slots.map((s) => s.id)).toEqual([slot!.id]);
    const row = await db.consultationSlot.findUniqueOrThrow({ where: { id: slot!.id } });
    expect([row.investorId, row.topic, row.bookedAt]).toEqual([null, null, null]);
    await book(neighbour, { slotId: slot!.id }, browser());
    // Told of each booking (the same time, booked again) and of the cancellation; the investor of nothing.
    const told = (await notificationsOf(advisor)).map((n) => [n.title, n.body]);
    expect(told).toHaveLength(3);
    expect(told).toEqual(
      expect.arrayContaining([
        [`${investor.name} booked a consultation`, `${formatSlot(slot!)}. Topic: Retirement`],
        [`Consultation with ${investor.name} canceled`, `${investor.name} canceled ${formatSlot(slot!)}. The time is open again for your clients.`],
        [`${neighbour.name} booked a consultation`, `${formatSlot(slot!)}. No topic given.`],
      ]),
    );
    expect(await notificationsOf(investor)).toEqual([]);
    expect(await auditOf("CONSULTATION_CANCELED", slot!.id)).toEqual([
      { actorId: investor.id, details: { investorId: investor.id, advisorId: advisor.id, startsAt: `${at(7, 12)}:00.000Z`, canceledBy: "INVESTOR" } },
    ]);
  });

  it("by the advisor or an admin, never by another advisor, and never once it has begun", async () => {
    const advisor = await createUser("ADVISOR");
    const admin = await createUser("ADMIN");
    const otherAdvisor = await createUser("ADVISOR");
    const investor = await clientOf(advisor);
    const [first, second, third] = await publishSlots(advisor, { startsAt: at(8, 15), minutes: 60, count: 3 }, browser());
    for (const slot of [first, second, third]) await book(investor, { slotId: slot!.id }, browser());

    await expect(cancel(otherAdvisor, first!.id, browser())).rejects.toThrow("This consultation is not with you.");
    await expect(withdrawSlot(otherAdvisor, first!.id, browser())).rejects.toBeInstanceOf(NotFound);
    await expect(withdrawSlot(advisor, first!.id, browser())).rejects.toThrow("This time is booked: cancel the consultation first.");
    await cancel(advisor, first!.id, browser());
    await expect(cancel(advisor, first!.id, browser())).rejects.toThrow("Nobody has booked this time; it may have been canceled already.");
    await cancel(admin, second!.id, browser());
    await db.consultationSlot.update({ where: { id: third!.id }, data: { startsAt: new Date(Date.now() - 60_000) } });
    await expect(cancel(investor, third!.id, browser())).rejects.toThrow("This consultation has already begun; it can no longer be canceled.");
    await expect(cancel(advisor, third!.id, browser())).rejects.toBeInstanceOf(Conflict);

    const canceled = await db.auditLog.findMany({ where: { action: "CONSULTATION_CANCELED", targetId: { in: [first!.id, second!.id, third!.id] } }, orderBy: { id: "asc" } });
    expect(canceled.map((a) => [a.targetId, a.actorId, (a.details as { canceledBy: string }).canceledBy])).toEqual([
      [first!.id, advisor.id, "ADVISOR"],
      [second!.id, admin.id, "ADMIN"],
    ]);
    expect((await db.consultationSlot.findUniqueOrThrow({ where: { id: third!.id } })).investorId).toBe(investor.id);
    const investorTold = (await notificationsOf(investor)).map((n) => [n.title, n.body, n.link]);
    expect(investorTold).toHaveLength(2);
    expect(investorTold).toEqual(
      expect.arrayContaining([
        [`Your consultation with ${advisor.name} was canceled`, `${advisor.name} canceled ${formatSlot(first!)}. You can book another time.`, "/consultations"],
        [`Your consultation with ${advisor.name} was canceled`, `Our team canceled ${formatSlot(second!)}. You can book another time.`, "/consultations"],
      ]),
    );
    expect((await notificationsOf(advisor)).filter((n) => n.title.endsWith("canceled")).map((n) => n.body)).toEqual([
      `Our team canceled ${formatSlot(second!)}. The time is open again for your clients.`,
    ]);
  });
});

describe("times in the advisor's zone, how the call happens, and the calendar invite", () => {
  it("reads the typed time in the zone the form named and keeps how the call happens", async () => {
    const advisor = await createUser("ADVISOR");
    const day = at(6, 0).slice(0, 10);
    const [slot] = await publishSlots(
      advisor,
      { startsAt: `${day}T10:00`, timeZone: "Asia/Tokyo", minutes: 30, count: 1, method: "VIDEO", methodDetail: "https://meet.example.com/xyz" },
      browser(),
    );
    // Tokyo is UTC+9 all year.
    expect(slot!.startsAt.toISOString()).toBe(`${day}T01:00:00.000Z`);
    expect((await upcoming(advisor)).map((c) => [c.method, c.methodDetail])).toEqual([["VIDEO", "https://meet.example.com/xyz"]]);
  });

  it("refuses a video call without an https link, a bad phone number and an unknown zone; nothing is created", async () => {
    const advisor = await createUser("ADVISOR");
    const fieldOf = (input: Record<string, unknown>) =>
      publishSlots(advisor, { startsAt: at(3, 10), minutes: 30, count: 1, ...input }, browser()).then(
        () => null,
        (error: unknown) => (error instanceof InvalidInput ? error.fields : error),
      );
    expect(await fieldOf({ method: "VIDEO" })).toEqual({ methodDetail: "Give the video call's link, starting https://." });
    expect(await fieldOf({ method: "VIDEO", methodDetail: "http://meet.example.com/x" })).toEqual({ methodDetail: "Give the video call's link, starting https://." });
    expect(await fieldOf({ method: "PHONE", methodDetail: "call me maybe" })).toEqual({
      methodDetail: "Give a phone number (digits, spaces, + ( ) - .), or leave it empty to call your client.",
    });
    expect(await fieldOf({ timeZone: "Mars/Olympus_Mons" })).toEqual({ timeZone: "Choose a time zone from the list." });
    expect(await fieldOf({ method: "FAX" })).toEqual({ method: "Choose a phone or a video call." });
    expect(await db.consultationSlot.count({ where: { advisorId: advisor.id } })).toBe(0);
  });

  it("gives the invite to the two participants only, and only once booked", async () => {
    const advisor = await createUser("ADVISOR", "Alma Advisor");
    const investor = await clientOf(advisor);
    const neighbour = await clientOf(advisor);
    const [slot] = await publishSlots(advisor, { startsAt: at(7, 9), minutes: 30, count: 1, methodDetail: "+1 212 555 0100" }, browser());
    await expect(consultationInvite(advisor, slot!.id)).rejects.toBeInstanceOf(NotFound);
    await book(investor, { slotId: slot!.id, topic: "Taxes, mostly" }, browser());
    for (const participant of [investor, advisor]) {
      const { text, filename } = await consultationInvite(participant, slot!.id);
      expect(filename).toBe(`autovest-consultation-${at(7, 9).slice(0, 10)}.ics`);
      expect(text).toContain(`\r\nDTSTART:${at(7, 9).replace(/[-:]/g, "")}00Z\r\n`);
      expect(text).toContain("\r\nLOCATION:Phone: call +1 212 555 0100\r\n");
      expect(text).toContain("Topic: Taxes\\, mostly");
    }
    await expect(consultationInvite(neighbour, slot!.id)).rejects.toBeInstanceOf(NotFound);
    await expect(consultationInvite(await createUser("ADMIN"), slot!.id)).rejects.toBeInstanceOf(NotFound);
    await expect(consultationInvite(investor, "not-a-uuid")).rejects.toBeInstanceOf(NotFound);
  });
});
