/**
 * Investors book their own advisor's open times and cancel them; the advisor (or an admin) may cancel too, and
 * the other side is notified. A slot is taken by one conditional UPDATE, so two investors booking it at the same
 * moment cannot both win.
 */
import { z } from "zod";
import { recordAudit } from "../audit/record";
import type { CurrentUser } from "../auth/sessions";
import { db, type Tx } from "../db";
import { Conflict, Forbidden, NotFound } from "../errors";
import type { RequestContext } from "../http/request-context";
import { notify } from "../notifications/notify";
import { parseInput } from "../validation";
import { consultationBooked, consultationCanceled } from "./notices";
import { lockedSlot, type Consultation, type Slot } from "./slots";

/** Upcoming consultations an investor may hold at once, so nobody blocks an advisor's calendar. */
export const MAX_UPCOMING_BOOKINGS = 3;
const OPEN_SLOTS_LIMIT = 100;

export const TAKEN = "This time has just been booked by someone else; pick another.";
export const NO_ADVISOR = "You have no advisor yet. Once our team assigns one, you can book a consultation here.";

export interface OpenSlots {
  /** The investor's own advisor; null until an admin assigns one. */
  advisor: { id: string; name: string } | null;
  slots: (Slot & Pick<Consultation, "method" | "methodDetail">)[];
}

/** The open future times of the investor's own advisor (nobody else's). */
export async function listOpenSlots(investor: CurrentUser): Promise<OpenSlots> {
  if (investor.role !== "INVESTOR") throw new Forbidden("Only investors book consultations.");
  const me = await db.user.findUnique({ where: { id: investor.id }, select: { advisor: { select: { id: true, name: true, role: true } } } });
  // Someone no longer an advisor (their role was changed) offers no times to their former clients.
  const advisor = me?.advisor?.role === "ADVISOR" ? { id: me.advisor.id, name: me.advisor.name } : null;
  if (!advisor) return { advisor: null, slots: [] };
  const slots = await db.consultationSlot.findMany({
    where: { advisorId: advisor.id, investorId: null, withdrawnAt: null, startsAt: { gt: new Date() } },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    take: OPEN_SLOTS_LIMIT,
    select: { id: true, startsAt: true, endsAt: true, method: true, methodDetail: true },
  });
  return { advisor, slots };
}

const bookInput = z.object({
  slotId: z.string({ error: "Choose a time." }).min(1, "Choose a time."),
  topic: z
    .string()
    .trim()
    .max(500, "Keep the topic under 500 characters.")
    .nullish()
    .transform((topic) => topic || null),
});

/**
 * Books an open time of the investor's own advisor, with an optional topic. The investor's row is locked first,
 * so two bookings of theirs at once cannot both slip under the limit.
 */
