import { z } from "zod";
import { adminRoute } from "@/lib/http/route-client";
import { changeRole } from "@/lib/users/staff";

/** Admins change an account's role: { role }. */
export const PUT = adminRoute<{ id: string }, z.ZodObject<{ role: z.ZodUnknown }>>(
  { input: z.object({ role: z.unknown() }), stepUp: true },
  async ({ user, params, input, context }) => Response.json(await changeRole(user, { userId: params.id, role: input.role }, context)),
);
