import { alertOf, expect, literally, test } from "./fixtures";

/**
 * A 30-minute time on a random day 30 to 330 days ahead (tests run in parallel against one database, and the
 * seed's own times are within two days), as the form takes it and as the pages show it.
 */
function uniqueSlot() {
  const day = new Date(Date.now() + (30 + Math.floor(Math.random() * 300)) * 86_400_000);
  const hour = 1 + Math.floor(Math.random() * 20);
  const minute = Math.random() < 0.5 ? 0 : 30;
  const start = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hour, minute));
  const end = new Date(start.getTime() + 30 * 60_000);
  const date = start.toLocaleDateString("en-US", { weekday: "short", month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });
  const clock = (at: Date) => at.toISOString().slice(11, 16);
  return { input: start.toISOString().slice(0, 16), start: `${date}, ${clock(start)} UTC`, label: `${date}, ${clock(start)}–${clock(end)} UTC` };
}

test("an advisor publishes a time; his client books it with a topic and another client no longer sees it; canceled, it is open again", async ({ pageAs }) => {
  const slot = uniqueSlot();
  const advisor = await pageAs("advisor");
  await advisor.goto("/admin/consultations");
  await advisor.getByLabel("First slot starts (UTC)").fill(slot.input);
  await advisor.getByLabel("Length of each slot (minutes)").fill("30");
  await advisor.getByLabel("Number of slots").fill("1");
  await advisor.getByRole("button", { name: "Publish" }).click();
  await expect(advisor.getByRole("main").getByRole("status")).toHaveText(`Published one time from ${slot.start}.`);
  const advisorRow = advisor.getByRole("row", { name: literally(slot.label) });
  await expect(advisorRow.getByRole("cell").nth(1)).toHaveText("Open");

  const ivy = await pageAs("investor");
  await ivy.goto("/consultations");
  await expect(ivy.getByText("Talk your plans over with your advisor, Alex Advisor.", { exact: false })).toBeVisible();
  await ivy.getByRole("radio", { name: slot.label }).check();
  await ivy.getByLabel("What would you like to talk about? (optional)").fill("Saving for a house");
  await ivy.getByRole("button", { name: "Book this time" }).click();
  await expect(ivy.getByRole("main").getByRole("status")).toHaveText(`Booked ${slot.label} with Alex Advisor.`);
  await expect(ivy.getByRole("row", { name: literally(slot.label) })).toContainText("Saving for a house");
  await expect(ivy.getByRole("radio", { name: slot.label })).toHaveCount(0);

  await advisor.reload();
  await expect(advisorRow.getByRole("cell").nth(1)).toHaveText("Ivy Investor");
  await expect(advisorRow.getByRole("cell").nth(2)).toHaveText("Saving for a house");
  await expect(advisor.getByRole("button", { name: `Cancel the consultation with Ivy Investor on ${slot.label}` })).toBeVisible();

  const sam = await pageAs("saver");
  await sam.goto("/consultations");
  await expect(sam.getByRole("group", { name: "Open times with Alex Advisor" })).toBeVisible();
  await expect(sam.getByRole("radio", { name: slot.label })).toHaveCount(0);

  await ivy.getByRole("button", { name: `Cancel the consultation with Alex Advisor on ${slot.label}` }).click();
  await expect(ivy.getByRole("row", { name: literally(slot.label) })).toHaveCount(0);
  await expect(ivy.getByRole("radio", { name: slot.label })).toBeVisible();
  await sam.reload();
  await expect(sam.getByRole("radio", { name: slot.label })).toBeVisible();
  await advisor.reload();
  await expect(advisorRow.getByRole("cell").nth(1)).toHaveText("Open");

  // Withdrawn, it is gone for his clients too.
  await advisor.getByRole("button", { name: `Withdraw the open time on ${slot.label}` }).click();
  await expect(advisorRow).toHaveCount(0);
  await sam.reload();
  await expect(sam.getByRole("group", { name: "Open times with Alex Advisor" })).toBeVisible();
  await expect(sam.getByRole("radio", { name: slot.label })).toHaveCount(0);
});

test("a time in the past is refused with a clear message, and investors cannot open the advisors' page", async ({ pageAs }) => {
  const advisor = await pageAs("advisor");
  await advisor.goto("/admin/consultations");
  await advisor.getByLabel("First slot starts (UTC)").fill("2020-01-06T10:00");
  await advisor.getByRole("button", { name: "Publish" }).click();
  await expect(advisor.getByText("Choose a time in the future.")).toBeVisible();
  await expect(advisor.getByLabel("First slot starts (UTC)")).toHaveValue("2020-01-06T10:00");
  await expect(advisor.getByRole("row", { name: /Jan 6, 2020/ })).toHaveCount(0);
  await expect(alertOf(advisor)).toHaveCount(0); // the message sits by its field

  const ivy = await pageAs("investor");
  await ivy.goto("/admin/consultations");
  await expect(ivy.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
});
