import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { alertOf, BALANCED, expect, navigate, signUp, test } from "./fixtures";
import { enrolAuthenticatorApp, passStepUp } from "./second-factor";

const GROWTH_DESCRIPTION = "Mostly stocks from around the world, a tenth in bonds to soften the falls: for investors a step bolder than balanced.";

/** Answers the questionnaire: as a balanced investor would, or with every first (most cautious) or last (boldest) answer. */
async function answerQuestionnaire(page: Page, answers: "balanced" | "cautious" | "bold") {
  await page.goto("/onboarding?retake=1");
  for (const [question, answer] of BALANCED) {
    const group = page.getByRole("group", { name: question });
    if (answers === "balanced") await group.getByLabel(answer, { exact: true }).check();
    else await group.getByRole("radio").nth(answers === "cautious" ? 0 : -1).check();
  }
  await page.getByRole("button", { name: "See my risk score" }).click();
  await expect(page.getByRole("heading", { name: /^Your portfolio: / })).toBeVisible();
}

/** Axe (WCAG 2 A and AA) finds nothing serious; the page is kept as a screenshot in the test's output folder, at 390 and 1366 px. */
async function checkPage(page: Page, name: string) {
  for (const width of [390, 1366]) {
    await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
    const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    const serious = violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
    expect(serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`)).toEqual([]);
    // Nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.screenshot({ path: test.info().outputPath(`${name}-${width}.png`), fullPage: true });
  }
}

const PERCENT = /^[+−]?\d+\.\d\d%/;

test("an admin publishes Growth as a strategy; an investor browses it, follows it through the preview with step-up, and the count goes up", async ({ page, pageAs }) => {
  // Two pages checked with axe at two widths, a sign-up, an authenticator set-up and two step-ups: a long journey.
  test.slow();
  const admin = await pageAs("admin");
  await admin.goto("/admin/models");
  await admin.getByRole("link", { name: "Growth", exact: true }).click();
  const section = admin.getByRole("region", { name: "Public strategy" });
  await expect(section.getByTestId("strategy-status")).toContainText("Not public");
  const followersBefore = Number(/^(\d+)/.exec((await section.getByTestId("strategy-followers").textContent())!)![1]);
  await section.getByLabel("Description for investors").fill("Too short");
  await section.getByLabel("Description for investors").evaluate((field: HTMLTextAreaElement) => field.removeAttribute("minlength"));
  await section.getByRole("button", { name: "Publish as a strategy" }).click();
  await passStepUp(admin, section.getByText("Describe the strategy in at least 20 characters."));
  await expect(section.getByTestId("strategy-status")).toContainText("Not public");
  await section.getByLabel("Description for investors").fill(GROWTH_DESCRIPTION);
  await section.getByRole("button", { name: "Publish as a strategy" }).click();
  await passStepUp(admin, section.getByRole("status").filter({ hasText: "Growth is a public strategy" }));
  await expect(section.getByTestId("strategy-status")).toContainText("Public since");

  // A new investor, balanced by the questionnaire, browses the strategies.
  await signUp(page, "Fiona Follower", "follower");
  await answerQuestionnaire(page, "balanced");
  await navigate(page, "Strategies");
  await expect(page).toHaveURL(/\/strategies$/);
  const table = page.getByRole("table", { name: /Public strategies/ });
  const growthRow = table.getByRole("row", { name: /Growth/ });
  await expect(growthRow).toContainText(GROWTH_DESCRIPTION);
  // The rules of /portfolio: bolder than recommended is allowed knowingly (nothing caps a 6-to-10-year horizon).
  await expect(growthRow).toContainText("More risk than we recommend");
  await expect(table.getByRole("row", { name: /Aggressive/ })).toContainText("More risk than we recommend");
  await expect(table.getByRole("row", { name: /Balanced/ })).toContainText("Within your risk capacity");
  await expect(growthRow.getByRole("cell").nth(2)).toHaveText(PERCENT);
  await checkPage(page, "strategies");

  // Its page: the track record after fees beside the benchmark, what it holds, and a count that names nobody.
  await page.getByRole("link", { name: "Growth", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Growth" })).toBeVisible();
  await expect(page.getByTestId("followers")).toHaveText("Fewer than 5 investors follow this strategy.");
  await expect(page.getByTestId("strategy-since-inception")).toHaveText(PERCENT);
  await expect(page.getByTestId("benchmark-since-inception")).toHaveText(PERCENT);
  await expect(page.getByTestId("strategy-volatility")).toHaveText(/^\d+\.\d\d%$/);
  await expect(page.getByText(/after our advisory fee of 0\.25% a year \(the rate on \$100,000\.00/)).toBeVisible();
  await expect(page.getByText("Benchmark: 60/40 stocks and bonds")).toBeVisible();
  await expect(page.getByRole("table", { name: /Target weights, version/ }).getByRole("row", { name: /VTI/ })).toContainText(/47(\.0+)?%/);
  await checkPage(page, "strategy-growth");

  // Following is a change of model: a preview first, then a confirmation with the second factor.
  const secret = await enrolAuthenticatorApp(page);
  await page.goto("/strategies/growth");
  await expect(page.getByRole("note")).toContainText("Growth takes more risk than your answers support.");
  // Without ticking the box, the server refuses: nothing is previewed.
  await page.getByRole("button", { name: "Follow Growth" }).click();
  await expect(alertOf(page)).toHaveText("Growth takes more risk than we recommend for you: tick the box to confirm you understand and accept it.");
  await expect(page).toHaveURL(/\/strategies\/growth$/);
  await page.getByLabel("I understand that this strategy takes more risk than recommended for me, and I accept it.").check();
  await page.getByRole("button", { name: "Follow Growth" }).click();
  await expect(page).toHaveURL(/\/onboarding\/change\/[0-9a-f-]{36}\?strategy=follow$/);
  await expect(page.getByText("You chose to follow the Growth strategy.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "From Balanced to Growth" })).toBeVisible();
  await page.getByRole("button", { name: "Confirm and rebalance" }).click();
  await passStepUp(page, page.getByRole("status").filter({ hasText: "Confirmed: your account is moving to Growth" }), secret);

  await page.goto("/strategies/growth");
  await expect(page.getByRole("status").filter({ hasText: "Your portfolio follows Growth." })).toBeVisible();
  await expect(page.getByRole("button", { name: "Stop following: back to my recommended portfolio" })).toBeVisible();
  await expect(page.getByTestId("followers")).toHaveText("Fewer than 5 investors follow this strategy.");
  // Staff see the exact count, now including this investor. Other specs running beside this one may move
  // investors onto Growth too (e2e/portfolio-choice.spec.ts), so the count is at least one more, in words that agree.
  await admin.reload();
  const followers = section.getByTestId("strategy-followers");
  await expect(followers).toHaveText(/^\d+ (investor follows|investors follow) this model$/);
  const after = Number(/^(\d+)/.exec((await followers.textContent())!)![1]);
  expect(after).toBeGreaterThanOrEqual(followersBefore + 1);
  await expect(followers).toHaveText(`${after} ${after === 1 ? "investor follows" : "investors follow"} this model`);
});

test("a strategy beyond the investor's risk capacity cannot be followed: the server refuses it and nothing changes", async ({ page }) => {
  await signUp(page, "Carl Cautious", "cautious");
  await answerQuestionnaire(page, "bold");
  await page.goto("/strategies/aggressive");
  await expect(page.getByRole("status").filter({ hasText: "Your portfolio follows Aggressive." })).toBeVisible();

  // Bold, Balanced is within reach (more cautious is always allowed).
  await page.goto("/strategies/balanced");
  await expect(page.getByText("Within your risk capacity")).toBeVisible();
  await expect(page.getByRole("button", { name: "Follow Balanced" })).toBeVisible();

  // Meanwhile, in another tab, the most cautious answers: the account moves to Conservative (it holds nothing).
  const other = await page.context().newPage();
  await answerQuestionnaire(other, "cautious");
  await expect(other.getByRole("heading", { name: "Your portfolio: Conservative" })).toBeVisible();
  await other.close();

  // The page still offers Balanced, above the ceiling that money needed within 3 years sets: the server refuses it.
  await page.getByRole("button", { name: "Follow Balanced" }).click();
  await expect(alertOf(page)).toContainText("Balanced takes more risk than your answers allow, because you expect to use the money within 3 years");
  await expect(page).toHaveURL(/\/strategies\/balanced$/);
  await page.reload();
  await expect(page.getByText("Above your risk capacity")).toBeVisible();
  await expect(page.getByRole("button", { name: "Follow Balanced" })).toHaveCount(0);
  await page.goto("/onboarding");
  await expect(page.getByRole("heading", { name: "Your portfolio: Conservative" })).toBeVisible();

  // The JSON API lists the strategies' figures, never who follows them.
  const response = await page.request.get("/api/v1/strategies");
  expect(response.status()).toBe(200);
  const { strategies } = (await response.json()) as { strategies: { slug: string; followers: string; trackRecord: { afterFees: { sinceInception: string } } | null }[] };
  const balanced = strategies.find((s) => s.slug === "balanced")!;
  expect(balanced.trackRecord?.afterFees.sinceInception).toMatch(/^-?\d+\.\d{6}$/);
  expect(balanced.followers).toMatch(/investors follow this strategy$/);
});
