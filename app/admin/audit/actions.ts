"use server";

import type { ChainReport } from "@/lib/audit/chain";
import { verifyAuditTrail } from "@/lib/audit/trail";
import { requireUser } from "@/lib/auth/guards";
import { formState, type FormState } from "@/lib/http/form-state";

const count = (n: number) => n.toLocaleString("en-US");

function describe(report: ChainReport): string {
  const waiting = report.unsealed > 0 ? ` ${count(report.unsealed)} newer ${report.unsealed === 1 ? "record is" : "records are"} not sealed yet.` : "";
  return report.status === "intact"
    ? `Audit trail intact: ${count(report.records)} records checked.${waiting}`
    : `Chain broken at record #${report.auditId} (seal ${report.firstBrokenSeq}): ${report.reason}.${waiting}`;
}

/** Verifies the whole chain (admins only): intact is a status, a break an alert. */
export async function verifyChainAction(_previous: FormState): Promise<FormState> {
  let broken = false;
  const state = await formState(async () => {
    const report = await verifyAuditTrail(await requireUser(["ADMIN"]));
    broken = report.status === "broken";
    return describe(report);
  });
  return broken && state.status === "success" ? { status: "error", message: state.message, fields: {} } : state;
}
