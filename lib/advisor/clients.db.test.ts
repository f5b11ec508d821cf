import { describe, expect, it } from "vitest";
import { browser, createUser } from "../../scripts/test/factories";
import { temporaryKycStorage } from "../../scripts/test/kyc";
import { db } from "../db";
import { Forbidden, InvalidInput, NotFound } from "../errors";
import { submitKyc } from "../kyc/profile";
import { assignAdvisor, clientFor, identityDocument, listAdvisors } from "./clients";

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
temporaryKycStorage();

describe("advisors and their clients", () => {
  it("are assigned by admins only, audited, and only to advisors", async () => {
    const admin = await createUser("ADMIN");
    const advisor = await createUser("ADVISOR");
    const investor = await createUser("INVESTOR");
    await expect(assignAdvisor(advisor, { clientId: investor.id, advisorId: advisor.id }, browser())).rejects.toBeInstanceOf(Forbidden);
    await expect(assignAdvisor(admin, { clientId: investor.id, advisorId: admin.id }, browser())).rejects.toThrow("No such advisor.");
    await expect(assignAdvisor(admin, { clientId: advisor.id, advisorId: advisor.id }, browser())).rejects.toThrow("No such client.");
    await expect(assignAdvisor(admin, { clientId: investor.id, advisorId: "someone" }, browser())).rejects.toBeInstanceOf(InvalidInput);
    expect((await listAdvisors(admin)).map((a) => a.id)).toContain(advisor.id);

    const assigned = await assignAdvisor(admin, { clientId: investor.id, advisorId: advisor.id }, browser());
    expect(assigned.advisor).toEqual({ id: advisor.id, name: advisor.name });
    const unassigned = await assignAdvisor(admin, { clientId: investor.id, advisorId: "" }, browser());
    expect(unassigned.advisor).toBeNull();
    const audit = await db.auditLog.findMany({ where: { action: "CLIENT_ASSIGNED", targetId: investor.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.details)).toEqual([{ from: null, to: advisor.id }, { from: advisor.id, to: null }]);
  });

  it("are seen by their own advisor and admins; another advisor is told no, and an investor cannot look", async () => {
    const admin = await createUser("ADMIN");
    const advisor = await createUser("ADVISOR");
    const investor = await createUser("INVESTOR");
    await assignAdvisor(admin, { clientId: investor.id, advisorId: advisor.id }, browser());
    expect((await clientFor(advisor, investor.id)).id).toBe(investor.id);
    expect((await clientFor(admin, investor.id)).id).toBe(investor.id);
    const other = await createUser("ADVISOR");
    await expect(clientFor(other, investor.id, browser())).rejects.toThrow("This client is not assigned to you.");
    await expect(clientFor(await createUser("INVESTOR"), investor.id)).rejects.toBeInstanceOf(Forbidden);
    await expect(clientFor(admin, admin.id)).rejects.toBeInstanceOf(NotFound);
    // The other advisor's attempt is on the record, with where it came from.
    expect(await db.auditLog.findMany({ where: { action: "ACCESS_DENIED", actorId: other.id }, select: { targetId: true, ip: true, details: true } })).toEqual([
      { targetId: investor.id, ip: "203.0.113.10", details: { reason: "client of another advisor", advisorId: advisor.id } },
    ]);
  });

  it("show the identity document to its owner and the client's advisor (audited), to nobody else", async () => {
    const admin = await createUser("ADMIN");
    const advisor = await createUser("ADVISOR");
    const investor = await createUser("INVESTOR");
    await assignAdvisor(admin, { clientId: investor.id, advisorId: advisor.id }, browser());
    await expect(identityDocument(investor, investor.id, browser())).rejects.toBeInstanceOf(NotFound); // nothing submitted yet
    await submitKyc(
      investor,
      { legalName: "Ada Owner", dateOfBirth: "1980-01-01", taxId: "123456789", addressLine1: "1 A St", city: "Boston", region: "MA", postalCode: "02108" },
      PNG,
      browser(),
    );

    expect(await identityDocument(investor, investor.id, browser())).toEqual({ content: Buffer.from(PNG), type: "image/png" });
    expect(await identityDocument(advisor, investor.id, browser())).toMatchObject({ type: "image/png" });
    await expect(identityDocument(await createUser("ADVISOR"), investor.id, browser())).rejects.toBeInstanceOf(Forbidden);
    await expect(identityDocument(await createUser("INVESTOR"), investor.id, browser())).rejects.toBeInstanceOf(NotFound);
    const views = await db.auditLog.findMany({ where: { action: "KYC_DOCUMENT_VIEWED", targetId: investor.id } });
    expect(views.map((v) => v.actorId)).toEqual([advisor.id]); // the owner's own look is not an event
  });
});
