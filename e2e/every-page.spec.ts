import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test, type DemoUser } from "./fixtures";

/**
 * Every page, as the person who uses it sees it, at a phone (360, 390), a tablet (768) and a laptop (1366):
 * - no page is wider than the screen (the document does not scroll sideways);
 * - axe (WCAG 2.1 A and AA rules) finds nothing serious or critical, at 390 and 1366;
 * - on a phone, every control one taps (buttons, fields, navigation, tabs) is at least 44 px high;
 * - each page is kept as a screenshot at 390 and 1366 (`.test-reports/screenshots/pages/`; `npm run screenshots`
 *   copies them to docs/screenshots) to look at.
 * A page is loaded once and resized through the widths: the layout is CSS, so a resize is what a rotation is.
 */
const WIDTHS = [360, 390, 768, 1366] as const;
const AXE_WIDTHS = new Set<number>([390, 1366]);
const SCREENSHOTS = process.env.SCREENSHOT_DIR ?? path.join(import.meta.dirname, "..", ".test-reports", "screenshots", "pages");
/** `npm run screenshots` keeps them as JPEGs (docs/screenshots, committed); the suite as PNGs (.test-reports). */
const SHOT = process.env.SCREENSHOT_DIR ? ({ type: "jpeg", quality: 70, ext: "jpg" } as const) : ({ type: "png", ext: "png" } as const);

interface PageToCheck {
  name: string;
  /** The address, or how to reach a page whose address holds an id. */
  path: string | ((page: Page) => Promise<void>);
}

const INVESTOR_PAGES: PageToCheck[] = [
  { name: "dashboard", path: "/dashboard" },
  { name: "holdings", path: "/holdings" },
  { name: "goals", path: "/goals" },
  { name: "goal-new", path: "/goals/new" },
  { name: "portfolio", path: "/portfolio" },
  { name: "strategies", path: "/strategies" },
  {
    name: "strategy",
    path: async (page) => {
      await page.goto("/strategies");
      await page.getByRole("main").getByRole("link", { name: "Aggressive", exact: true }).click();
      await expect(page).toHaveURL(/\/strategies\/[^/?]+$/);
    },
  },
  { name: "activity", path: "/activity" },
  { name: "deposit", path: "/deposit" },
  { name: "withdraw", path: "/withdraw" },
  { name: "documents", path: "/documents" },
  { name: "bank-accounts", path: "/bank-accounts" },
  { name: "recurring-deposits", path: "/recurring-deposits" },
  { name: "consultations", path: "/consultations" },
  { name: "onboarding", path: "/onboarding" },
  { name: "verify", path: "/verify" },
  { name: "settings", path: "/settings" },
  { name: "settings-email", path: "/settings/email" },
  { name: "settings-password", path: "/settings/password" },
  { name: "settings-sessions", path: "/settings/sessions" },
  { name: "security", path: "/security" },
  { name: "your-data", path: "/your-data" },
];

const STAFF_PAGES: PageToCheck[] = [
  { name: "admin", path: "/admin" },
  { name: "admin-clients", path: "/admin/clients" },
  {
    name: "admin-client",
    path: async (page) => {
      await page.goto(`/admin/clients?q=${encodeURIComponent("Hana Holder")}`);
      await page.getByRole("link", { name: "Hana Holder" }).click();
      await expect(page).toHaveURL(/\/admin\/clients\/[^/?]+$/);
    },
  },
  { name: "admin-models", path: "/admin/models" },
  {
    name: "admin-model",
    path: async (page) => {
      await page.goto("/admin/models");
      await page.getByRole("main").getByRole("link", { name: "Balanced", exact: true }).click();
      await expect(page).toHaveURL(/\/admin\/models\/[^/?]+$/);
    },
  },
  { name: "admin-model-builder", path: "/admin/models/builder" },
  { name: "admin-consultations", path: "/admin/consultations" },
  { name: "notifications", path: "/notifications" },
  { name: "admin-audit", path: "/admin/audit" },
  { name: "admin-operations", path: "/admin/operations" },
  { name: "admin-withdrawals", path: "/admin/withdrawals" },
  { name: "admin-corporate-actions", path: "/admin/corporate-actions" },
  { name: "admin-fees", path: "/admin/fees" },
  { name: "admin-accounts", path: "/admin/accounts" },
];

const PUBLIC_PAGES: PageToCheck[] = [
  { name: "landing", path: "/" },
  { name: "sign-in", path: "/sign-in" },
  { name: "sign-up", path: "/sign-up" },
  { name: "forgot-password", path: "/forgot-password" },
  { name: "not-found", path: "/no-such-page" },
];

