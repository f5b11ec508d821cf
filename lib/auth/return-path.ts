/** The origin paths are resolved against; only its sameness matters, never its name. */
const BASE = "http://return-path.invalid";

/**
 * Where to go after signing in, if `value` is a path on this site; otherwise null (the caller goes home).
 *
 * Browsers forgive a lot when they resolve a URL: `/\evil.example` and `/<TAB>/evil.example` become
 * `//evil.example` (another site), and control characters are stripped before parsing. So a return path must
 * start with exactly one "/", hold no backslash and no whitespace or control character anywhere (raw; a
 * percent-encoded one stays inert), and still resolve to our own origin. The answer is the normalised
 * path, query and fragment, never the raw input.
 */
export function safeReturnPath(value: unknown): string | null {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return null;
  if (!value.startsWith("/") || value.startsWith("//")) return null;
  if (/[\\\s\u0000-\u001F\u007F-\u009F\u2028\u2029\uFEFF]/u.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Dot segments can fold "/./" into "//": check the normalised result as strictly as the input.
  return path.startsWith("/") && !path.startsWith("//") ? path : null;
}
