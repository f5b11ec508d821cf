/**
 * Every table that names a user or one of their investment accounts, and what "your data" does with it: the
 * export's section that carries it (null: not exported, and why), and what closing the account does to it.
 * lib/privacy/personal-data-map.db.test.ts reads the database's foreign keys and user/account columns and fails
 * when a table is missing here, so a new table cannot hold someone's data without a decision about it.
 */

/** What closing the account does to a table's rows about the closed user. */
export type OnClosure =
  /** Deleted in the closing transaction. */
  | "erased"
  /** Kept unchanged, under the user id as a pseudonym: records the law requires us to keep. */
  | "kept"
  /** The row is kept, its personal fields replaced (the user row itself; a consultation's topic). */
  | "pseudonymised";

export interface TableTreatment {
  /** The export's top-level key that carries these rows, or null when they are not exported. */
  exportedAs: string | null;
  onClosure: OnClosure;
  /** Why, in a line: what the rows are, and why they are (not) exported or kept. */
  why: string;
}

export const PERSONAL_DATA_TABLES: Record<string, TableTreatment> = {
  User: { exportedAs: "profile", onClosure: "pseudonymised", why: "Email and name become a pseudonym; the id stays as the key of what is kept." },
  Session: { exportedAs: "sessions", onClosure: "erased", why: "Sign-ins with their address and browser; every one ends at closure." },
  ApiToken: { exportedAs: "apiTokens", onClosure: "erased", why: "Exported as metadata; the token's hash is never exported." },
  SecondFactor: {
    exportedAs: "secondFactors",
    onClosure: "erased",
    why: "Authenticator apps and passkeys: kind, name and dates; never the secret or the public key (verifiers, not information).",
  },
  RecoveryCode: { exportedAs: "recoveryCodes", onClosure: "erased", why: "When each code was made and used; never the code's hash." },
  WebAuthnChallenge: { exportedAs: null, onClosure: "erased", why: "A passkey ceremony's challenge, minutes long: machinery, not about the person." },
  KnownDevice: { exportedAs: "knownDevices", onClosure: "erased", why: "Browsers that signed in, with first and last use; never the device id's hash." },
  EmailToken: { exportedAs: "emailLinks", onClosure: "erased", why: "Links sent by email (purpose, address, dates); never the token's hash." },
  OidcIdentity: { exportedAs: "linkedProviders", onClosure: "erased", why: "Google or Apple identities that sign this person in." },
  OidcLinkIntent: { exportedAs: null, onClosure: "erased", why: "A link being made, ten minutes long: machinery, erased with the session it belongs to." },
  LinkedBankAccount: {
    exportedAs: "bankAccounts",
    onClosure: "kept",
    why: "Bank accounts linked for deposits and payouts (bank name, last four digits, dates): payment records the law requires us to keep.",
  },
  RecurringDeposit: {
    exportedAs: "recurringDeposits",
    onClosure: "kept",
    why: "Deposit schedules (amount, frequency, bank): instructions to move money, kept with the payments they made.",
  },
  RiskProfile: { exportedAs: "riskProfiles", onClosure: "erased", why: "The questionnaire's answers about the person's finances and goals." },
  KycProfile: {
    exportedAs: "identity",
    onClosure: "erased",
    why: "Identity details (tax id and date of birth opened for the owner) and the document; the row and the file are deleted.",
  },
  AdvisorNote: {
    exportedAs: "advisorNotes",
    onClosure: "kept",
    why: "Personal data about the client, so included in the export (GDPR access); kept as a record of advice (append-only).",
  },
  ConsultationSlot: {
    exportedAs: "consultations",
    onClosure: "pseudonymised",
    why: "Bookings as the investor (or slots offered, for an advisor): future bookings are released, topics erased.",
  },
  Notification: { exportedAs: "notifications", onClosure: "erased", why: "Messages to the person; nothing the law requires." },
  AuditLog: {
    exportedAs: "auditRecords",
    onClosure: "kept",
    why: "Records where the person acted or was acted on; append-only and hash-chained (docs/security.md).",
  },
  InvestmentAccount: { exportedAs: "investmentAccounts", onClosure: "kept", why: "The accounts, kept with their books (record-keeping)." },
  LedgerAccount: { exportedAs: "investmentAccounts", onClosure: "kept", why: "Each account's cash balances, exported with the account." },
  Posting: { exportedAs: "ledgerPostings", onClosure: "kept", why: "Every movement of the person's money (record-keeping; append-only)." },
  Deposit: { exportedAs: "deposits", onClosure: "kept", why: "Payments in (record-keeping)." },
  Withdrawal: { exportedAs: "withdrawals", onClosure: "kept", why: "Payments out to the person's bank, with the sales previewed and the approval (record-keeping)." },
  Order: { exportedAs: "orders", onClosure: "kept", why: "Trades (record-keeping)." },
  Holding: { exportedAs: "holdings", onClosure: "kept", why: "Positions (none left at closure)." },
  ModelChangeProposal: {
    exportedAs: "modelChanges",
    onClosure: "kept",
    why: "Changes of model shown before trading (trades, estimated gains, an advisor's reason) and the answer: a record of advice.",
  },
  PortfolioChoice: {
    exportedAs: "portfolioChoices",
    onClosure: "kept",
    why: "The investor's own choice of portfolio against the recommendation, and their acknowledgement of the risk: a record of advice.",
  },
  Goal: { exportedAs: "goals", onClosure: "erased", why: "The investor's savings goals (target, date, monthly saving): plans about the person, not records." },
  ModelPortfolio: { exportedAs: null, onClosure: "kept", why: "Names the staff member who published a model as a strategy: their work; in their audit records." },
  TaxLot: { exportedAs: "taxLots", onClosure: "kept", why: "What each purchase cost, for tax reporting (record-keeping)." },
  HoldingAdjustment: { exportedAs: "corporateActionAdjustments", onClosure: "kept", why: "What splits and symbol changes did to holdings." },
  PortfolioSnapshot: { exportedAs: "dailyValues", onClosure: "kept", why: "The account's value each day (derived from the ledger and prices)." },
  PortfolioFlow: { exportedAs: "flows", onClosure: "kept", why: "Money in and out with the value before it (derived from the ledger)." },
  LotDisposal: { exportedAs: "realisedGains", onClosure: "kept", why: "What each sale realised per tax lot, for tax reporting (record-keeping; append-only)." },
  Document: {
    exportedAs: "documents",
    onClosure: "kept",
    why: "Statements and trade confirmations, each with its PDF: records the law requires us to keep (append-only).",
  },
  AccountRunLock: {
    exportedAs: null,
    onClosure: "kept",
    why: "A running invest or rebalance: operational state, not about the person; closure is refused while one exists.",
  },
  AccountRunQueue: {
    exportedAs: null,
    onClosure: "kept",
    why: "Work waiting for the account: operational state; closure is refused while any waits.",
  },
  CorporateAction: {
    exportedAs: null,
    onClosure: "kept",
    why: "Names the staff member who recorded it: their work, not data about them; in their audit records.",
  },
  PriceFlag: { exportedAs: null, onClosure: "kept", why: "Names the staff member who decided it: their work; in their audit records." },
  WorkflowRun: { exportedAs: null, onClosure: "kept", why: "Names the operator who retried a run: their work; in their audit records." },
  FeeAssignment: { exportedAs: "fees", onClosure: "kept", why: "The fee schedule the person pays (or, for an advisor, their clients pay): the record of what was charged." },
  FeeWaiver: { exportedAs: "fees", onClosure: "kept", why: "Fees waived for the client, with the reason and the staff member who granted it (record-keeping)." },
  FeeBill: { exportedAs: "fees", onClosure: "kept", why: "Each month's advisory fee, billed and collected (record-keeping)." },
  FeeAccrual: {
    exportedAs: null,
    onClosure: "kept",
    why: "Each day's fee, derived from the daily values (exported) and the schedule; the month's bills carry the totals.",
  },
  PlatformSetting: { exportedAs: null, onClosure: "kept", why: "Names the admin who changed a switch: their work; in their audit records." },
};
