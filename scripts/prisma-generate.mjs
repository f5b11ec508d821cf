// `prisma generate` without the native schema engine, which cannot be downloaded here and which
// generating the client does not need. The variable is set for this one command only: with it,
// `prisma migrate` would silently apply nothing (see ../shared/notes/offline-toolchain.md).
import { spawnSync } from "node:child_process";

const result = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "generate"], {
  stdio: "inherit",
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: "/bin/true", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
});
process.exit(result.status ?? 1);
