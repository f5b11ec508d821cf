import { randomBytes } from "node:crypto";

/**
 * UUID version 7 ids (RFC 9562) for outbox rows written in bulk, as Prisma writes them one at a time: 48 bits of
 * Unix milliseconds first, so ids sort by creation time and events go out in the order they were written. Ids
 * made together in one call are strictly increasing (a counter in the 12 `rand_a` bits, then random bits).
 */
export function uuidv7Series(count: number, now = Date.now()): string[] {
  const ids: string[] = [];
  const hexTime = now.toString(16).padStart(12, "0");
  const start = randomBytes(2).readUInt16BE(0) & 0x07ff; // room for 2,048 ids after it within the 12 bits
  for (let i = 0; i < count; i++) {
    const sequence = start + i;
    const time = sequence > 0xfff ? (now + Math.floor(sequence / 0x1000)).toString(16).padStart(12, "0") : hexTime;
    const randA = (sequence & 0xfff).toString(16).padStart(3, "0");
    const tail = randomBytes(8);
    tail[0] = (tail[0]! & 0x3f) | 0x80; // variant 10
    const randB = tail.toString("hex");
    ids.push(`${time.slice(0, 8)}-${time.slice(8, 12)}-7${randA}-${randB.slice(0, 4)}-${randB.slice(4, 16)}`);
  }
  return ids;
}
