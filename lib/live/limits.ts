import { TooManyStreams } from "../errors";

/**
 * How many live streams one person may hold open on one app instance at a time. A browser opens one per tab (and
 * allows six HTTP/1.1 connections to a host in all), so this leaves room for tabs on a phone and a laptop, while a
 * script opening streams in a loop cannot tie up the instance's memory and its one LISTEN connection's fan-out.
 */
export const MAX_STREAMS_PER_USER = 8;

const open = new Map<string, number>();

/**
 * Counts a stream for `userId`; returns the function that gives the place back (call it once, when the stream
 * ends; later calls do nothing). Throws TooManyStreams (429) when the person holds the maximum already.
 */
export function claimStream(userId: string, max = MAX_STREAMS_PER_USER): () => void {
  const held = open.get(userId) ?? 0;
  if (held >= max) throw new TooManyStreams(max);
  open.set(userId, held + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const now = (open.get(userId) ?? 1) - 1;
    if (now <= 0) open.delete(userId);
    else open.set(userId, now);
  };
}

/** The streams `userId` holds open on this instance (tests, and the operations page). */
export function streamsOf(userId: string): number {
  return open.get(userId) ?? 0;
}
