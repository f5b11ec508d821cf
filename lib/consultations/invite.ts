/**
 * A booked consultation as a calendar invite (RFC 5545 iCalendar), for the investor who booked it and the
 * advisor whose time it is; nobody else may download it. Times are written in UTC (`Z`), so every calendar
 * shows them at its own clock.
 */
import { z } from "zod";
import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { NotFound } from "../errors";

export type ConsultationMethod = "PHONE" | "VIDEO";

export interface InviteConsultation {
  id: string;
  startsAt: Date;
  endsAt: Date;
  bookedAt: Date;
  topic: string | null;
  method: ConsultationMethod;
  methodDetail: string | null;
  advisor: { name: string };
  investor: { name: string };
}

/** How the call happens, in words: "Video call: https://…", "Phone: call +1 …", or "Phone: Alex Advisor calls you". */
export function howText(consultation: Pick<InviteConsultation, "method" | "methodDetail" | "advisor">): string {
  if (consultation.method === "VIDEO") return `Video call: ${consultation.methodDetail ?? "your advisor sends the link"}`;
  return consultation.methodDetail ? `Phone: call ${consultation.methodDetail}` : `Phone: ${consultation.advisor.name} calls you`;
}

/** 20261123T100000Z */
function utcStamp(at: Date): string {
  return at.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z");
}

/** A TEXT value: backslashes, semicolons, commas and line breaks escaped (RFC 5545 §3.3.11). */
export function escapeText(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r\n|\r|\n/g, "\\n");
}

const encoder = new TextEncoder();

/** Folds a content line into lines of at most 75 octets, continuations starting with a space (§3.1); never inside a character. */
export function foldLine(line: string): string {
  const lines: string[] = [];
  let current = "";
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    if (octets + size > 75) {
      lines.push(current);
      current = " ";
      octets = 1;
    }
    current += char;
    octets += size;
  }
  lines.push(current);
  return lines.join("\r\n");
}

/** The invite's text: one VEVENT in a VCALENDAR, CRLF line ends, folded. `now` is the DTSTAMP. */
export function inviteIcs(consultation: InviteConsultation, now: Date): string {
  const how = howText(consultation);
  const description = [
    `Your Autovest consultation between ${consultation.advisor.name} (advisor) and ${consultation.investor.name}.`,
    how,
    consultation.topic ? `Topic: ${consultation.topic}` : "No topic given.",
  ].join("\n");
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Autovest//Consultations//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    "BEGIN:VEVENT",
    // One booking, one event: a time canceled and booked again is another event.
    `UID:${consultation.id}-${consultation.bookedAt.getTime()}@autovest`,
    `DTSTAMP:${utcStamp(now)}`,
    `DTSTART:${utcStamp(consultation.startsAt)}`,
    `DTEND:${utcStamp(consultation.endsAt)}`,
    `SUMMARY:${escapeText(`Autovest consultation: ${consultation.advisor.name} and ${consultation.investor.name}`)}`,
    `DESCRIPTION:${escapeText(description)}`,
    `LOCATION:${escapeText(how)}`,
    ...(consultation.method === "VIDEO" && consultation.methodDetail ? [`URL:${consultation.methodDetail}`] : []),
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return `${lines.map(foldLine).join("\r\n")}\r\n`;
}

/** A booked consultation's invite, for its investor or its advisor (404 for anyone else, and for a time not booked). */
export async function consultationInvite(user: CurrentUser, slotId: string): Promise<{ filename: string; text: string }> {
  const id = z.uuid().safeParse(slotId);
  const slot = id.success
    ? await db.consultationSlot.findUnique({
        where: { id: id.data },
        select: {
          id: true,
          startsAt: true,
          endsAt: true,
          bookedAt: true,
          topic: true,
          method: true,
          methodDetail: true,
          advisorId: true,
          investorId: true,
          advisor: { select: { name: true } },
          investor: { select: { name: true } },
        },
      })
    : null;
  const participant = slot && (slot.investorId === user.id || slot.advisorId === user.id);
  if (!slot || !participant || !slot.investor || !slot.bookedAt) throw new NotFound("You have no consultation booked at this time.");
  const text = inviteIcs({ ...slot, bookedAt: slot.bookedAt, investor: slot.investor }, new Date());
  return { filename: `autovest-consultation-${slot.startsAt.toISOString().slice(0, 10)}.ics`, text };
}
