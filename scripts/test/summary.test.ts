import { describe, expect, it } from "vitest";
import { countPlaywright, countVitest, summaryLine } from "./summary";

describe("npm test's summary line", () => {
  it("counts Vitest's passed, failed and skipped tests, and a file that failed before any test ran", () => {
    const report = {
      numPassedTests: 5,
      numFailedTests: 1,
      numPendingTests: 2,
      numTodoTests: 1,
      testResults: [
        { status: "passed", assertionResults: [{ status: "passed" }, { status: "passed" }] },
        { status: "failed", assertionResults: [{ status: "failed" }] },
        { status: "failed", assertionResults: [] },
        { status: "failed", assertionResults: [{ status: "skipped" }, { status: "skipped" }] },
      ],
    };
    // The failed test, the file that failed to import, and the file whose beforeAll failed (its tests skipped).
    expect(countVitest(report)).toEqual({ passed: 5, failed: 3, skipped: 3 });
  });

  it("counts Playwright's flaky tests as failures, and a run-level error as one", () => {
    expect(countPlaywright({ stats: { expected: 30, unexpected: 2, flaky: 1, skipped: 3 } })).toEqual({ passed: 30, failed: 3, skipped: 3 });
    expect(countPlaywright({ stats: { expected: 0, unexpected: 0, flaky: 0, skipped: 0 }, errors: [{ message: "webServer timed out" }] })).toEqual({
      passed: 0,
      failed: 1,
      skipped: 0,
    });
  });

  it("reads 'N passed, N failed', with skipped only when some were", () => {
    expect(summaryLine({ passed: 412, failed: 0, skipped: 0 })).toBe("412 passed, 0 failed");
    expect(summaryLine({ passed: 40, failed: 2, skipped: 1 })).toBe("40 passed, 2 failed, 1 skipped");
  });
});
