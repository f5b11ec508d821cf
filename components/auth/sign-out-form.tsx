import { cookies } from "next/headers";
import { SignOutButton } from "./sign-out-button";

/** next-auth's CSRF cookie is "token|hash"; its sign-out endpoint wants the token back in the form. */
async function csrfToken(): Promise<string> {
  const jar = await cookies();
  const value = jar.get("__Host-next-auth.csrf-token")?.value ?? jar.get("next-auth.csrf-token")?.value ?? "";
  return value.split("|")[0] ?? "";
}

/**
 * The sign-out button inside a form that works without JavaScript: a click before the page has hydrated (a slow
 * phone) posts to next-auth's sign-out endpoint with the CSRF token, as the script would.
 */
export async function SignOutForm() {
  const token = await csrfToken();
  return (
    <form method="post" action="/api/auth/signout" className="inline-form">
      <input type="hidden" name="csrfToken" value={token} />
      <input type="hidden" name="callbackUrl" value="/sign-in" />
      <SignOutButton />
    </form>
  );
}
