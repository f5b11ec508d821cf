/**
 * A browser and operating system from a User-Agent header, in words a person recognises ("Firefox on
 * Windows"). Only the families people use; anything else is "Unknown browser". The header is the client's own
 * claim: it describes, it proves nothing.
 */
export interface Device {
  browser: string;
  os: string;
}

// Order matters: Edge and Opera also say Chrome, Chrome also says Safari.
const BROWSERS: [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\//, "Edge"],
  [/\b(?:OPR|Opera)\//, "Opera"],
  [/\bSamsungBrowser\//, "Samsung Internet"],
  [/\b(?:Firefox|FxiOS)\//, "Firefox"],
  [/\bHeadlessChrome\//, "Headless Chrome"],
  [/\b(?:Chrome|CriOS|Chromium)\//, "Chrome"],
  [/\bVersion\/[\d.]+.*\bSafari\//, "Safari"],
];

const SYSTEMS: [RegExp, string][] = [
  [/\b(?:iPhone|iPad|iPod)\b/, "iOS"],
  [/\bAndroid\b/, "Android"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bWindows\b/, "Windows"],
  [/\bMac OS X\b|\bMacintosh\b/, "macOS"],
  [/\bLinux\b/, "Linux"],
];

export function parseUserAgent(userAgent: string | null): Device {
  const header = userAgent ?? "";
  const browser = BROWSERS.find(([pattern]) => pattern.test(header))?.[1] ?? "Unknown browser";
  const os = SYSTEMS.find(([pattern]) => pattern.test(header))?.[1] ?? "unknown system";
  return { browser, os };
}

/** "Firefox on Windows". */
export function describeDevice(userAgent: string | null): string {
  const { browser, os } = parseUserAgent(userAgent);
  return `${browser} on ${os}`;
}
