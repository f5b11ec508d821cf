import type { Page } from "@playwright/test";
import { expect, test, navigate } from "./fixtures";

// The e2e server imports real bars around two real splits (e2e/data, scripts/e2e-server.ts): EFA's 3:1 of
// 9 June 2005 and IJH's 5:1 of 22 February 2024, each flagged for review. One test resolves each, at one width.

async function recordFlaggedSplit(page: Page, symbol: string, date: string, ratio: [string, string], move: string) {
  await page.goto("/admin/corporate-actions");
  // On a phone each flag is a card whose cells say their column ("Day: …"), so the row is found by its flag.
  const row = page.getByRole("region", { name: "Flagged moves waiting for review" }).getByTestId(`flag-${symbol}-${date}`);
  await expect(row.getByRole("rowheader")).toHaveText(symbol);
  await expect(row).toContainText(date);
  await expect(row).toContainText(`${move}×`);
  await expect(row).toContainText(`${ratio[0]}:${ratio[1]}`);
  await expect(row).toContainText(`import:${symbol}.csv`);
  // The likely ratio is filled in, and can be changed before recording.
  await expect(row.getByLabel(`New shares for ${symbol} on ${date}`)).toHaveValue(ratio[0]);
  await expect(row.getByLabel(`Old shares for ${symbol} on ${date}`)).toHaveValue(ratio[1]);
  // The buttons are on the screen without scrolling sideways (on a phone each flag is a card).
  const button = await row.getByRole("button", { name: "Record as split" }).boundingBox();
  expect(button!.x + button!.width).toBeLessThanOrEqual(page.viewportSize()!.width);
  // Keyboard only: focus the record button and press Enter.
  await row.getByRole("button", { name: "Record as split" }).focus();
  await page.keyboard.press("Enter");
  // The page shows the new state by itself: the flag leaves the queue for the decided ones.
  await expect(page.getByTestId(`flag-${symbol}-${date}`)).toHaveCount(0);
  await expect(page.getByTestId(`decided-${symbol}-${date}`)).toContainText("Recorded as a split");
  await expect(page.getByTestId(`action-${symbol}-${date}`)).toContainText(`Split ${ratio[0]}:${ratio[1]}`);
  await expect(page.getByTestId(`action-${symbol}-${date}`)).toContainText("Applied");
  // The page's content is no wider than the screen: wide tables scroll inside their own region.
  expect(await page.evaluate(() => document.querySelector("main")!.scrollWidth <= window.innerWidth)).toBe(true);
}

test("at desktop width an admin records a flagged 3:1 move as a split, and the flag is resolved", async ({ pageAs }) => {
  const page = await pageAs("admin");
  await page.setViewportSize({ width: 1366, height: 900 });
  await recordFlaggedSplit(page, "EFA", "2005-06-09", ["3", "1"], "0.3324");
});

test("on a phone an admin records a flagged 5:1 move as a split, and the flag is resolved", async ({ pageAs }) => {
  const page = await pageAs("admin");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/admin");
  await navigate(page, "Corporate actions");
  await expect(page.getByRole("heading", { name: "Corporate actions", level: 1 })).toBeVisible();
  await recordFlaggedSplit(page, "IJH", "2024-02-22", ["5", "1"], "0.2013");
});

test("an advisor sees the queue read-only", async ({ pageAs }) => {
  const page = await pageAs("advisor");
  await page.goto("/admin/corporate-actions");
  await expect(page.getByText("You see corporate actions read-only")).toBeVisible();
  await expect(page.getByRole("button", { name: "Record as split" })).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Record an action" })).toHaveCount(0);
});
