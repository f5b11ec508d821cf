/**
 * An advisor's consultation times: published ahead (one slot or a series back to back), never overlapping one
 * another, withdrawn while nobody has booked them; and what is coming up, for the advisor and for investors.
 */
import { z } from "zod";
import { recordAudit } from "../audit/record";
import { isStaff } from "../auth/roles";
import type { CurrentUser } from "../auth/sessions";
import { db, type Tx } from "../db";
import { Conflict, Forbidden, InvalidInput, NotFound } from "../errors";
import type { RequestContext } from "../http/request-context";
import { parseInput } from "../validation";
import { isTimeZone } from "../format/viewer-format";
import { formatSlot, parseWallTime, zoneLabel } from "./time";

export const SLOT_MINUTES = { min: 15, max: 120 } as const;
export const MAX_SLOTS_PER_SERIES = 16;
/** How far ahead an advisor may publish. */
const MAX_DAYS_AHEAD = 366;
const MINUTE = 60_000;

export interface Slot {
  id: string;
  startsAt: Date;
  endsAt: Date;
}

export type ConsultationMethod = "PHONE" | "VIDEO";

export interface Consultation extends Slot {
  advisor: { id: string; name: string };
  /** Who booked it; null while it is open. */
  investor: { id: string; name: string } | null;
  topic: string | null;
  method: ConsultationMethod;
  /** The video link, or the number the investor calls; null when the advisor phones the investor. */
  methodDetail: string | null;
}

const PHONE_NUMBER = /^\+?[0-9][0-9 ().-]{5,24}$/;

const publishInput = z.object({
  startsAt: z.string({ error: "Choose when the first slot starts." }).regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, "Choose when the first slot starts."),
  /** The zone the form showed the time in (the advisor's); UTC when the form named none. */
  timeZone: z
    .string()
    .nullish()
    .transform((zone) => zone || "UTC")
    .refine(isTimeZone, "Choose a time zone from the list."),
  method: z.enum(["PHONE", "VIDEO"], { error: "Choose a phone or a video call." }).default("PHONE"),
  methodDetail: z
    .string()
    .trim()
    .max(500, "Keep it under 500 characters.")
    .nullish()
    .transform((detail) => detail || null),
  minutes: z.coerce
    .number({ error: "Say how long each slot is." })
    .int("Use whole minutes.")
    .min(SLOT_MINUTES.min, `A slot is at least ${SLOT_MINUTES.min} minutes.`)
    .max(SLOT_MINUTES.max, "A slot is at most 2 hours."),
  count: z.coerce
    .number({ error: "Say how many slots to publish." })
    .int("Use a whole number of slots.")
    .min(1, "Publish at least one slot.")
    .max(MAX_SLOTS_PER_SERIES, `Publish at most ${MAX_SLOTS_PER_SERIES} slots at once.`),
}).superRefine((input, ctx) => {
  if (input.method === "VIDEO") {
    const link = URL.canParse(input.methodDetail ?? "") ? new URL(input.methodDetail!) : null;
    if (link?.protocol !== "https:") ctx.addIssue({ code: "custom", path: ["methodDetail"], message: "Give the video call's link, starting https://." });
  } else if (input.methodDetail && !(PHONE_NUMBER.test(input.methodDetail) && input.methodDetail.replace(/\D/g, "").length >= 6)) {
    ctx.addIssue({ code: "custom", path: ["methodDetail"], message: "Give a phone number (digits, spaces, + ( ) - .), or leave it empty to call your client." });
  }
});

/**
 * Publishes `count` slots of `minutes` each, back to back from `startsAt` (a `datetime-local` value in
 * `timeZone`, the advisor's), for the advisor (or admin) themselves, each happening by `method`. The advisor's row is locked while checking for overlaps, so two
 * publishes at once cannot both pass the check.
 */
