"use server";

import { redirect } from "next/navigation";
import { investorAction } from "@/lib/http/action-client";
import { closeAccount } from "@/lib/privacy/close-account";

/** Closes the investor's account (the typed email, the password, and a fresh second factor from those who have one). */
export const closeAccountAction = investorAction({}, async ({ user, input, context }) => {
  await closeAccount(user, input, context);
  // Every session of theirs has ended, this one included: the next page is for someone signed out.
  redirect("/account-closed");
});
