import { describe, expect, it } from "vitest";
import { BadRequest } from "../errors";
import { readJson } from "./read-json";

const post = (body: BodyInit | null, headers: Record<string, string> = { "content-type": "application/json" }) =>
  new Request("http://test/api", { method: "POST", body, headers, duplex: "half" } as RequestInit);

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(BadRequest);
  return (error as BadRequest).code;
}

describe("readJson", () => {
  it("parses a JSON object", async () => {
    expect(await readJson(post('{"amount": "500.00"}'))).toEqual({ amount: "500.00" });
  });

  it("refuses malformed, empty and non-JSON bodies", async () => {
    expect(await codeOf(readJson(post('{"amount": ')))).toBe("malformed_json");
    expect(await codeOf(readJson(post("")))).toBe("malformed_json");
    expect(await codeOf(readJson(post("amount=5", { "content-type": "application/x-www-form-urlencoded" })))).toBe(
      "unsupported_media_type",
    );
  });

  it("refuses control characters anywhere in the value, keys included, and keeps tabs and newlines", async () => {
    expect(await codeOf(readJson(post(JSON.stringify({ name: "Ivy\u0000" }))))).toBe("invalid_characters");
    expect(await codeOf(readJson(post(JSON.stringify({ notes: ["ok", { text: "bell\u0007" }] }))))).toBe("invalid_characters");
    expect(await codeOf(readJson(post(JSON.stringify({ "na\u001bme": "Ivy" }))))).toBe("invalid_characters");
    expect(await codeOf(readJson(post(JSON.stringify({ name: "del\u007f" }))))).toBe("invalid_characters");
    expect(await readJson(post(JSON.stringify({ memo: "line one\r\n\tline two" })))).toEqual({ memo: "line one\r\n\tline two" });
  });

  it("refuses a body over the limit, whether declared or streamed without a length", async () => {
    expect(await codeOf(readJson(post(JSON.stringify({ a: "x".repeat(200) })), 100))).toBe("body_too_large");
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode("x".repeat(50)));
        controller.close();
      },
    });
    expect(await codeOf(readJson(post(stream), 100))).toBe("body_too_large");
  });
});
