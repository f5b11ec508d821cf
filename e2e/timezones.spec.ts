import { readFile } from "node:fs/promises";
import { expect, literally, sessionFile, signUp, test } from "./fixtures";

/** A 30-minute time at 15:00 or 15:30 UTC on a random day 40 to 340 days ahead: already the next day in Tokyo. */
function uniqueUtcSlot() {
  const day = new Date(Date.now() + (40 + Math.floor(Math.random() * 300)) * 86_400_000);
  const start = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 15, Math.random() < 0.5 ? 0 : 30));
  return { start, end: new Date(start.getTime() + 30 * 60_000) };
}

/** How the consultation pages write a slot in a zone ("Tue, Mar 3, 2027, 00:00–00:30 GMT+9"). */
function slotLabel({ start, end }: { start: Date; end: Date }, timeZone: string, zoneName: string) {
  const day = new Intl.DateTimeFormat("en-US", { weekday: "short", month: "short", day: "numeric", year: "numeric", timeZone }).format(start);
  const clock = (at: Date) => new Intl.DateTimeFormat("en-US", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }).format(at);
  return `${day}, ${clock(start)}–${clock(end)} ${zoneName}`;
}

const icsStamp = (at: Date) => at.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z");

test("an investor in Tokyo sees an advisor's time at Tokyo's clock and gets a calendar invite in UTC", async ({ pageAs, openPage }) => {
  const slot = uniqueUtcSlot();
  const advisor = await pageAs("advisor");
  await advisor.goto("/admin/consultations");
  // The advisor's browser is in UTC: the form says so, and reads the time typed in it.
  await advisor.getByLabel("First slot starts (UTC)").fill(slot.start.toISOString().slice(0, 16));
  await advisor.getByLabel("Length of each slot (minutes)").fill("30");
  await advisor.getByLabel("Number of slots").fill("1");
  await advisor.getByLabel("How the calls happen").selectOption("Video call");
  await advisor.getByLabel("Video link or phone number").fill("https://meet.example.com/tokyo-call");
  await advisor.getByRole("button", { name: "Publish" }).click();
  const utcLabel = slotLabel(slot, "UTC", "UTC");
  await expect(advisor.getByRole("row", { name: literally(utcLabel) })).toBeVisible();

  const ivy = await openPage({ storageState: sessionFile("investor"), timezoneId: "Asia/Tokyo" });
  await ivy.goto("/consultations");
  await expect(ivy.getByText("All times are in your time zone, Asia/Tokyo")).toBeVisible();
  // 15:00 UTC is midnight, the next day, in Tokyo.
  const tokyoLabel = slotLabel(slot, "Asia/Tokyo", "GMT+9");
  expect(tokyoLabel).toMatch(/, 00:(00|30)–0[01]:(00|30) GMT\+9$/);
  await ivy.getByRole("radio", { name: tokyoLabel }).check();
  await ivy.getByRole("button", { name: "Book this time" }).click();
  await expect(ivy.getByRole("main").getByRole("status")).toHaveText(`Booked ${tokyoLabel} with Alex Advisor.`);
  const row = ivy.getByRole("row", { name: literally(tokyoLabel) });
  await expect(row).toContainText("Video call: https://meet.example.com/tokyo-call");

  const [download] = await Promise.all([ivy.waitForEvent("download"), row.getByRole("link", { name: /to your calendar \(\.ics\)/ }).click()]);
  const ics = await readFile((await download.path())!, "utf8");
  expect(ics).toContain(`\r\nDTSTART:${icsStamp(slot.start)}\r\n`);
  expect(ics).toContain(`\r\nDTEND:${icsStamp(slot.end)}\r\n`);
  expect(ics).toContain("\r\nURL:https://meet.example.com/tokyo-call\r\n");
  // Someone who is neither side of the consultation cannot have it.
  const sam = await pageAs("saver");
  expect((await sam.request.get(new URL(download.url()).pathname)).status()).toBe(404);

  // Left as found: the booking canceled and the time withdrawn (Ivy may hold only three upcoming bookings).
  await ivy.getByRole("button", { name: `Cancel the consultation with Alex Advisor on ${tokyoLabel}` }).click();
  await expect(row).toHaveCount(0);
  await advisor.reload();
  await advisor.getByRole("button", { name: `Withdraw the open time on ${utcLabel}` }).click();
  await expect(advisor.getByRole("row", { name: literally(utcLabel) })).toHaveCount(0);
});

test("a zone chosen in Settings is the one dates read in, whatever the browser's", async ({ page }) => {
  await signUp(page, "Zoe Zone", "zone");
  await page.goto("/settings");
  // Kiritimati is UTC+14 all year: its short name says so.
  await page.getByRole("combobox", { name: "Time zone" }).selectOption("Pacific/Kiritimati");
  await page.getByRole("button", { name: "Save time zone" }).click();
  await expect(page.getByRole("main").getByRole("status")).toHaveText("Dates and times now read in Pacific/Kiritimati.");
  await page.goto("/settings/sessions");
  await expect(page.getByRole("row").nth(1)).toContainText("GMT+14");
  await page.goto("/settings");
  await page.getByRole("combobox", { name: "Time zone" }).selectOption("");
  await page.getByRole("button", { name: "Save time zone" }).click();
  await expect(page.getByRole("main").getByRole("status")).toHaveText("Dates and times now read in this browser's time zone.");
  await page.goto("/settings/sessions");
  await expect(page.getByRole("row").nth(1)).toContainText("UTC");
});

test("the model pages and the audit trail fit a 390-pixel phone", async ({ pageAs }) => {
  const admin = await pageAs("admin");
  await admin.setViewportSize({ width: 390, height: 844 });
  const fits = async () => expect.poll(() => admin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await admin.goto("/admin/models");
  await expect(admin.getByRole("heading", { level: 1 })).toBeVisible();
  await fits();
  await admin.getByRole("main").getByRole("link", { name: "Balanced", exact: true }).click();
  await expect(admin).toHaveURL(/\/admin\/models\/[^/]+$/);
  await expect(admin.getByRole("heading", { name: "Current weights" })).toBeVisible();
  await fits();
  await admin.screenshot({ path: test.info().outputPath("model-390.png"), fullPage: true });
  await admin.goto("/admin/audit");
  await expect(admin.getByRole("table")).toBeVisible();
  await fits();
  await admin.screenshot({ path: test.info().outputPath("audit-390.png"), fullPage: true });
});
