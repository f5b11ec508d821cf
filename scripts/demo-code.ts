/**
 * Prints the current authenticator-app code of a demo staff login (development only): the secret is published
 * in prisma/demo-second-factor.ts and the README.
 *
 *     npm run demo:code -- admin@autovest.dev
 */
import { totpCodeAt } from "../lib/auth/second-factor/totp";
import { DEMO_STAFF_TOTP_SECRET } from "../prisma/demo-second-factor";
import { DEMO_LOGINS } from "../prisma/seed";

const email = process.argv[2]?.trim().toLowerCase();
const login = DEMO_LOGINS.find((l) => l.email === email);
if (!login || login.role === "INVESTOR") {
  const staff = DEMO_LOGINS.filter((l) => l.role !== "INVESTOR").map((l) => l.email);
  console.error(`Usage: npm run demo:code -- <${staff.join(" | ")}>`);
  process.exit(1);
}
const now = new Date();
const secondsLeft = 30 - (Math.floor(now.getTime() / 1000) % 30);
console.log(`${totpCodeAt(DEMO_STAFF_TOTP_SECRET, now)}  (for ${login.email}; changes in ${secondsLeft} s)`);
process.exit(0);
