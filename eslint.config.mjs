import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypeScript from "eslint-config-next/typescript";
import { defineConfig, globalIgnores } from "eslint/config";

export default defineConfig([
  ...nextVitals,
  ...nextTypeScript,
  globalIgnores([".next/**", ".data/**", "lib/generated/**", "next-env.d.ts", "playwright-report/**", "test-results/**"]),
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-syntax": [
        "error",
        { selector: "CallExpression[callee.property.name='only']", message: "Focused tests hide the rest of the suite." },
      ],
    },
  },
  {
    // The architecture's boundaries: lib/ is the business and never reaches up into the app.
    files: ["lib/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@/app/*", "@/components/*", "@/inngest/functions/*", "**/app/**", "**/components/**"], message: "lib/ must not import from app/, components/ or inngest/functions/." }] },
      ],
    },
  },
  {
    // Only lib/ (and the seed, scripts and tests) talk to Prisma.
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "inngest/**/*.{ts,tsx}"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@/lib/db", "@/lib/generated/*", "@prisma/*"], message: "Go through a lib/ domain module, not the database client." }] },
      ],
    },
  },
]);
