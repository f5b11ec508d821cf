import { defineConfig, devices } from "@playwright/test";
import { findChromium } from "./scripts/lib/chromium";

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${port}`;

const chromium = {
  ...devices["Desktop Chrome"],
  launchOptions: {
    executablePath: findChromium(),
    // Our machines have no internet: keep Chromium from reaching for it.
    args: ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  },
};

/**
 * Specs that change what every user sees (the trading halt, a price sync): run alone, one after the other,
 * after every other spec (whose figures are worked out from the demo prices, with trading running).
 */
const PLATFORM_WIDE = /(operations|statements|prices|live)\.spec\.ts$/;

export default defineConfig({
  testDir: "e2e",
  fullyParallel: true,
  forbidOnly: true,
  // No retries, on CI or off: a test that passes only the second time is a failure to fix, not to hide.
  retries: 0,
  workers: 2,
  // `npm test` reads the JSON report for its summary line.
  reporter: [
    ["list"],
    ["json", { outputFile: process.env.PLAYWRIGHT_JSON_REPORT ?? ".test-reports/playwright.json" }],
    ...(process.env.CI ? ([["html", { open: "never" }]] as const) : []),
  ],
  // Timeouts catch a hang, they measure nothing: speed is for the benchmarks. On a busy 2-core machine a test
  // that opens a dozen pages in three browser contexts takes a minute, and a state reached through a workflow
  // (an investment, a price sync) takes tens of seconds; these leave room for several times that.
  timeout: 240_000,
  expect: { timeout: 30_000, toPass: { timeout: 60_000 } },
  use: {
    baseURL,
    navigationTimeout: 60_000,
    actionTimeout: 60_000,
    // DOM snapshots, network and console of a failed test, and its last screen; not a film of every frame,
    // which costs the browser more CPU than the page does.
    trace: { mode: "retain-on-failure", screenshots: false, snapshots: true, sources: true },
    screenshot: "only-on-failure",
  },
  projects: [
    // The demo users sign in through the form once; the other specs start from their sessions.
    { name: "sign-in", use: chromium, testMatch: /sign-in\.setup\.ts$/ },
    { name: "chromium", use: chromium, testIgnore: PLATFORM_WIDE, dependencies: ["sign-in"] },
    // Specs that halt trading or move prices for everyone run on their own, one after the other, after the rest.
    { name: "operations", use: chromium, testMatch: /operations\.spec\.ts$/, dependencies: ["chromium"], fullyParallel: false },
    // Generating statements notifies every investor: alone, so no other spec counts its notifications.
    { name: "statements", use: chromium, testMatch: /statements\.spec\.ts$/, dependencies: ["operations"], fullyParallel: false },
    { name: "prices", use: chromium, testMatch: /(prices|live)\.spec\.ts$/, dependencies: ["statements"], fullyParallel: false },
  ],
  // The built app (`next build` must have run), on its own throwaway embedded PostgreSQL.
  webServer: {
    command: `tsx scripts/e2e-server.ts`,
    url: `${baseURL}/api/health`,
    env: { E2E_PORT: String(port) },
    reuseExistingServer: false,
    // A fresh PostgreSQL cluster, migrations, the seed and `next start`: about 20 s on a busy machine.
    timeout: 180_000,
    stdout: "ignore",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
  },
});
