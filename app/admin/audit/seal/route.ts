import { exportedSealJson } from "@/lib/audit/exported-seal";
import { exportLatestSeal } from "@/lib/audit/trail";
import { NotFound } from "@/lib/errors";
import { adminRoute } from "@/lib/http/route-client";

/** The audit chain's latest seal as a JSON file, for admins to keep outside the database (docs/audit.md). */
export const GET = adminRoute({}, async ({ user }) => {
  const seal = await exportLatestSeal(user);
  if (!seal) throw new NotFound("Nothing is sealed yet.");
  return new Response(exportedSealJson(seal), {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="autovest-audit-seal-${seal.seq}.json"`,
      "cache-control": "no-store",
    },
  });
});
