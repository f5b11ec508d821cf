import { investAccount } from "./functions/invest-account";
import { outboxSweeper } from "./functions/outbox-sweeper";

/** Every function the app serves at /api/inngest. */
export const functions = [investAccount, outboxSweeper];
