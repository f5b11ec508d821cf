import { describe, expect, it } from "vitest";
import { foldLine, inviteIcs, type InviteConsultation } from "./invite";

const booked: InviteConsultation = {
  id: "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
  startsAt: new Date("2026-11-23T01:00:00Z"),
  endsAt: new Date("2026-11-23T01:30:00Z"),
  bookedAt: new Date("2026-11-20T09:15:00.250Z"),
  topic: "Saving for a house, then; maybe a Roth IRA\\401k?",
  method: "VIDEO",
  methodDetail: "https://meet.example.com/abc-defg-hij",
  advisor: { name: "Alex Advisor" },
  investor: { name: "Ivy Investor" },
};

describe("inviteIcs", () => {
  it("writes one VEVENT in UTC, escaped and folded at 75 octets", () => {
    const expected = [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//Autovest//Consultations//EN",
      "CALSCALE:GREGORIAN",
      "METHOD:PUBLISH",
      "BEGIN:VEVENT",
      "UID:0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b-1795166100250@autovest",
      "DTSTAMP:20261121T120000Z",
      "DTSTART:20261123T010000Z",
      "DTEND:20261123T013000Z",
      "SUMMARY:Autovest consultation: Alex Advisor and Ivy Investor",
      // 75 octets, then a space and the next 74, and so on.
      "DESCRIPTION:Your Autovest consultation between Alex Advisor (advisor) and I",
      " vy Investor.\\nVideo call: https://meet.example.com/abc-defg-hij\\nTopic: Sa",
      " ving for a house\\, then\\; maybe a Roth IRA\\\\401k?",
      "LOCATION:Video call: https://meet.example.com/abc-defg-hij",
      "URL:https://meet.example.com/abc-defg-hij",
      "END:VEVENT",
      "END:VCALENDAR",
      "",
    ].join("\r\n");
    expect(inviteIcs(booked, new Date("2026-11-21T12:00:00.999Z"))).toBe(expected);
  });

  it("says how a phone call happens, without a URL", () => {
    const text = inviteIcs({ ...booked, method: "PHONE", methodDetail: null, topic: null }, new Date("2026-11-21T12:00:00Z"));
    expect(text).toContain("\r\nLOCATION:Phone: Alex Advisor calls you\r\n");
    expect(text).not.toContain("URL:");
    const dialIn = inviteIcs({ ...booked, method: "PHONE", methodDetail: "+1 (212) 555-0100", topic: null }, new Date("2026-11-21T12:00:00Z"));
    expect(dialIn).toContain("\r\nLOCATION:Phone: call +1 (212) 555-0100\r\n");
  });

  it("never folds inside a character, and no line is over 75 octets", () => {
    const line = `SUMMARY:${"é".repeat(60)}`;
    const folded = foldLine(line).split("\r\n");
    for (const part of folded) expect(new TextEncoder().encode(part).length).toBeLessThanOrEqual(75);
    // "SUMMARY:" is 8 octets; then 33 two-octet characters make 74 (a 34th would make 76).
    expect(folded[0]).toBe(`SUMMARY:${"é".repeat(33)}`);
    expect(folded[1]).toBe(` ${"é".repeat(27)}`);
    // Unfolding (dropping each line break and the space after it) gives the line back.
    expect(folded.map((part, i) => (i === 0 ? part : part.slice(1))).join("")).toBe(line);
  });
});
