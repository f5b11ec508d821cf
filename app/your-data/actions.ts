"use server";

import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { investorAction } from "@/lib/http/action-client";
import { closeAccount } from "@/lib/privacy/close-account";

/** Closes the investor's account (the typed email, the password, and a fresh second factor from those who have one). */
export const closeAccountAction = investorAction({ keepValues: ["confirmation"] }, async ({ user, input, context }) => {
  await closeAccount(user, input, context);
  // Every session of theirs has ended in the database; this browser also forgets its cookie (however next-auth
  // named or chunked it), and every page, the header included, is drawn again for someone signed out.
  const jar = await cookies();
  for (const cookie of jar.getAll()) if (cookie.name.includes("next-auth.session-token")) jar.delete(cookie.name);
  revalidatePath("/", "layout");
  redirect("/account-closed");
});
