import { describe, expect, it } from "vitest";
import { isCurrent, navigationFor, tabsFor } from "./navigation";

describe("navigation", () => {
  it("gives investors their money first and a tab bar of five", () => {
    expect(tabsFor("INVESTOR").map((t) => t.href)).toEqual(["/dashboard", "/holdings", "/goals", "/activity", "/deposit"]);
    const all = navigationFor("INVESTOR").flatMap((g) => g.items.map((i) => i.href));
    expect(all).not.toContain("/admin");
    expect(new Set(all).size).toBe(all.length);
  });

  it("shows account management to admins only", () => {
    const hrefs = (role: "ADVISOR" | "ADMIN") => navigationFor(role).flatMap((g) => g.items.map((i) => i.href));
    expect(hrefs("ADMIN")).toContain("/admin/accounts");
    expect(hrefs("ADVISOR")).not.toContain("/admin/accounts");
    expect(tabsFor("ADVISOR").map((t) => t.href)).toEqual(["/admin", "/admin/clients", "/admin/models", "/admin/operations"]);
  });

  it("marks a page and its sub-pages current, but the staff overview only itself", () => {
    expect(isCurrent("/holdings", "/holdings")).toBe(true);
    expect(isCurrent("/goals", "/goals/abc/edit")).toBe(true);
    expect(isCurrent("/goals", "/goalsx")).toBe(false);
    expect(isCurrent("/admin", "/admin")).toBe(true);
    expect(isCurrent("/admin", "/admin/clients")).toBe(false);
  });
});
