import { BadRequest } from "../errors";
import { findForbiddenCharacter } from "../validation";

export const DEFAULT_MAX_BODY_BYTES = 16 * 1024;

/**
 * Reads a JSON request body of at most `maxBytes`, counting the bytes as they arrive (a missing or
 * false Content-Length does not get a larger body through). Anything else is a 400 with a clear code.
 */
export async function readJson(request: Request, maxBytes = DEFAULT_MAX_BODY_BYTES): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new BadRequest("unsupported_media_type", "Send the body as JSON (Content-Type: application/json).");
  }
  const text = await readBody(request, maxBytes);
  if (!text.trim()) throw new BadRequest("malformed_json", "The request body is empty; send a JSON object.");
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    throw new BadRequest("malformed_json", "The request body is not valid JSON.");
  }
  refuseForbiddenCharacters(value, "$");
  return value;
}

/**
 * Refuses a parsed value if any string in it (keys included) holds a forbidden character (lib/validation.ts),
 * at the door, before it can reach the database as a 500.
 */
function refuseForbiddenCharacters(value: unknown, path: string): void {
  if (typeof value === "string") {
    const character = findForbiddenCharacter(value);
    if (character) throw new BadRequest("invalid_characters", `${path} contains a control character (${character}); remove it.`);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => refuseForbiddenCharacters(item, `${path}[${index}]`));
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const character = findForbiddenCharacter(key);
      if (character) throw new BadRequest("invalid_characters", `A field name contains a control character (${character}); remove it.`);
      refuseForbiddenCharacters(item, `${path}.${key}`);
    }
  }
}

/** The raw body as text, at most `maxBytes` (webhooks verify signatures on exactly these bytes). */
export async function readBody(request: Request, maxBytes = DEFAULT_MAX_BODY_BYTES): Promise<string> {
  const declared = Number(request.headers.get("content-length"));
  const tooLarge = new BadRequest("body_too_large", `The request body is larger than ${maxBytes} bytes.`);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge;

  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw tooLarge;
      }
      chunks.push(value);
    }
  }
  return Buffer.concat(chunks).toString("utf8");
}
