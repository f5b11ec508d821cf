import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { z } from "zod";
import { InvalidInput } from "../../errors";
import type { SecondFactorProof } from "./prove";

/** A proof as a form sends it: a code (app or recovery), or a passkey's assertion as JSON. */
export const proofInput = z.object({
  method: z.enum(["totp", "recovery", "passkey"]),
  code: z.string().trim().max(64).optional(),
  response: z.string().max(16_000).optional(),
});

export function proofOf(input: z.infer<typeof proofInput>): SecondFactorProof {
  if (input.method === "passkey") {
    try {
      return { method: "passkey", response: JSON.parse(input.response ?? "") as AuthenticationResponseJSON };
    } catch {
      throw new InvalidInput("The passkey's answer did not arrive whole. Try again.");
    }
  }
  if (!input.code) throw new InvalidInput("Enter the code.", { code: "Enter the code." });
  return { method: input.method, code: input.code };
}
