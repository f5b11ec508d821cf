import { readFile } from "node:fs/promises";
import { DEMO, expect, signUp, test, navigate } from "./fixtures";

test("an admin filters the audit trail, exports it as CSV (itself audited) and verifies the chain", async ({ pageAs, newPerson }) => {
  const email = await signUp(await newPerson(), "Audra Audit", "audit");

  const page = await pageAs("admin");
  await page.goto("/admin");
  await navigate(page, "Audit trail");
  await expect(page.getByRole("heading", { name: "Audit trail" })).toBeVisible();
  await page.getByLabel("Actor's email").fill(email);
  await page.getByLabel("Action").selectOption({ label: "Signed up" });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/action=USER_SIGNED_UP/);
  const rows = page.getByRole("table").getByRole("row");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText("Audra Audit");
  await expect(rows.nth(1)).toContainText("Signed up");
  await expect(rows.nth(1)).toContainText(`email: ${email}, role: INVESTOR`);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  const lines = (await readFile(await download.path(), "utf8")).split("\r\n");
  expect(lines[0]).toBe("id,at,actor_email,actor_name,action,target_type,target_id,ip,user_agent,details,seal_seq");
  expect(lines).toHaveLength(3);
  expect(lines[2]).toBe("");
  expect(lines[1]).toContain(`,${email},Audra Audit,USER_SIGNED_UP,User,`);
  expect(lines[1]).toContain(`"{""email"":""${email}"",""role"":""INVESTOR""}"`);

  // The export is on the record, with the filter it used.
  await page.goto(`/admin/audit?action=AUDIT_TRAIL_EXPORTED&actor=${encodeURIComponent(DEMO.admin.email)}`);
  await expect(page.getByRole("table").getByRole("row").nth(1)).toContainText(`filter: {"action":"USER_SIGNED_UP","actor":"${email}"}`);

  await page.getByRole("button", { name: "Verify the chain" }).click();
  await expect(page.getByRole("main").getByRole("status")).toHaveText(/^Audit trail intact: [\d,]+ records checked\./);
});

test("an admin downloads the chain's latest seal, verifies the chain against it, and asks for identity data to be re-sealed", async ({ pageAs }) => {
  const page = await pageAs("admin");
  await page.goto("/admin/audit");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download the latest seal" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^autovest-audit-seal-\d+\.json$/);
  const exported = JSON.parse(await readFile(await download.path(), "utf8")) as Record<string, string>;
  expect(exported).toEqual({ seq: expect.stringMatching(/^\d+$/), auditId: expect.stringMatching(/^\d+$/), hash: expect.stringMatching(/^[0-9a-f]{64}$/), keyId: "dev", sealedAt: expect.any(String), algorithm: "HMAC-SHA-256" });

  await page.getByLabel("Exported seal (optional)").fill(JSON.stringify(exported));
  await page.getByRole("button", { name: "Verify the chain" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText(`The exported seal ${exported.seq} is in the chain, unchanged.`);

  // A seal that was never the chain's (a rewritten chain's) is reported as such.
  await page.getByLabel("Exported seal (optional)").fill(JSON.stringify({ ...exported, hash: "f".repeat(64) }));
  await page.getByRole("button", { name: "Verify the chain" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText(`The chain was rewritten: seal ${exported.seq} is not the exported seal`);

  await page.getByLabel("Exported seal (optional)").fill("not a seal");
  await page.getByRole("button", { name: "Verify the chain" }).click();
  await expect(page.getByText("That is not an exported seal: it is not JSON.").first()).toBeVisible();

  const keys = page.getByRole("region", { name: "Identity data keys" });
  await expect(keys).toContainText("New identity data is sealed with key dev.");
  await keys.getByRole("button", { name: "Re-seal identity data under the newest key now" }).click();
  await expect(keys.getByRole("status")).toContainText(/Re-seal|already under the newest key/);
});

test("an advisor sees no records of someone else's client and cannot verify; an investor gets the 403 page and no export", async ({ pageAs, newPerson }) => {
  const email = await signUp(await newPerson(), "Una Assigned", "audit");

  const page = await pageAs("advisor");
  await page.goto(`/admin/audit?actor=${encodeURIComponent(email)}`);
  await expect(page.getByText("No records match these filters.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Verify the chain" })).toHaveCount(0);

  const investor = await pageAs("investor");
  await investor.goto("/admin/audit");
  await expect(investor.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
  expect((await investor.request.get("/admin/audit/export")).status()).toBe(403);
  // The chain's seal is for admins: an advisor's and an investor's request is refused on the server.
  expect((await page.request.get("/admin/audit/seal")).status()).toBe(403);
  expect((await investor.request.get("/admin/audit/seal")).status()).toBe(403);
  await expect(page.getByRole("link", { name: "Download the latest seal" })).toHaveCount(0);
});
