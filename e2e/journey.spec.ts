import { HOLDINGS_HEADER, INVESTED_500, INVESTED_500_THEN_200 } from "./figures";
import { deposit, expect, signUp, submitIdentity, takeBalancedQuestionnaire, test, THROUGH_A_WORKFLOW, verifyEmail } from "./fixtures";

test("an investor is verified by their advisor, deposits and is invested; the advisor sees it all; a second deposit tops the portfolio up toward its targets", async ({
  page,
  pageAs,
}) => {
  // The investor signs up, chooses a portfolio and submits their identity.
  const email = await signUp(page, "Jordan Journey", "journey");
  await verifyEmail(page, email);
  await takeBalancedQuestionnaire(page);
  await submitIdentity(page, "Jordan Journey");

  // An admin assigns them to the demo advisor.
  const admin = await pageAs("admin");
  await admin.goto(`/admin/clients?q=${encodeURIComponent(email)}`);
  await admin.getByRole("link", { name: "Jordan Journey" }).click();
  await admin.getByLabel("Advisor", { exact: true }).selectOption({ label: "Alex Advisor (advisor@autovest.dev)" });
  await admin.getByRole("button", { name: "Assign" }).click();
  await expect(admin.getByRole("status")).toHaveText("Assigned to Alex Advisor.");
  const clientPath = new URL(admin.url()).pathname;
  const clientId = clientPath.split("/").at(-1)!;

  // The advisor finds the check waiting from the dashboard and approves it.
  const advisor = await pageAs("advisor");
  await advisor.goto("/admin");
  await advisor.getByRole("link", { name: /identity checks? waiting for review/ }).click();
  await expect(advisor).toHaveURL(/kyc=PENDING_REVIEW/);
  await advisor.getByRole("link", { name: "Jordan Journey" }).click();
  await expect(advisor.getByTestId("kyc-status")).toHaveText("Waiting for review");
  await advisor.getByRole("button", { name: "Approve identity" }).click();
  await expect(advisor.getByTestId("kyc-status")).toHaveText("Approved");

  // The investor deposits and is invested in the Balanced model (e2e/figures.ts works out the figures).
  await page.goto("/dashboard");
  await deposit(page, "500", /succeeds/);
  const holdings = page.getByRole("table", { name: "Holdings at the latest prices" });
  await expect(holdings.getByRole("row")).toHaveText([HOLDINGS_HEADER, ...INVESTED_500], { useInnerText: true, ...THROUGH_A_WORKFLOW });
  await expect(page.getByText("Being invested")).toHaveCount(0);
  await expect(page.getByTestId("invested-value")).toHaveText("$499.84");
  await expect(page.getByTestId("available-cash")).toHaveText("$0.00");

  // The advisor sees the client's holdings and the trail of all of it.
  await advisor.goto(clientPath);
  await expect(advisor.getByRole("heading", { name: "Portfolio: Balanced (version 1)" })).toBeVisible();
  await expect(advisor.getByRole("table", { name: "Holdings at the latest prices" }).getByRole("row", { name: /VTI/ })).toHaveText(INVESTED_500[0]!, {
    useInnerText: true,
  });
  await expect(advisor.getByTestId("client-total-value")).toHaveText("$499.84");
  await advisor.goto(`/admin/audit?actor=${encodeURIComponent(email)}`);
  const byClient = advisor.getByRole("table");
  for (const action of ["Signed up", "Risk questionnaire submitted", "Identity check submitted", "Deposit requested"]) {
    await expect(byClient.getByRole("row", { name: new RegExp(action) }).first()).toBeVisible();
  }
  await advisor.goto(`/admin/audit?targetId=${clientId}`);
  await expect(advisor.getByRole("table").getByRole("row", { name: /Identity approved/ })).toContainText("Alex Advisor");

  // A second deposit is invested on top of the first: toward the targets, given what is already held.
  await page.goto("/dashboard");
  await deposit(page, "200", /succeeds/);
  await expect(page).toHaveURL(/\/dashboard\?deposit=/);
  await expect(page.getByTestId("invested-value")).toHaveText(INVESTED_500_THEN_200.invested, THROUGH_A_WORKFLOW);
  await expect(page.getByText("Being invested")).toHaveCount(0);
  await expect(page.getByTestId("available-cash")).toHaveText(INVESTED_500_THEN_200.cash);
  await expect(page.getByTestId("total-value")).toHaveText(INVESTED_500_THEN_200.total);
  await expect(page.getByTestId("total-gain")).toHaveText(INVESTED_500_THEN_200.gain);
  await advisor.goto(clientPath);
  await expect(advisor.getByTestId("client-total-value")).toHaveText(INVESTED_500_THEN_200.total);
  // The advisor sees the same total gain as the investor.
  await expect(advisor.getByTestId("total-gain")).toHaveText(INVESTED_500_THEN_200.gain);
});
