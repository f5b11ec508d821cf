/** Test counts read from Vitest's and Playwright's JSON reports, for `npm test`'s last line. */
export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

const number = (value: unknown): number => (typeof value === "number" && Number.isFinite(value) ? value : 0);

/** Vitest's `json` reporter: a file that failed outside its tests (an import error, a failed beforeAll) counts as a failure. */
export function countVitest(report: unknown): Counts {
  const r = report as {
    numPassedTests?: number;
    numFailedTests?: number;
    numPendingTests?: number;
    numTodoTests?: number;
    numFailedTestSuites?: number;
    testResults?: { status?: string; assertionResults?: { status?: string }[] }[];
  };
  // A file that failed with no failed test (an import error, a failing beforeAll whose tests were skipped).
  const filesFailedOutsideTests = (r.testResults ?? []).filter(
    (file) => file.status === "failed" && !(file.assertionResults ?? []).some((test) => test.status === "failed"),
  ).length;
  return {
    passed: number(r.numPassedTests),
    failed: number(r.numFailedTests) + filesFailedOutsideTests,
    skipped: number(r.numPendingTests) + number(r.numTodoTests),
  };
}

/**
 * Playwright's `json` reporter. A flaky test (passed only on a retry) counts as failed: we do not retry to
 * hide flakiness. Tests that did not run because a project they depend on failed are skipped.
 */
export function countPlaywright(report: unknown): Counts {
  const stats = (report as { stats?: { expected?: number; unexpected?: number; flaky?: number; skipped?: number }; errors?: unknown[] }).stats ?? {};
  const errors = (report as { errors?: unknown[] }).errors ?? [];
  return {
    passed: number(stats.expected),
    failed: number(stats.unexpected) + number(stats.flaky) + (errors.length > 0 && number(stats.unexpected) === 0 ? 1 : 0),
    skipped: number(stats.skipped),
  };
}

/** `N passed, N failed`, and `, N skipped` when any were. */
export function summaryLine(counts: Counts): string {
  return `${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ""}`;
}
