import { expect, signUp, test, navigate } from "./fixtures";

const PDF = Buffer.from("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n");

test("an investor submits their identity details and document, refused first for a file that is not a document", async ({ page }) => {
  await signUp(page, "Kim Check", "kyc");
  await navigate(page, "Identity");
  await expect(page.getByRole("heading", { name: "Verify your identity" })).toBeVisible();

  await page.getByLabel("Legal name").fill("Kim Check");
  await page.getByLabel("Date of birth").fill("1988-07-14");
  await page.getByLabel("Social Security number or ITIN").fill("123-45-6789");
  await page.getByLabel("Street address").fill("12 Harbor Road");
  await page.getByLabel("City").fill("Portland");
  await page.getByLabel("State").selectOption("ME");
  await page.getByLabel("ZIP code").fill("04101");
  // A web page renamed passport.pdf: refused by its content, with what was typed kept (but not the tax id).
  await page.getByLabel("Identity document").setInputFiles({ name: "passport.pdf", mimeType: "application/pdf", buffer: Buffer.from("<html>not a passport</html>") });
  await page.getByRole("button", { name: "Submit for review" }).click();
  await expect(page.getByText("Upload a PDF, JPEG or PNG file")).toBeVisible();
  await expect(page.getByLabel("Identity document")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("City")).toHaveValue("Portland");
  await expect(page.getByLabel("State")).toHaveValue("ME");
  await expect(page.getByLabel("Social Security number or ITIN")).toHaveValue("");

  await page.getByLabel("Social Security number or ITIN").fill("123-45-6789");
  await page.getByLabel("Identity document").setInputFiles({ name: "passport.pdf", mimeType: "application/pdf", buffer: PDF });
  await page.getByRole("button", { name: "Submit for review" }).click();
  // Waiting for review, with the tax id and date of birth masked, and still so after a reload.
  await expect(page.getByRole("main").getByRole("status")).toContainText("with our team for review since");
  await page.reload();
  await expect(page.getByRole("main").getByRole("status")).toContainText("with our team for review since");
  await expect(page.getByTestId("kyc-tax-id")).toHaveText("•••-••-6789");
  await expect(page.getByText("••/••/1988")).toBeVisible();
  await expect(page.getByRole("button", { name: "Submit for review" })).toHaveCount(0);
});