export async function publishSlots(actor: CurrentUser, input: unknown, context: RequestContext): Promise<Slot[]> {
  if (!isStaff(actor.role)) throw new Forbidden("Only advisors publish consultation times.");
  const { startsAt: wallTime, timeZone, minutes, count, method, methodDetail } = parseInput(publishInput, input);
  const startsAt = parseWallTime(wallTime, timeZone);
  if (!startsAt) {
    const real = parseWallTime(wallTime) !== null; // a real date and time, skipped by the zone's clocks going forward
    throw new InvalidInput("Please correct the highlighted fields.", {
      startsAt: real ? `This time does not exist in ${zoneLabel(timeZone)} (the clocks change then); choose another.` : "Choose when the first slot starts.",
    });
  }
  const now = Date.now();
  if (startsAt.getTime() <= now) throw new InvalidInput("Please correct the highlighted fields.", { startsAt: "Choose a time in the future." });
  if (startsAt.getTime() > now + MAX_DAYS_AHEAD * 24 * 60 * MINUTE)
    throw new InvalidInput("Please correct the highlighted fields.", { startsAt: "Publish at most a year ahead." });
  const slots = Array.from({ length: count }, (_, i) => ({
    advisorId: actor.id,
    method,
    // A phone call the advisor places needs no detail; a video call's link is required above.
    methodDetail: method === "VIDEO" || methodDetail ? methodDetail : null,
    startsAt: new Date(startsAt.getTime() + i * minutes * MINUTE),
    endsAt: new Date(startsAt.getTime() + (i + 1) * minutes * MINUTE),
  }));
  const seriesEnd = slots[slots.length - 1]!.endsAt;
  return db.$transaction(async (tx) => {
    // NO KEY UPDATE: serialises publishes by this advisor without blocking rows that merely reference them.
    await tx.$queryRaw`SELECT 1 FROM "User" WHERE "id" = ${actor.id}::uuid FOR NO KEY UPDATE`;
    const clash = await tx.consultationSlot.findFirst({
      where: { advisorId: actor.id, withdrawnAt: null, startsAt: { lt: seriesEnd }, endsAt: { gt: startsAt } },
      orderBy: { startsAt: "asc" },
      select: { startsAt: true, endsAt: true },
    });
    if (clash) throw new Conflict(`This overlaps your time on ${formatSlot(clash, { locale: "en-US", timeZone })}; choose another.`);
    const created = await tx.consultationSlot.createManyAndReturn({ data: slots, select: { id: true, startsAt: true, endsAt: true } });
    for (const slot of created) {
      await recordAudit(tx, {
        action: "CONSULTATION_SLOT_PUBLISHED",
        actorId: actor.id,
        target: { type: "ConsultationSlot", id: slot.id },
        context,
        details: { startsAt: slot.startsAt.toISOString(), endsAt: slot.endsAt.toISOString(), method },
      });
    }
    return created.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  });
}

/** The slot, locked for the rest of the transaction (so a booking, cancellation or withdrawal sees its last state). */
export async function lockedSlot(tx: Tx, slotId: string) {
  const id = z.uuid().safeParse(slotId);
  if (!id.success) return null;
  await tx.$queryRaw`SELECT 1 FROM "ConsultationSlot" WHERE "id" = ${id.data}::uuid FOR UPDATE`;
  return tx.consultationSlot.findUnique({
    where: { id: id.data },
    select: {
      id: true,
      advisorId: true,
      investorId: true,
      startsAt: true,
      endsAt: true,
      withdrawnAt: true,
      bookedAt: true,
      topic: true,
      advisor: { select: { id: true, name: true, timeZone: true } },
      investor: { select: { id: true, name: true, timeZone: true } },
    },
  });
}

/** Takes one of the advisor's own open times off offer; a booked time must be canceled first. */
export async function withdrawSlot(actor: CurrentUser, slotId: string, context: RequestContext): Promise<Slot> {
  if (!isStaff(actor.role)) throw new Forbidden("Only advisors withdraw consultation times.");
  return db.$transaction(async (tx) => {
    const slot = await lockedSlot(tx, slotId);
    if (!slot || slot.advisorId !== actor.id) throw new NotFound("You have no such consultation time.");
    if (slot.withdrawnAt) throw new Conflict("This time was already withdrawn.");
    if (slot.investorId) throw new Conflict("This time is booked: cancel the consultation first.");
    if (slot.startsAt.getTime() <= Date.now()) throw new Conflict("This time has already begun.");
    await tx.consultationSlot.update({ where: { id: slot.id }, data: { withdrawnAt: new Date() } });
    await recordAudit(tx, {
      action: "CONSULTATION_SLOT_WITHDRAWN",
      actorId: actor.id,
      target: { type: "ConsultationSlot", id: slot.id },
      context,
      details: { startsAt: slot.startsAt.toISOString() },
    });
    return { id: slot.id, startsAt: slot.startsAt, endsAt: slot.endsAt };
  });
}

const UPCOMING_LIMIT = 200;

/**
 * What is coming up (including a consultation under way): for an investor, the consultations they booked; for
 * an advisor or admin, the times they published, open or booked, with who booked them and why.
 */
export async function upcoming(user: CurrentUser): Promise<Consultation[]> {
  const rows = await db.consultationSlot.findMany({
    where: {
      ...(isStaff(user.role) ? { advisorId: user.id, withdrawnAt: null } : { investorId: user.id }),
      endsAt: { gt: new Date() },
    },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    take: UPCOMING_LIMIT,
    select: {
      id: true,
      startsAt: true,
      endsAt: true,
      topic: true,
      method: true,
      methodDetail: true,
      advisor: { select: { id: true, name: true } },
      investor: { select: { id: true, name: true } },
    },
  });
  return rows;
}
