import { describe, expect, it } from "vitest";
import { TooManyStreams } from "../errors";
import { claimStream, streamsOf } from "./limits";

describe("claimStream", () => {
  it("refuses a person's stream beyond the maximum with a 429, and counts a closed stream's place free once", () => {
    const user = "0190a000-0000-7000-8000-0000000000c1";
    const releases = [claimStream(user, 3), claimStream(user, 3), claimStream(user, 3)];
    expect(streamsOf(user)).toBe(3);
    expect(() => claimStream(user, 3)).toThrow(TooManyStreams);
    expect(() => claimStream(user, 3)).toThrow(expect.objectContaining({ status: 429 }));
    expect(streamsOf(user)).toBe(3);
    // Another person is not affected.
    const other = claimStream("0190a000-0000-7000-8000-0000000000c2", 3);
    releases[0]!();
    releases[0]!(); // twice: still one place
    expect(streamsOf(user)).toBe(2);
    releases.push(claimStream(user, 3));
    expect(() => claimStream(user, 3)).toThrow(TooManyStreams);
    for (const release of releases) release();
    other();
    expect(streamsOf(user)).toBe(0);
  });
});