export async function book(investor: CurrentUser, input: unknown, context: RequestContext): Promise<Slot & { advisor: { id: string; name: string } }> {
  if (investor.role !== "INVESTOR") throw new Forbidden("Only investors book consultations.");
  const { slotId, topic } = parseInput(bookInput, input);
  const id = z.uuid().safeParse(slotId);
  if (!id.success) throw new NotFound("There is no such time with your advisor.");
  return db.$transaction(async (tx) => {
    const [me] = await tx.$queryRaw<{ advisorId: string | null; advisorName: string | null; advisorTimeZone: string | null; timeZone: string | null }[]>`
      SELECT a."id" AS "advisorId", a."name" AS "advisorName", a."timeZone" AS "advisorTimeZone", u."timeZone" FROM "User" u LEFT JOIN "User" a ON a."id" = u."advisorId" AND a."role" = 'ADVISOR'
      WHERE u."id" = ${investor.id}::uuid FOR NO KEY UPDATE OF u`;
    if (!me?.advisorId) throw new Conflict(NO_ADVISOR);
    const held = await tx.consultationSlot.count({ where: { investorId: investor.id, startsAt: { gt: new Date() } } });
    if (held >= MAX_UPCOMING_BOOKINGS)
      throw new Conflict(`You already have ${MAX_UPCOMING_BOOKINGS} upcoming consultations; cancel one to book another.`);
    const [booked] = await tx.$queryRaw<{ id: string; startsAt: Date; endsAt: Date; bookedAt: Date }[]>`
      UPDATE "ConsultationSlot" SET "investorId" = ${investor.id}::uuid, "topic" = ${topic}, "bookedAt" = now()
      WHERE "id" = ${id.data}::uuid AND "investorId" IS NULL AND "withdrawnAt" IS NULL AND "startsAt" > now() AND "advisorId" = ${me.advisorId}::uuid
      RETURNING "id", "startsAt", "endsAt", "bookedAt"`;
    if (!booked) throw await whyNotBookable(tx, id.data, investor.id, me.advisorId);
    const slot = {
      id: booked.id,
      startsAt: new Date(booked.startsAt),
      endsAt: new Date(booked.endsAt),
      bookedAt: new Date(booked.bookedAt),
      topic,
      advisor: { id: me.advisorId, name: me.advisorName!, timeZone: me.advisorTimeZone },
      investor: { id: investor.id, name: investor.name, timeZone: me.timeZone },
    };
    await recordAudit(tx, {
      action: "CONSULTATION_BOOKED",
      actorId: investor.id,
      target: { type: "ConsultationSlot", id: slot.id },
      context,
      details: { advisorId: me.advisorId, startsAt: slot.startsAt.toISOString() },
    });
    await notify(tx, consultationBooked(slot));
    return { id: slot.id, startsAt: slot.startsAt, endsAt: slot.endsAt, advisor: { id: me.advisorId, name: me.advisorName! } };
  });
}

/** Why the booking's UPDATE matched nothing, read after it (so it sees whoever got there first). */
async function whyNotBookable(tx: Tx, slotId: string, investorId: string, advisorId: string): Promise<Error> {
  const slot = await tx.consultationSlot.findUnique({ where: { id: slotId }, select: { advisorId: true, investorId: true, withdrawnAt: true, startsAt: true } });
  if (!slot || slot.advisorId !== advisorId) return new NotFound("There is no such time with your advisor.");
  if (slot.investorId === investorId) return new Conflict("You have already booked this time.");
  if (slot.investorId) return new Conflict(TAKEN);
  if (slot.withdrawnAt) return new Conflict("Your advisor no longer offers this time; pick another.");
  return new Conflict("This time has passed; pick another.");
}

/**
 * Cancels a booked consultation before it starts: by the investor who booked it, the advisor whose time it is,
 * or an admin. The time becomes open again.
 */
export async function cancel(user: CurrentUser, slotId: string, context: RequestContext): Promise<Slot> {
  return db.$transaction(async (tx) => {
    const slot = await lockedSlot(tx, slotId);
    if (user.role === "INVESTOR") {
      if (!slot || slot.investorId !== user.id) throw new NotFound("You have no consultation booked at this time; it may have been canceled already.");
    } else {
      if (!slot) throw new NotFound("There is no such consultation time.");
      if (user.role === "ADVISOR" && slot.advisorId !== user.id) throw new Forbidden("This consultation is not with you.");
      if (!slot.investorId) throw new Conflict("Nobody has booked this time; it may have been canceled already.");
    }
    if (slot.startsAt.getTime() <= Date.now()) throw new Conflict("This consultation has already begun; it can no longer be canceled.");
    await tx.consultationSlot.update({ where: { id: slot.id }, data: { investorId: null, topic: null, bookedAt: null } });
    await recordAudit(tx, {
      action: "CONSULTATION_CANCELED",
      actorId: user.id,
      target: { type: "ConsultationSlot", id: slot.id },
      context,
      details: { investorId: slot.investorId, advisorId: slot.advisorId, startsAt: slot.startsAt.toISOString(), canceledBy: user.role },
    });
    for (const notice of consultationCanceled({ ...slot, bookedAt: slot.bookedAt!, investor: slot.investor! }, user)) await notify(tx, notice);
    return { id: slot.id, startsAt: slot.startsAt, endsAt: slot.endsAt };
  });
}
