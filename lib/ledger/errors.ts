import { DomainError } from "../errors";

/** A posting would take a never-negative account (investor cash) below zero. Nothing was written. */
export class InsufficientFunds extends DomainError {
  readonly code = "insufficient_funds";
  readonly status = 409;
  constructor(readonly ledgerAccountId?: bigint) {
    super("There is not enough cash in the account for this.");
  }
}

/** A malformed journal entry: unbalanced, unknown account, zero amount. A programming error, never user input. */
export class InvalidJournalEntry extends Error {
  override name = "InvalidJournalEntry";
}
