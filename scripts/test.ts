/**
 * `npm test`: the whole suite. Unit and integration tests (Vitest, on a throwaway embedded PostgreSQL),
 * then the production build, then the browser tests (Playwright in Chromium) against the built app. Every
 * step runs even when an earlier one failed (the browser tests need the build), and the run ends with one
 * line, `N passed, N failed` (and `N skipped` if any), and a non-zero exit code if anything failed.
 *
 * `npm test -- <file or filter>…` runs only those Vitest files (no build, no browser tests).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { findChromium } from "./lib/chromium";
import { countPlaywright, countVitest, summaryLine, type Counts } from "./test/summary";

/** Where the JSON reports go (a test of this runner points it elsewhere, so as not to touch the outer run's). */
const REPORTS = process.env.TEST_REPORTS_DIR ?? ".test-reports";

interface Step {
  label: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  /** Where the step's JSON report lands, and how to count it; a step without one is a single check. */
  report?: { file: string; count: (json: unknown) => Counts };
  /** Skip (counted as failed) when an earlier step failed: the browser tests need the build. */
  needs?: string;
}

function run(step: Step): { ok: boolean; counts: Counts } {
  console.log(`\n▶ ${step.label}: ${step.command} ${step.args.join(" ")}`);
  const started = Date.now();
  if (step.report) rmSync(step.report.file, { force: true });
  const result = spawnSync(step.command, step.args, { stdio: "inherit", env: { ...process.env, ...step.env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  let counts: Counts = { passed: 0, failed: 0, skipped: 0 };
  if (step.report) {
    try {
      counts = step.report.count(JSON.parse(readFileSync(step.report.file, "utf8")));
    } catch {
      console.error(`✘ ${step.label} wrote no report (${step.report.file}): counted as one failure`);
      counts = { passed: 0, failed: 1, skipped: 0 };
    }
  } else {
    counts = result.status === 0 ? { passed: 0, failed: 0, skipped: 0 } : { passed: 0, failed: 1, skipped: 0 };
  }
  // A run that exits non-zero with every test passed (a crash in set-up or teardown) is a failure too.
  if (result.status !== 0 && counts.failed === 0) counts = { ...counts, failed: 1 };
  const ok = result.status === 0 && counts.failed === 0;
  console.log(`${ok ? "✔" : "✘"} ${step.label} ${ok ? "passed" : "FAILED"} in ${seconds}s (${summaryLine(counts)})`);
  return { ok, counts };
}

function main(): number {
  const filters = process.argv.slice(2);
  const bin = (name: string) => `node_modules/.bin/${name}`;
  mkdirSync(REPORTS, { recursive: true });
  const vitest: Step = {
    label: "unit and integration tests",
    command: bin("vitest"),
    args: ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${path.join(REPORTS, "vitest.json")}`, ...filters],
    report: { file: path.join(REPORTS, "vitest.json"), count: countVitest },
  };
  const steps: Step[] = [vitest];
  if (filters.length === 0) {
    // Fail before anything runs if the browser tests could not run at all.
    let chromium: string;
    try {
      chromium = findChromium();
    } catch (error) {
      console.error((error as Error).message);
      return 1;
    }
    steps.push(
      { label: "production build", command: bin("next"), args: ["build"], env: { NEXT_TELEMETRY_DISABLED: "1" } },
      {
        label: "browser tests",
        command: bin("playwright"),
        args: ["test"],
        env: { CHROMIUM_PATH: chromium, PLAYWRIGHT_JSON_REPORT: path.join(REPORTS, "playwright.json") },
        report: { file: path.join(REPORTS, "playwright.json"), count: countPlaywright },
        needs: "production build",
      },
    );
  }

  const started = Date.now();
  const total: Counts = { passed: 0, failed: 0, skipped: 0 };
  const failedSteps = new Set<string>();
  for (const step of steps) {
    let outcome: { ok: boolean; counts: Counts };
    if (step.needs && failedSteps.has(step.needs)) {
      console.log(`\n✘ ${step.label} not run: ${step.needs} failed`);
      outcome = { ok: false, counts: { passed: 0, failed: 1, skipped: 0 } };
    } else {
      outcome = run(step);
    }
    if (!outcome.ok) failedSteps.add(step.label);
    total.passed += outcome.counts.passed;
    total.failed += outcome.counts.failed;
    total.skipped += outcome.counts.skipped;
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (failedSteps.size) console.log(`\nFailed: ${[...failedSteps].join(", ")} (${seconds}s)`);
  else console.log(`\nEverything passed in ${seconds}s`);
  console.log(summaryLine(total));
  return failedSteps.size === 0 ? 0 : 1;
}

process.exit(main());
