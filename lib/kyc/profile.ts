/**
 * Identity checks (KYC): the investor submits their legal name, date of birth, address, tax id and an identity
 * document; an advisor approves or rejects it with a reason (lib/advisor/clients.ts); a rejected investor fixes
 * and resubmits. The resubmission form starts from what they sent (name and address); the tax id and date of
 * birth are sealed and are typed again in full (only the tax id's last four digits are shown as a reminder), so
 * the form never carries them back to the browser.
 * Tax id, date of birth and the document are sealed at rest, the first two shown masked; every submission
 * and decision is audited in the same transaction, without the personal data itself.
 */
import { z } from "zod";
import { recordAudit } from "../audit/record";
import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { env } from "../env";
import { Conflict, DomainError, Forbidden } from "../errors";
import type { KycStatus } from "../generated/prisma/client";
import type { RequestContext } from "../http/request-context";
import { parseInput } from "../validation";
import { discardDocument, storeDocument } from "./documents";
import { maskDateOfBirth, maskTaxId, seal, unseal } from "./encryption";
import { kycKeyRing } from "./keys";
import { isUsRegion } from "./us-states";

/** What an identity field is sealed for: its owner and field, so a value copied elsewhere does not open. */
export const sealContext = (userId: string, field: "taxId" | "dateOfBirth") => `user:${userId}:${field}`;

/** A US SSN or ITIN: nine digits, not an area, group or serial the SSA never issues. */
function validTaxId(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  const area = digits.slice(0, 3);
  return area !== "000" && area !== "666" && digits.slice(3, 5) !== "00" && digits.slice(5) !== "0000";
}

function ageOn(birth: string, today: Date): number {
  const [y, m, d] = birth.split("-").map(Number) as [number, number, number];
  const age = today.getUTCFullYear() - y;
  return today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d) ? age - 1 : age;
}

const text = (label: string, max = 200) =>
  z
    .string({ error: `Enter your ${label}.` })
    .trim()
    .min(1, `Enter your ${label}.`)
    .max(max, `Use at most ${max} characters.`);

export const kycInput = z.object({
  legalName: text("legal name as it appears on your document").pipe(z.string().min(2, "Enter your full legal name.")),
  dateOfBirth: z
    .string({ error: "Enter your date of birth." })
    .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter your date of birth as YYYY-MM-DD.")
    .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), "That date does not exist.")
    .refine((value) => ageOn(value, new Date()) >= 18, "You must be 18 or older to open an account.")
    .refine((value) => ageOn(value, new Date()) <= 120, "Check the year of your date of birth."),
  taxId: z
    .string({ error: "Enter your Social Security number or ITIN." })
    .transform((value) => value.replace(/[\s-]/g, ""))
    .refine(validTaxId, "Enter a valid 9-digit Social Security number or ITIN."),
  addressLine1: text("street address"),
  addressLine2: z.string().trim().max(200, "Use at most 200 characters.").optional().transform((value) => value || null),
  city: text("city", 100),
  region: z
    .string({ error: "Choose your state from the list." })
    .trim()
    .toUpperCase()
    .refine(isUsRegion, "Choose your state from the list."),
  postalCode: z
    .string({ error: "Enter your ZIP code." })
    .trim()
    .regex(/^\d{5}(-\d{4})?$/, "Enter a 5-digit ZIP code (or ZIP+4)."),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .default("US")
    .refine((value) => value === "US", "We can open accounts only for US residents for now."),
});

export interface KycView {
  status: KycStatus;
  legalName: string;
  /** •••-••-6789 */
  taxId: string;
  /** ••/••/1990 */
  dateOfBirth: string;
  address: { line1: string; line2: string | null; city: string; region: string; postalCode: string; country: string };
  documentType: string;
  submittedAt: Date;
  reviewedAt: Date | null;
  rejectionReason: string | null;
}

/**
 * Submits (or, after a rejection, resubmits) the investor's identity details and document for review.
 * Nothing is written when any of it is refused.
 */
