import { defineConfig } from "prisma/config";

// Read by the Prisma CLI only (generate, and migrate where the native engine can be installed).
// The app and our offline migration command (scripts/db) take DATABASE_URL through lib/env.ts.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
