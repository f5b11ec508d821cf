import { nextAuthCsrfToken } from "@/lib/auth/next-auth-csrf";
import { SignOutButton } from "./sign-out-button";

/**
 * The sign-out button inside a form that works without JavaScript: a click before the page has hydrated (a slow
 * phone) posts to next-auth's sign-out endpoint with the CSRF token, as the script would.
 */
export async function SignOutForm() {
  const token = await nextAuthCsrfToken();
  return (
    <form method="post" action="/api/auth/signout" className="inline-form">
      <input type="hidden" name="csrfToken" value={token} />
      <input type="hidden" name="callbackUrl" value="/sign-in" />
      <SignOutButton />
    </form>
  );
}
