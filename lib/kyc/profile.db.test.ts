import { readdir } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { browser, createUser } from "../../scripts/test/factories";
import { temporaryKycStorage } from "../../scripts/test/kyc";
import { db } from "../db";
import { Conflict, Forbidden, InvalidInput, NotFound } from "../errors";
import { reviewKyc } from "../advisor/clients";
import { isKycApproved, kycOf, submitKyc } from "./profile";

const PDF = new TextEncoder().encode("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n");
const DETAILS = {
  legalName: "Ines Investor",
  dateOfBirth: "1990-04-01",
  taxId: "123-45-6789",
  addressLine1: "1 Main Street",
  city: "Springfield",
  region: "il",
  postalCode: "62701",
};

const storage = temporaryKycStorage();

async function client() {
  const advisor = await createUser("ADVISOR");
  const investor = await createUser("INVESTOR");
  await db.user.update({ where: { id: investor.id }, data: { advisorId: advisor.id } });
  return { advisor, investor };
}

describe("identity checks", () => {
  it("are submitted for review with the tax id and date of birth sealed, and shown masked", async () => {
    const { investor } = await client();
    const view = await submitKyc(investor, DETAILS, PDF, browser());
    expect(view).toMatchObject({
      status: "PENDING_REVIEW",
      legalName: "Ines Investor",
      taxId: "•••-••-6789",
      dateOfBirth: "••/••/1990",
      address: { line1: "1 Main Street", line2: null, city: "Springfield", region: "IL", postalCode: "62701", country: "US" },
      documentType: "application/pdf",
      rejectionReason: null,
    });
    const row = await db.kycProfile.findUniqueOrThrow({ where: { userId: investor.id } });
    expect(row.taxIdSealed).not.toContain("6789");
    expect(row.taxIdSealed).toMatch(/^v1\.dev\./);
    expect(row.dateOfBirthSealed).not.toContain("1990");
    expect(await readdir(storage.path)).toContain(row.documentKey);
    // The audit says what happened, not the personal data.
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "KYC_SUBMITTED", targetId: investor.id } });
    expect(JSON.stringify(audit.details)).not.toMatch(/6789|1990|Springfield/);
    expect(await isKycApproved(investor.id)).toBe(false);
    await expect(submitKyc(investor, DETAILS, PDF, browser())).rejects.toBeInstanceOf(Conflict); // already waiting
  });

  it("take one of two submissions sent at once, and keep no file for the refused one", async () => {
    const { investor } = await client();
    const filesBefore = (await readdir(storage.path).catch(() => [])).length;
    const results = await Promise.allSettled([submitKyc(investor, DETAILS, PDF, browser()), submitKyc(investor, DETAILS, PDF, browser())]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toBeInstanceOf(Conflict);
    const row = await db.kycProfile.findUniqueOrThrow({ where: { userId: investor.id } });
    const files = await readdir(storage.path);
    expect(files).toContain(row.documentKey);
    expect(files).toHaveLength(filesBefore + 1);
    expect(await db.auditLog.count({ where: { action: "KYC_SUBMITTED", targetId: investor.id } })).toBe(1);
  });

  it("refuse bad details and a document that is not one, writing nothing", async () => {
    const { investor } = await client();
    const refused = async (details: Record<string, unknown>, document = PDF) => {
      const error = await submitKyc(investor, details, document, browser()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidInput);
      return (error as InvalidInput).fields;
    };
    expect(await refused({ ...DETAILS, taxId: "000-12-3456" })).toHaveProperty("taxId");
    expect(await refused({ ...DETAILS, taxId: "12345" })).toHaveProperty("taxId");
    expect(await refused({ ...DETAILS, dateOfBirth: "2015-01-01" })).toEqual({ dateOfBirth: "You must be 18 or older to open an account." });
    expect(await refused({ ...DETAILS, dateOfBirth: "1990-02-30" })).toEqual({ dateOfBirth: "That date does not exist." });
    expect(await refused({ ...DETAILS, postalCode: "ABCDE", region: "Illinois" })).toEqual({
      postalCode: "Enter a 5-digit ZIP code (or ZIP+4).",
      region: "Choose your state from the list.",
    });
    expect(await refused({ ...DETAILS, country: "FR" })).toHaveProperty("country");
    expect(await refused(DETAILS, new TextEncoder().encode("<script>alert(1)</script>"))).toHaveProperty("document");
    expect(await db.kycProfile.count({ where: { userId: investor.id } })).toBe(0);
    expect(await db.auditLog.count({ where: { action: "KYC_SUBMITTED", targetId: investor.id } })).toBe(0);
    await expect(submitKyc(await createUser("ADVISOR"), DETAILS, PDF, browser())).rejects.toBeInstanceOf(Forbidden);
  });

  it("are decided by the client's own advisor or an admin; a rejection says why and can be fixed", async () => {
    const { advisor, investor } = await client();
    await submitKyc(investor, DETAILS, PDF, browser());

    // Another advisor is refused, and nothing changes.
    await expect(reviewKyc(await createUser("ADVISOR"), investor.id, { decision: "approve" }, browser())).rejects.toThrow(
      "This client is not assigned to you.",
    );
    await expect(reviewKyc(investor, investor.id, { decision: "approve" }, browser())).rejects.toBeInstanceOf(Forbidden);
    await expect(reviewKyc(advisor, investor.id, { decision: "reject" }, browser())).rejects.toBeInstanceOf(InvalidInput); // no reason
    await expect(reviewKyc(advisor, "not-a-uuid", { decision: "approve" }, browser())).rejects.toBeInstanceOf(NotFound);
    expect((await kycOf(investor.id))?.status).toBe("PENDING_REVIEW");

    const rejected = await reviewKyc(advisor, investor.id, { decision: "reject", reason: "The document is blurred; upload a sharper photo." }, browser());
    expect(rejected).toMatchObject({ status: "REJECTED", rejectionReason: "The document is blurred; upload a sharper photo." });
    await expect(reviewKyc(advisor, investor.id, { decision: "approve" }, browser())).rejects.toBeInstanceOf(Conflict); // nothing pending

    const resubmitted = await submitKyc(investor, { ...DETAILS, addressLine2: "Apt 4" }, PDF, browser());
    expect(resubmitted).toMatchObject({ status: "PENDING_REVIEW", rejectionReason: null, address: { line2: "Apt 4" } });
    const approved = await reviewKyc(await createUser("ADMIN"), investor.id, { decision: "approve" }, browser());
    expect(approved.status).toBe("APPROVED");
    expect(await isKycApproved(investor.id)).toBe(true);
    await expect(submitKyc(investor, DETAILS, PDF, browser())).rejects.toThrow("Your identity is already verified.");

    const actions = await db.auditLog.findMany({ where: { targetId: investor.id, action: { in: ["KYC_SUBMITTED", "KYC_APPROVED", "KYC_REJECTED"] } }, orderBy: { id: "asc" } });
    expect(actions.map((a) => a.action)).toEqual(["KYC_SUBMITTED", "KYC_REJECTED", "KYC_SUBMITTED", "KYC_APPROVED"]);
  });

  it("take one decision when two reviewers decide at once", async () => {
    const { advisor, investor } = await client();
    await submitKyc(investor, DETAILS, PDF, browser());
    const admin = await createUser("ADMIN");
    const results = await Promise.allSettled([
      reviewKyc(advisor, investor.id, { decision: "approve" }, browser()),
      reviewKyc(admin, investor.id, { decision: "reject", reason: "Name does not match the document." }, browser()),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason)).toEqual([expect.any(Conflict)]);
    expect(await db.auditLog.count({ where: { targetId: investor.id, action: { in: ["KYC_APPROVED", "KYC_REJECTED"] } } })).toBe(1);
  });
});
