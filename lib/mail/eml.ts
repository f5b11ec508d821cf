/**
 * Reads the single-part text emails we write (lib/mail/send.ts) back into their parts, for /dev/mail: headers
 * unfolded and their encoded words (RFC 2047) decoded, the body decoded from its transfer encoding. Not a
 * general MIME parser.
 */
export interface ParsedEmail {
  headers: Record<string, string>;
  from: string;
  to: string;
  subject: string;
  date: Date | null;
  text: string;
}

export function parseEml(raw: string): ParsedEmail {
  const split = /\r?\n\r?\n/.exec(raw);
  const head = split ? raw.slice(0, split.index) : raw;
  const body = split ? raw.slice(split.index + split[0].length) : "";
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] ??= decodeWords(line.slice(colon + 1).trim());
  }
  const date = headers.date ? new Date(headers.date) : null;
  return {
    headers,
    from: headers.from ?? "",
    to: headers.to ?? "",
    subject: headers.subject ?? "",
    date: date && !Number.isNaN(date.getTime()) ? date : null,
    // The line end that closes every message is not part of the text.
    text: decodeBody(body, headers["content-transfer-encoding"] ?? "7bit").replace(/\r\n/g, "\n").replace(/\n$/, ""),
  };
}

/** "=?UTF-8?Q?Caf=C3=A9?=" → "Café"; the space between two encoded words is not part of the text. */
export function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(?==\?)/g, "$1")
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_word, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === "B" ? Buffer.from(text, "base64").toString("utf8") : quotedBytes(text.replace(/_/g, " ")).toString("utf8"),
    );
}

function decodeBody(body: string, encoding: string): string {
  switch (encoding.toLowerCase()) {
    case "quoted-printable":
      return quotedBytes(body.replace(/=\r?\n/g, "")).toString("utf8");
    case "base64":
      return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
    default:
      return body;
  }
}

/** "=C3=A9" escapes to their bytes, so multi-byte UTF-8 characters come out whole. */
function quotedBytes(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const escape = text[i] === "=" ? /^[0-9A-Fa-f]{2}$/.exec(text.slice(i + 1, i + 3)) : null;
    if (escape) {
      bytes.push(parseInt(escape[0], 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(text[i]!, "utf8"));
    }
  }
  return Buffer.from(bytes);
}
