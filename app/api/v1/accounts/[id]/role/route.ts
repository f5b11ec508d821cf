import { z } from "zod";
import { requireUser } from "@/lib/auth/guards";
import { readJson } from "@/lib/http/read-json";
import { requestContextFrom } from "@/lib/http/request-context";
import { apiRoute } from "@/lib/http/respond";
import { changeRole } from "@/lib/users/staff";
import { parseInput } from "@/lib/validation";

/** Admins change an account's role: { role }. */
export const PUT = apiRoute<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const actor = await requireUser(["ADMIN"]);
  const { role } = parseInput(z.object({ role: z.unknown() }), await readJson(request));
  const account = await changeRole(actor, { userId: (await params).id, role }, requestContextFrom(request.headers));
  return Response.json(account);
});
