import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname) };

export default defineConfig({
  resolve: { alias },
  test: {
    // Database tests mostly wait on PostgreSQL (its own processes): three files at a time keep two cores busy
    // where Vitest's default (cores - 1) would run them one after another.
    maxWorkers: 3,
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["{lib,scripts,app,components,inngest}/**/*.test.ts"],
          exclude: ["**/*.db.test.ts", "**/node_modules/**"],
          environment: "node",
        },
      },
      {
        // Integration tests on a real PostgreSQL: one embedded cluster for the run, a fresh database
        // (copied from a migrated template) for each test file.
        resolve: { alias },
        test: {
          name: "db",
          include: ["{lib,scripts,app,prisma,inngest}/**/*.db.test.ts"],
          environment: "node",
          globalSetup: ["scripts/test/postgres-global-setup.ts"],
          setupFiles: ["scripts/test/database-per-file.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
