import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./return-path";

describe("safeReturnPath", () => {
  it.each([
    ["/dashboard", "/dashboard"],
    ["/admin/clients?q=ivy#list", "/admin/clients?q=ivy#list"],
    ["/portfolio/../activity", "/activity"],
    ["/search?q=%2F%2Fevil.example", "/search?q=%2F%2Fevil.example"],
  ])("keeps the path on this site: %j", (input, expected) => {
    expect(safeReturnPath(input)).toBe(expected);
  });

  it.each([
    ["backslash after the slash", "/\\evil.example"],
    ["backslash path", "/\\/evil.example"],
    ["tab between slashes", "/\t/evil.example"],
    ["newline between slashes", "/\n/evil.example"],
    ["carriage return", "/\r/evil.example"],
    ["NUL", "/\u0000/evil.example"],
    ["other C0 control", "/\u001F/evil.example"],
    ["DEL", "/\u007F/evil.example"],
    ["C1 control", "/\u0085/evil.example"],
    ["space between slashes", "/ /evil.example"],
    ["no-break space", "/\u00A0/evil.example"],
    ["line separator", "/\u2028/evil.example"],
    ["leading space", " /dashboard"],
    ["protocol-relative", "//evil.example"],
    ["three slashes", "///evil.example"],
    ["absolute https", "https://evil.example/"],
    ["https without slashes", "https:evil.example"],
    ["javascript scheme", "javascript:alert(1)"],
    ["data scheme", "data:text/html,<script>alert(1)</script>"],
    ["relative path", "dashboard"],
    ["dot-slash folding into //", "/.//evil.example"],
    ["empty", ""],
  ])("refuses %s", (_name, input) => {
    expect(safeReturnPath(input)).toBeNull();
  });

  it("keeps percent-encoded tricks inert (they stay in the path, on this site)", () => {
    expect(safeReturnPath("/%09/evil.example")).toBe("/%09/evil.example");
    expect(safeReturnPath("/%5Cevil.example")).toBe("/%5Cevil.example");
    expect(new URL(safeReturnPath("/%2F%2Fevil.example")!, "http://localhost").host).toBe("localhost");
  });

  it("refuses what a callbackUrl query parameter decodes to", () => {
    for (const query of ["callbackUrl=/%09/evil.example", "callbackUrl=/%5Cevil.example", "callbackUrl=%2F%2Fevil.example", "callbackUrl=/%00/x"]) {
      expect(safeReturnPath(new URLSearchParams(query).get("callbackUrl"))).toBeNull();
    }
  });

  it("refuses anything that is not a string", () => {
    for (const value of [undefined, null, 42, ["/dashboard"], { toString: () => "/dashboard" }]) expect(safeReturnPath(value)).toBeNull();
  });
});
