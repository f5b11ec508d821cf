import { expect, literally, PNG, signUp, test } from "./fixtures";

test("an admin assigns a new investor to an advisor, who alone reviews their identity; a rejection is fixed and approved", async ({ page, pageAs }) => {
  const email = await signUp(page, "Rae Review", "review");
  await page.goto("/verify");
  const fill = async (legalName: string) => {
    await page.getByLabel("Legal name").fill(legalName);
    await page.getByLabel("Date of birth").fill("1979-03-02");
    await page.getByLabel("Social Security number or ITIN").fill("219-09-9999");
    await page.getByLabel("Street address").fill("9 Elm Street");
    await page.getByLabel("City").fill("Austin");
    await page.getByLabel("State").selectOption("TX");
    await page.getByLabel("ZIP code").fill("73301");
    await page.getByLabel("Identity document").setInputFiles({ name: "licence.png", mimeType: "image/png", buffer: PNG });
    await page.getByRole("button", { name: "Submit for review" }).click();
    await expect(page.getByRole("main").getByRole("status")).toContainText("with our team for review since");
  };
  await fill("Rae Reviw");

  // The advisor cannot open the client before an admin assigns them.
  const admin = await pageAs("admin");
  await admin.goto("/admin");
  await admin.getByRole("link", { name: "All clients" }).click();
  await admin.getByRole("row", { name: literally(email) }).getByRole("link", { name: "Rae Review" }).click();
  await expect(admin).toHaveURL(/\/admin\/clients\/[0-9a-f-]{36}$/);
  const clientUrl = admin.url();
  const advisor = await pageAs("advisor");
  await advisor.goto(clientUrl);
  await expect(advisor.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();

  await admin.getByLabel("Advisor", { exact: true }).selectOption({ label: "Alex Advisor (advisor@autovest.dev)" });
  await admin.getByRole("button", { name: "Assign" }).click();
  await expect(admin.getByRole("status")).toHaveText("Assigned to Alex Advisor.");

  // Now the advisor sees the client, masked, and rejects with a reason.
  await advisor.goto("/admin/clients");
  await advisor.getByRole("link", { name: "Rae Review" }).click();
  await expect(advisor.getByTestId("kyc-status")).toHaveText("Waiting for review");
  await expect(advisor.getByText("•••-••-9999")).toBeVisible();
  await advisor.getByRole("button", { name: "Reject with reason" }).click();
  await expect(advisor.getByText("Say why, so the investor can fix it.")).toBeVisible();
  await advisor.getByLabel("Reason for a rejection").fill("The name does not match the licence: check the spelling.");
  await advisor.getByRole("button", { name: "Reject with reason" }).click();
  await expect(advisor.getByTestId("kyc-status")).toHaveText("Rejected");

  // The investor reads why, fixes it and resubmits; the advisor approves.
  await page.reload();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("The name does not match the licence");
  // The form starts from what was sent, except the sealed tax id and date of birth (typed again; a reminder of the last four).
  await expect(page.getByLabel("Legal name")).toHaveValue("Rae Reviw");
  await expect(page.getByLabel("Street address")).toHaveValue("9 Elm Street");
  await expect(page.getByLabel("City")).toHaveValue("Austin");
  await expect(page.getByLabel("State")).toHaveValue("TX");
  await expect(page.getByLabel("ZIP code")).toHaveValue("73301");
  await expect(page.getByLabel("Social Security number or ITIN")).toHaveValue("");
  await expect(page.getByLabel("Social Security number or ITIN")).toHaveAccessibleDescription(/ends 9999/);
  await expect(page.getByLabel("Date of birth")).toHaveValue("");
  await fill("Rae Review");
  await advisor.reload();
  await expect(advisor.getByTestId("kyc-status")).toHaveText("Waiting for review");
  await advisor.getByRole("button", { name: "Approve identity" }).click();
  await expect(advisor.getByTestId("kyc-status")).toHaveText("Approved");
  await page.reload();
  await expect(page.getByRole("main").getByRole("status")).toHaveText("Your identity is verified.");

  // The document is the advisor's to see, not another investor's.
  const documentUrl = clientUrl.replace(/\/admin\/clients\/([^/]+)$/, "/api/v1/kyc/$1/document");
  const asAdvisor = await advisor.request.get(documentUrl);
  expect(asAdvisor.status()).toBe(200);
  expect(asAdvisor.headers()["content-type"]).toBe("image/png");
  const other = await pageAs("investor");
  expect((await other.request.get(documentUrl)).status()).toBe(404);
});
