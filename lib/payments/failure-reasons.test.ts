import { describe, expect, it } from "vitest";
import { explainDepositFailure } from "./failure-reasons";

const card = (code: string | null) => explainDepositFailure({ method: "CARD", code, amount: 7_550n, currency: "USD" });
const bank = (code: string | null) => explainDepositFailure({ method: "US_BANK_ACCOUNT", code, amount: 250_000n, currency: "USD" });

describe("explaining a declined card", () => {
  it("says a generic decline took no money and offers another card", () => {
    expect(card("generic_decline")).toEqual({
      message: "Your card was declined by your bank: no money was taken. Try another card.",
      nextAction: { label: "Try another card", href: "/deposit" },
    });
  });

  it("names the bank's reason for the common decline codes", () => {
    expect(card("insufficient_funds").message).toBe("Your card was declined: your bank says there are not enough funds. No money was taken. Try a smaller amount or another card.");
    expect(card("lost_card").message).toBe("Your card was declined because it has been reported lost. No money was taken. Use another card.");
    expect(card("expired_card").message).toBe("Your card has expired: no money was taken. Use a card that is still valid.");
    expect(card("incorrect_cvc")).toEqual({
      message: "The card's security code (CVC) did not match: no money was taken. Check the code on the back of the card and try again.",
      nextAction: { label: "Deposit again", href: "/deposit" },
    });
  });

  it("falls back to the generic decline for an unknown or missing code", () => {
    expect(card("do_not_honor").message).toBe("Your card was declined by your bank: no money was taken. Try another card.");
    expect(card(null).message).toBe("Your card was declined by your bank: no money was taken. Try another card.");
  });
});

describe("explaining a bounced bank transfer", () => {
  it("gives the amount and the return code's reason, with the next step", () => {
    expect(bank("R01")).toEqual({
      message: "Your bank returned the $2,500.00 transfer (R01: not enough funds in the account): it was not invested, and nothing is owed.",
      nextAction: { label: "Deposit again", href: "/deposit" },
    });
    expect(bank("R02")).toEqual({
      message: "Your bank returned the $2,500.00 transfer (R02: the account is closed): it was not invested, and nothing is owed.",
      nextAction: { label: "Link another bank account", href: "/bank-accounts" },
    });
    expect(bank("r03").message).toBe("Your bank returned the $2,500.00 transfer (R03: no account matches the details): it was not invested, and nothing is owed.");
  });

  it("reads Stripe's names for the return codes", () => {
    expect(bank("insufficient_funds").message).toContain("(R01: not enough funds in the account)");
    expect(bank("account_closed").nextAction.href).toBe("/bank-accounts");
    expect(bank("debit_not_authorized").message).toContain("(R10: the account holder did not authorise the debit)");
  });

  it("still says what happened when the bank gave no reason", () => {
    expect(bank(null).message).toBe("Your bank returned the $2,500.00 transfer (the bank did not say why): it was not invested, and nothing is owed.");
  });
});
