import type { z } from "zod";
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