export async function submitKyc(user: CurrentUser, input: unknown, document: Uint8Array, context: RequestContext): Promise<KycView> {
  if (user.role !== "INVESTOR") throw new Forbidden("Identity checks are for investors.");
  const details = parseInput(kycInput, input);
  const existing = await db.kycProfile.findUnique({ where: { userId: user.id }, select: { status: true } });
  if (existing?.status === "APPROVED") throw new Conflict("Your identity is already verified.");
  if (existing?.status === "PENDING_REVIEW") throw new Conflict("Your details are already waiting for review; we will tell you when it is done.");
  const ring = kycKeyRing();
  const stored = await storeDocument(env().KYC_STORAGE_DIR, document, ring);
  try {
    const sealed = {
      status: "PENDING_REVIEW" as const,
      legalName: details.legalName,
      addressLine1: details.addressLine1,
      addressLine2: details.addressLine2,
      city: details.city,
      region: details.region,
      postalCode: details.postalCode,
      country: details.country,
      taxIdSealed: seal(ring, details.taxId, sealContext(user.id, "taxId")),
      taxIdLast4: details.taxId.slice(-4),
      dateOfBirthSealed: seal(ring, details.dateOfBirth, sealContext(user.id, "dateOfBirth")),
      documentKey: stored.storageKey,
      documentType: stored.type,
      documentSha256: stored.sha256,
      documentKeyId: stored.keyId,
      submittedAt: new Date(),
      reviewedAt: null,
      reviewedById: null,
      rejectionReason: null,
    };
    await db.$transaction(async (tx) => {
      // Conditional on the status read above, so two submissions at once cannot both pass.
      const updated = existing
        ? await tx.kycProfile.updateMany({ where: { userId: user.id, status: "REJECTED" }, data: sealed })
        : await tx.kycProfile.createMany({ data: [{ userId: user.id, ...sealed }], skipDuplicates: true });
      if (updated.count !== 1) throw new Conflict("Your details are already waiting for review; we will tell you when it is done.");
      await recordAudit(tx, {
        action: "KYC_SUBMITTED",
        actorId: user.id,
        target: { type: "User", id: user.id },
        context,
        details: { resubmission: !!existing, documentType: stored.type, documentSha256: stored.sha256 },
      });
    });
  } catch (error) {
    // Refused (a submission that got in first) or failed: the file it stored is nobody's.
    await discardDocument(env().KYC_STORAGE_DIR, stored.storageKey).catch(() => {});
    throw error;
  }
  return (await kycOf(user.id))!;
}

/** The investor's identity check as they and their advisor see it (masked), or null before they submit. */
export async function kycOf(userId: string): Promise<KycView | null> {
  const row = await db.kycProfile.findUnique({ where: { userId } });
  if (!row) return null;
  return {
    status: row.status,
    legalName: row.legalName,
    taxId: maskTaxId(row.taxIdLast4),
    dateOfBirth: maskDateOfBirth(unseal(kycKeyRing(), row.dateOfBirthSealed, sealContext(userId, "dateOfBirth"))),
    address: { line1: row.addressLine1, line2: row.addressLine2, city: row.city, region: row.region, postalCode: row.postalCode, country: row.country },
    documentType: row.documentType,
    submittedAt: row.submittedAt,
    reviewedAt: row.reviewedAt,
    rejectionReason: row.rejectionReason,
  };
}

/** The investor's identity-check status, or null before they first submit. */
export async function kycStatusOf(userId: string): Promise<KycStatus | null> {
  return (await db.kycProfile.findUnique({ where: { userId }, select: { status: true } }))?.status ?? null;
}

/** Whether the investor may deposit and invest. */
export async function isKycApproved(userId: string): Promise<boolean> {
  return (await db.kycProfile.count({ where: { userId, status: "APPROVED" } })) === 1;
}

/** Money in and investing wait for an approved identity check (the law's "know your customer"). */
export class KycRequired extends DomainError {
  readonly code = "kyc_required";
  readonly status = 403;
  constructor() {
    super("Verify your identity before you deposit or invest: an advisor reviews it, usually within a day.");
  }
}

export async function assertKycApproved(userId: string): Promise<void> {
  if (!(await isKycApproved(userId))) throw new KycRequired();
}

/**
 * The investor's identity details opened in full (tax id and date of birth unsealed), for their own data export
 * only: every other view is masked (kycOf). Null before they first submit.
 */
export async function kycInFullForOwner(userId: string) {
  const row = await db.kycProfile.findUnique({ where: { userId } });
  if (!row) return null;
  const ring = kycKeyRing();
  return {
    status: row.status,
    legalName: row.legalName,
    taxId: unseal(ring, row.taxIdSealed, sealContext(userId, "taxId")),
    dateOfBirth: unseal(ring, row.dateOfBirthSealed, sealContext(userId, "dateOfBirth")),
    address: { line1: row.addressLine1, line2: row.addressLine2, city: row.city, region: row.region, postalCode: row.postalCode, country: row.country },
    document: { key: row.documentKey, type: row.documentType, sha256: row.documentSha256 },
    submittedAt: row.submittedAt,
    reviewedAt: row.reviewedAt,
    rejectionReason: row.rejectionReason,
  };
}
