import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { pdfText } from "../scripts/test/pdf-text";
import { INVESTED_500 } from "./figures";
import { deposit, expect, navigate, signUpVerified, takeBalancedQuestionnaire, test, THROUGH_A_WORKFLOW } from "./fixtures";

/** The month under way in New York, as the operations page offers it and the statement names it. */
const thisMonth = new Intl.DateTimeFormat("en-US", { month: "long", year: "numeric", timeZone: "America/New_York" }).format(new Date());

test("an operator generates this month's statements; the investor is told, finds it under Documents on a phone, and the PDF shows their deposit and holdings", async ({
  page,
  pageAs,
}) => {
  // An investor with $500 invested on the balanced model (e2e/figures.ts works out the holdings).
  await page.setViewportSize({ width: 390, height: 844 });
  await signUpVerified(page, pageAs, "Stella Statement", "statement");
  await takeBalancedQuestionnaire(page);
  await page.goto("/dashboard");
  await deposit(page, "500", /succeeds/);
  await expect(page.getByTestId("invested-value")).toHaveText("$499.84", THROUGH_A_WORKFLOW);

  // The operator asks for this month's statements, to date.
  const admin = await pageAs("admin");
  await admin.goto("/admin/operations");
  const statements = admin.getByRole("region", { name: "Statements" });
  await expect(statements.getByLabel("Month")).toHaveValue(/^\d{4}-\d{2}$/);
  await statements.getByRole("button", { name: "Generate statements" }).click();
  await expect(statements.getByRole("status")).toHaveText(`Generating ${thisMonth} statements, month to date: each investor is told when theirs is ready.`);

  // The investor is told, and follows the notification to their Documents.
  const title = `Your ${thisMonth} statement is ready`;
  await expect(async () => {
    await page.goto("/notifications");
    await expect(page.getByRole("main").getByRole("link", { name: title })).toBeVisible({ timeout: 1_000 });
  }).toPass(THROUGH_A_WORKFLOW);
  await page.getByRole("main").getByRole("link", { name: title }).click();
  await expect(page).toHaveURL(/\/documents$/);
  await expect(page.getByRole("heading", { name: "Documents", level: 1 })).toBeVisible();
  const row = page.getByRole("row", { name: new RegExp(`${thisMonth} statement \\(month to`) });
  await expect(row).toContainText("Statement");

  // Downloaded as a PDF named for the month; what it says is read back from the file.
  const downloading = page.waitForEvent("download");
  await row.getByRole("link", { name: /^Download .* statement .*\(PDF, \d+ KB\)$/ }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^autovest-statement-\d{4}-\d{2}\.pdf$/);
  const text = await pdfText(await readFile((await download.path())!));
  expect(text).toContain(`Statement for ${thisMonth}`);
  expect(text).toContain("Stella Statement");
  expect(text).toContain("month to date");
  expect(text).toContain("Opening value $0.00");
  expect(text).toContain("Deposits $500.00");
  expect(text).toContain("Closing value $499.84");
  // Each holding with its shares, price and value, as the holdings page shows them.
  for (const holding of INVESTED_500) {
    const [symbol, shares, price, value] = holding.split(" ");
    expect(text).toMatch(new RegExp(`^${symbol} .*${shares} \\${price} \\${value}$`, "m"));
  }
  expect(text).toContain("Cash Cash (available and held) $0.00");
  expect(text).toContain("Total $499.84");

  // Nobody else can download it: another investor gets "not found".
  const href = await row.getByRole("link").getAttribute("href");
  const other = await pageAs("investor");
  expect((await other.request.get(href!)).status()).toBe(404);

  // The JSON API lists it and serves the same file (the browser's session here; a personal token works alike).
  await page.goto("/settings");
  const accountId = (await page.getByTestId("account-id").textContent())!;
  const listed = await page.request.get(`/api/v1/accounts/${accountId}/documents`);
  expect(listed.status()).toBe(200);
  const { documents } = (await listed.json()) as { documents: { type: string; monthToDate: boolean; download: string; sha256: string }[] };
  expect(documents).toEqual([expect.objectContaining({ type: "statement", monthToDate: true })]);
  const viaApi = await page.request.get(documents[0]!.download);
  expect(viaApi.headers()["content-type"]).toBe("application/pdf");
  expect(viaApi.headers()["content-disposition"]).toMatch(/^attachment; filename="autovest-statement-\d{4}-\d{2}\.pdf"$/);
  expect(createHash("sha256").update(await viaApi.body()).digest("hex")).toBe(documents[0]!.sha256);

  // Staff find it on the client's page and download it too.
  await admin.goto(`/admin/clients?q=${encodeURIComponent("Stella Statement")}`);
  await admin.getByRole("link", { name: "Stella Statement" }).click();
  const clientDocuments = admin.getByRole("region", { name: "Statements and confirmations" });
  const staffDownload = admin.waitForEvent("download");
  await clientDocuments.getByRole("link", { name: new RegExp(`^Download ${thisMonth} statement`) }).click();
  expect(await pdfText(await readFile((await (await staffDownload).path())!))).toContain("Deposits $500.00");

  // The Documents link is in the investor's navigation.
  await page.goto("/dashboard");
  await navigate(page, "Documents");
  await expect(page).toHaveURL(/\/documents$/);
});
