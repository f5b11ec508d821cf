import { describe, expect, it, vi } from "vitest";
import { Forbidden, InvalidInput, TooManyAttempts } from "../errors";
import { errorResponse } from "./respond";

describe("errorResponse", () => {
  it("maps domain errors to their status and a JSON error body", async () => {
    const response = errorResponse(new InvalidInput("Please correct the highlighted fields.", { email: "Enter a valid email." }));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: "invalid_input", message: "Please correct the highlighted fields.", fields: { email: "Enter a valid email." } },
    });
    expect(errorResponse(new Forbidden()).status).toBe(403);
  });

  it("tells a throttled client when to come back", async () => {
    const response = errorResponse(new TooManyAttempts(601));
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("601");
    expect((await response.json()).error.message).toBe("Too many attempts. Try again in 11 minutes.");
  });

  it("hides unexpected errors behind a generic 500", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = errorResponse(new Error("connection string postgresql://secret@db leaked"));
    expect(response.status).toBe(500);
    expect(JSON.stringify(await response.json())).not.toContain("secret");
    log.mockRestore();
  });
});
