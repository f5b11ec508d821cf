import { accrueFees } from "./functions/accrue-fees";
import { auditSeal } from "./functions/audit-seal";
import { generateDocument } from "./functions/generate-document";
import { billFees } from "./functions/bill-fees";
import { collectFee } from "./functions/collect-fee";
import { idleCashSweep } from "./functions/idle-cash-sweep";
import { investAccount } from "./functions/invest-account";
import { modelMigration } from "./functions/model-migration";
import { monthlyStatements } from "./functions/monthly-statements";
import { payDividends } from "./functions/pay-dividends";
import { outboxSweeper } from "./functions/outbox-sweeper";
import { priceSync } from "./functions/price-sync";
import { pruneWorkflowRunsNightly } from "./functions/prune-workflow-runs";
import { rebalanceAccount } from "./functions/rebalance-account";
import { recurringDepositPeriod } from "./functions/recurring-deposit-period";
import { recurringDepositsDue } from "./functions/recurring-deposits-due";
import { rebalanceSweep } from "./functions/rebalance-sweep";
import { releaseAccountRun } from "./functions/release-account-run";
import { resealIdentityData } from "./functions/reseal-identity-data";
import { sendNotificationEmail } from "./functions/send-notification-email";
import { tradeConfirmations } from "./functions/trade-confirmations";
import { withdrawAccount } from "./functions/withdraw-account";

/** Every function the app serves at /api/inngest. */
export const functions = [
  investAccount,
  rebalanceAccount,
  releaseAccountRun,
  rebalanceSweep,
  idleCashSweep,
  priceSync,
  outboxSweeper,
  auditSeal,
  modelMigration,
  sendNotificationEmail,
  pruneWorkflowRunsNightly,
  payDividends,
  resealIdentityData,
  monthlyStatements,
  tradeConfirmations,
  generateDocument,
  accrueFees,
  billFees,
  collectFee,
  withdrawAccount,
  recurringDepositPeriod,
  recurringDepositsDue,
];
