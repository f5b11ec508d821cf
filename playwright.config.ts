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

/** Specs that change what every user sees (the trading halt): run alone, after every other spec. */
const PLATFORM_WIDE = /(journey|operations)\.spec\.ts$/;

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
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    { name: "chromium", use: chromium, testIgnore: PLATFORM_WIDE },
    // Specs that halt trading for everyone run on their own, one after the other, after the rest.
    { name: "operations", use: chromium, testMatch: /operations\.spec\.ts$/, dependencies: ["chromium"], fullyParallel: false },
    { name: "journey", use: chromium, testMatch: /journey\.spec\.ts$/, dependencies: ["operations"], fullyParallel: false },
  ],
  // The built app (`next build` must have run), on its own throwaway embedded PostgreSQL.
  webServer: {
    command: `tsx scripts/e2e-server.ts`,
    url: `${baseURL}/api/health`,
    env: { E2E_PORT: String(port) },
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
  },
});
