import { alertOf, DEMO, expect, signIn, signOut, test, uniqueEmail } from "./fixtures";
import { enrolAuthenticatorApp, passStepUp } from "./second-factor";

test("a new investor signs up, lands on the dashboard, signs out and signs in again", async ({ page }) => {
  const email = uniqueEmail();
  const password = "a quiet harbour at dawn";

  await page.goto("/");
  await page.getByRole("link", { name: "Open an account" }).first().click();
  await page.getByLabel("Full name").fill("Grace Hopper");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();

  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { name: "Welcome, Grace Hopper" })).toBeVisible();
  await expect(page.getByTestId("available-cash")).toHaveText("$0.00");

  await signOut(page);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fdashboard/);

  await page.getByLabel("Email").fill(email.toUpperCase()); // emails are case-insensitive
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { name: "Welcome, Grace Hopper" })).toBeVisible();
});

test("sign-up explains each problem next to its field and creates nothing", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Full name").fill("Test Person");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByLabel("Email")).toHaveAccessibleDescription(/Enter a valid email address/);
  await expect(page.getByLabel("Password")).toHaveAccessibleDescription(/Use at least 12 characters/);

  await page.getByLabel("Email").fill(uniqueEmail());
  await page.getByLabel("Password").fill("Password1234!");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByLabel("Password")).toHaveAccessibleDescription(/too common/);

  await page.getByLabel("Email").fill(DEMO.investor.email);
  await page.getByLabel("Password").fill("a perfectly fine passphrase");
  await page.getByRole("button", { name: "Create account" }).click();
  // A taken email gets no answer of its own (its owner is emailed instead): the form goes on to sign in, which
  // says only that the email or password is wrong.
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByLabel("Email")).not.toHaveAccessibleDescription(/already exists/);
});

test("a wrong password says only that the email or password is wrong", async ({ page }) => {
  await signIn(page, { email: DEMO.investor.email, password: "not the right password" });
  await expect(alertOf(page)).toHaveText("Wrong email or password.");
  await signIn(page, { email: "nobody-here@example.com", password: "not the right password" });
  await expect(alertOf(page)).toHaveText("Wrong email or password.");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("repeated failures for one email from one browser are slowed down, with when to try again", async ({ page }) => {
  const email = uniqueEmail("target");
  for (let attempt = 1; attempt <= 5; attempt++) {
    await signIn(page, { email, password: `wrong guess number ${attempt}` });
    await expect(alertOf(page)).toHaveText("Wrong email or password.");
  }
  await signIn(page, { email, password: "wrong guess number 6" });
  await expect(alertOf(page)).toHaveText(/^Too many attempts\. Try again in \d+ seconds\.$/);
});

test("an investor is refused the advisor dashboard with a 403 page", async ({ pageAs }) => {
  const page = await pageAs("investor");
  const response = await page.goto("/admin");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
});

test("an advisor reaches the advisor dashboard but not account management", async ({ pageAs }) => {
  const page = await pageAs("advisor");
  await page.goto("/admin");
  await expect(page.getByRole("heading", { name: "Advisor dashboard" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Manage accounts and roles" })).toHaveCount(0);
  const response = await page.goto("/admin/accounts");
  expect(response?.status()).toBe(403);
});

test("an admin creates an advisor, who can then sign in to the advisor dashboard", async ({ pageAs, newPerson }) => {
  const email = uniqueEmail("advisor");
  const page = await pageAs("admin");
  await page.goto("/admin");
  await page.getByRole("link", { name: "Manage accounts and roles" }).click();
  await page.getByLabel("Full name").fill("Nina Advisor");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Initial password").fill("advisors start here today");
  await page.getByLabel("Role", { exact: true }).selectOption("ADVISOR");
  await page.getByRole("button", { name: "Create account" }).click();
  await passStepUp(page, page.getByRole("status").filter({ hasText: `Created advisor account for ${email}.` }));
  await expect(page.getByRole("cell", { name: email, exact: true })).toBeVisible();

  const advisor = await newPerson();
  await signIn(advisor, { email, password: "advisors start here today" });
  // Staff set up a second factor before they reach /admin.
  await expect(advisor).toHaveURL(/\/security$/);
  await enrolAuthenticatorApp(advisor);
  await advisor.goto("/admin");
  await expect(advisor.getByRole("heading", { name: "Advisor dashboard" })).toBeVisible();

  // Demoted to investor: the very next request already sees the new role.
  await page.getByLabel(`Role of ${email}`, { exact: true }).selectOption("INVESTOR");
  await page.getByRole("button", { name: `Change role of ${email}` }).click();
  await passStepUp(page, page.getByText(`${email} is now investor.`));
  expect((await advisor.goto("/admin"))?.status()).toBe(403);
});

test("the sign-in form works from the keyboard alone", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").focus();
  await page.keyboard.type(DEMO.investor.email);
  await page.keyboard.press("Tab");
  await page.keyboard.type(DEMO.investor.password);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/dashboard$/);
});