/** Controls a finger taps that are shorter than 44 px (a checkbox or radio counts by its label). */
function smallTargets(page: Page) {
  return page.evaluate(() => {
    const visible = (element: Element) => {
      const box = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      return box.width > 0 && box.height > 0 && style.visibility !== "hidden";
    };
    const selector = [
      "button",
      "select",
      "textarea",
      "input:not([type=hidden])",
      "nav a",
      "a.button",
      "[role=tab]",
      "summary",
    ].join(",");
    const small: string[] = [];
    for (const element of document.querySelectorAll(selector)) {
      if (!visible(element) || element.closest("[aria-hidden=true], .visually-hidden, .skip-link")) continue;
      const isBox = element instanceof HTMLInputElement && (element.type === "checkbox" || element.type === "radio");
      const target = isBox ? (element.closest("label") ?? (element.id ? document.querySelector(`label[for="${element.id}"]`) : null) ?? element) : element;
      const height = target.getBoundingClientRect().height;
      if (height < 43.5) {
        const name = (element.getAttribute("aria-label") ?? element.textContent ?? element.getAttribute("name") ?? "").trim().slice(0, 40);
        small.push(`${element.tagName.toLowerCase()} "${name}" is ${Math.round(height)} px`);
      }
    }
    return small;
  });
}

/** The outermost elements that reach past the screen's right edge: where a too-wide page comes from. */
function widest(page: Page) {
  return page.evaluate(() => {
    const edge = document.documentElement.clientWidth + 0.5;
    const names: string[] = [];
    const walk = (element: Element) => {
      for (const child of element.children) {
        const box = child.getBoundingClientRect();
        if (box.right > edge && getComputedStyle(child).position !== "fixed") {
          const overflowingChild = [...child.children].some((c) => c.getBoundingClientRect().right > edge);
          if (!overflowingChild || names.length > 4) {
            names.push(`${child.tagName.toLowerCase()}${child.id ? `#${child.id}` : ""}${child.className && typeof child.className === "string" ? `.${child.className.trim().split(/\s+/).join(".")}` : ""} → ${Math.round(box.right)}`);
          } else walk(child);
        } else if (getComputedStyle(child).overflowX === "visible") walk(child);
      }
    };
    walk(document.body);
    return names.slice(0, 3).join("; ");
  });
}

async function checkPage(page: Page, name: string) {
  const problems: string[] = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: width < 600 ? 800 : 900 });
    // The layout after the resize: two animation frames (a ResizeObserver's chart redraw lands in the first).
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    if (scrollWidth > width) problems.push(`${name} at ${width} px is ${scrollWidth} px wide (${await widest(page)})`);
    if (width === 390) for (const small of await smallTargets(page)) problems.push(`${name} at 390 px: ${small}`);
    if (AXE_WIDTHS.has(width)) {
      const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      for (const violation of violations.filter((v) => v.impact === "serious" || v.impact === "critical")) {
        problems.push(`${name} at ${width} px: ${violation.id} (${violation.nodes.map((node) => node.target.join(" ")).slice(0, 3).join(", ")})`);
      }
      const { ext, ...options } = SHOT;
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${width}.${ext}`), fullPage: true, ...options });
    }
  }
  return problems;
}

async function visit(page: Page, entry: PageToCheck) {
  await page.setViewportSize({ width: 1366, height: 900 });
  if (typeof entry.path === "string") {
    const response = await page.goto(entry.path);
    expect(response?.status(), `${entry.name} answers`).toBeLessThan(entry.name === "not-found" ? 500 : 400);
  } else {
    await entry.path(page);
  }
  await expect(page.getByRole("main")).toBeVisible();
}

const GROUPS: [DemoUser | null, string, PageToCheck[]][] = [
  ["holder", "investor", INVESTOR_PAGES],
  ["admin", "staff", STAFF_PAGES],
  [null, "public", PUBLIC_PAGES],
];

for (const [who, group, pages] of GROUPS) {
  for (const entry of pages) {
    test(`${group} page ${entry.name}: fits 360–1366 px, passes axe, 44 px targets on a phone`, async ({ page: anonymous, pageAs }) => {
      const page = who ? await pageAs(who) : anonymous;
      await visit(page, entry);
      expect(await checkPage(page, entry.name)).toEqual([]);
    });
  }
}

test("on a phone the menu opens from the keyboard, lists every page, passes axe and closes with Escape", async ({ pageAs }) => {
  const page = await pageAs("holder");
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto("/holdings");
  const main = page.getByRole("navigation", { name: "Main" });
  // The inline links are a laptop's: on a phone the tab bar and the menu hold them.
  await expect(main.getByRole("link", { name: "Holdings", exact: true })).toBeHidden();
  await expect(page.getByRole("navigation", { name: "Tabs" }).getByRole("link", { name: "Holdings" })).toHaveAttribute("aria-current", "page");
  const menu = main.getByRole("button", { name: "Menu" });
  await menu.focus();
  await page.keyboard.press("Enter");
  const sheet = page.locator("#nav-sheet");
  await expect(sheet).toBeVisible();
  for (const name of ["Dashboard", "Holdings", "Goals", "Activity", "Deposit", "Withdraw", "Documents", "Settings", "Security", "Your data"]) {
    await expect(sheet.getByRole("link", { name, exact: true })).toBeVisible();
  }
  await expect(sheet.getByRole("button", { name: "Sign out" })).toBeVisible();
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  await page.screenshot({ path: path.join(SCREENSHOTS, `menu-390.png`) });
  await page.keyboard.press("Escape");
  await expect(sheet).toBeHidden();
  // Following a link closes it.
  await menu.click();
  await sheet.getByRole("link", { name: "Documents", exact: true }).click();
  await expect(page).toHaveURL(/\/documents$/);
  await expect(sheet).toBeHidden();
});
