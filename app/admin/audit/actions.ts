"use server";

import { after } from "next/server";
import { z } from "zod";
import { sendToInngest } from "@/inngest/send-outbox";
import { parseExportedSeal } from "@/lib/audit/exported-seal";
import { verifyAuditTrail, type TrailReport } from "@/lib/audit/trail";
import { adminAction } from "@/lib/http/action-client";
import { requestKycResealing } from "@/lib/kyc/resealing";
import { dispatchOutbox } from "@/lib/outbox/outbox";

const count = (n: number) => n.toLocaleString("en-US");

function describe(report: TrailReport): string {
  if (report.status === "unkeyed chain broken")
    return `The chain sealed before it was keyed is broken at record #${report.auditId} (seal ${report.seq}): ${report.reason}. Nothing has been sealed under the key since.`;
  const waiting = report.unsealed > 0 ? ` ${count(report.unsealed)} newer ${report.unsealed === 1 ? "record is" : "records are"} not sealed yet.` : "";
  if (report.status === "intact") {
    const anchored = report.anchor !== null ? ` The exported seal ${report.anchor} is in the chain, unchanged.` : "";
    return `Audit trail intact: ${count(report.records)} records checked.${anchored}${waiting}`;
  }
  switch (report.reason) {
    case "differs from the exported seal":
      return `The chain was rewritten: seal ${report.firstBrokenSeq} is not the exported seal (record #${report.auditId}).${waiting}`;
    case "exported seal missing":
      return `The chain was cut short: it no longer reaches the exported seal ${report.firstBrokenSeq}.${waiting}`;
    case "key not configured":
      return `Chain broken at record #${report.auditId} (seal ${report.firstBrokenSeq}): it was sealed with key ${report.keyId}, which is not in AUDIT_CHAIN_KEYS.${waiting}`;
    default:
      return `Chain broken at record #${report.auditId} (seal ${report.firstBrokenSeq}): ${report.reason}.${waiting}`;
  }
}

/**
 * Verifies the whole chain (admins only), and that it still holds the exported seal pasted in the form, if
 * any: intact is a status, a break an alert.
 */
export const verifyChainAction = adminAction({ input: z.object({ anchor: z.string().trim().optional() }) }, async ({ user, input }) => {
  const report = await verifyAuditTrail(user, input.anchor ? parseExportedSeal(input.anchor) : undefined);
  const message = describe(report);
  return report.status === "intact" ? message : { status: "error", message, fields: {} };
});

/** Re-seals identity data under the newest KYC key now, rather than at the daily run (admins only). */
export const resealIdentityDataAction = adminAction({}, async ({ user }) => {
  const { outboxId, pending } = await requestKycResealing(user);
  after(() => dispatchOutbox(sendToInngest, { ids: [outboxId] }));
  return pending === 0
    ? "Every identity record is already under the newest key: the run will find nothing to do."
    : `Re-sealing ${count(pending)} identity ${pending === 1 ? "record" : "records"} under the newest key: the counts below go to zero when it is done.`;
});
