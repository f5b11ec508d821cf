import { z } from "zod";
import { InvalidInput } from "./errors";

/** Parses input with a schema, or throws InvalidInput carrying the first message for each field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const field = issue.path.join(".") || "form";
    fields[field] ??= issue.message;
  }
  throw new InvalidInput("Please correct the highlighted fields.", fields);
}

/**
 * The characters no text we accept may hold, wherever it comes from (JSON bodies, URLs, form fields): the C0
 * controls other than tab, line feed and carriage return, and DEL. PostgreSQL cannot store NUL in text at
 * all (the write fails with 22021), and the others have no business in anything a person types.
 */
const FORBIDDEN_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** The first forbidden character in `text` as "U+XXXX", or null when the text is acceptable. */
export function findForbiddenCharacter(text: string): string | null {
  const match = FORBIDDEN_CHARACTER.exec(text);
  return match ? `U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}` : null;
}

/**
 * Characters a display name may not hold: controls (Cc), format characters (Cf: the bidi overrides and
 * isolates U+202A–202E and U+2066–2069, the marks U+200E/U+200F/U+061C, zero-width spaces and joiners, the
 * BOM), line and paragraph separators, and lone surrogates. Each can make one name look like another
 * ("Admin\u202E", "Ad\u200Bmin").
 */
const NAME_FORBIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

/**
 * A person's display name as stored and shown: NFC-normalised (a decomposed "Zoë" is stored composed, so two
 * spellings of one name are one string), runs of spaces collapsed to one, trimmed; invisible and control
 * characters refused rather than removed, so what was typed is what others see.
 */
export const personName = z
  .string({ error: "Enter your name." })
  .transform((name) => name.normalize("NFC"))
  .refine((name) => !NAME_FORBIDDEN.test(name), "Use visible characters only: no control, direction or zero-width characters.")
  .transform((name) => name.replace(/\p{Zs}+/gu, " ").trim())
  .pipe(z.string().min(1, "Enter your name.").max(100, "Use at most 100 characters."));
