import { exportedSealJson } from "@/lib/audit/exported-seal";
import { exportLatestSeal } from "@/lib/audit/trail";
import { requireUser } from "@/lib/auth/guards";
import { NotFound } from "@/lib/errors";
import { apiRoute } from "@/lib/http/respond";

/** The audit chain's latest seal as a JSON file, for admins to keep outside the database (docs/audit.md). */
export const GET = apiRoute(async () => {
  const seal = await exportLatestSeal(await requireUser(["ADMIN"]));
  if (!seal) throw new NotFound("Nothing is sealed yet.");
  return new Response(exportedSealJson(seal), {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="autovest-audit-seal-${seal.seq}.json"`,
      "cache-control": "no-store",
    },
  });
});
