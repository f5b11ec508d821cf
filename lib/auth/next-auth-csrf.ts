import { cookies } from "next/headers";

/**
 * next-auth's CSRF token for forms that post to its endpoints without JavaScript (sign-out, a provider's sign-in):
 * its cookie holds "token|hash", and the endpoint wants the token back in the form. Empty before next-auth has set
 * the cookie (the endpoint then refuses, and the page's script does the same work once loaded).
 */
export async function nextAuthCsrfToken(): Promise<string> {
  const jar = await cookies();
  const value = jar.get("__Host-next-auth.csrf-token")?.value ?? jar.get("next-auth.csrf-token")?.value ?? "";
  return value.split("|")[0] ?? "";
}
