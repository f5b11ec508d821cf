import { createServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The message as sent after DATA (headers and body, CRLF line ends, dot-stuffing undone). */
  data: string;
}

/**
 * A tiny SMTP server (the plain RFC 5321 dialogue: no TLS, no authentication) that plays a mail server's part in
 * tests and keeps every message it accepts. `failNext(n)` refuses the next n messages' recipients, as a server
 * that is having trouble would (550).
 */
export async function localSmtpServer() {
  const received: ReceivedMail[] = [];
  let failures = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.setEncoding("utf8");
    const reply = (line: string) => socket.write(`${line}\r\n`);
    let buffer = "";
    let inData = false;
    let mail: ReceivedMail = { from: "", to: [], data: "" };
    reply("220 localhost ESMTP test server");
    socket.on("data", (chunk: string) => {
      buffer += chunk;
      for (;;) {
        if (inData) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end < 0) return;
          received.push({ ...mail, data: buffer.slice(0, end + 2).replace(/^\.\./gm, ".") });
          buffer = buffer.slice(end + 5);
          inData = false;
          mail = { from: "", to: [], data: "" };
          reply("250 2.0.0 queued");
          continue;
        }
        const eol = buffer.indexOf("\r\n");
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.split(" ")[0]!.toUpperCase();
        const address = /<([^>]*)>/.exec(line)?.[1] ?? "";
        switch (verb) {
          case "EHLO":
            socket.write("250-localhost\r\n250 8BITMIME\r\n");
            break;
          case "HELO":
          case "NOOP":
            reply("250 OK");
            break;
          case "MAIL":
            mail.from = address;
            reply("250 2.1.0 OK");
            break;
          case "RCPT":
            if (failures > 0) {
              failures--;
              reply("550 5.1.1 mailbox unavailable");
            } else {
              mail.to.push(address);
              reply("250 2.1.5 OK");
            }
            break;
          case "DATA":
            inData = true;
            reply("354 end data with <CR><LF>.<CR><LF>");
            break;
          case "RSET":
            mail = { from: "", to: [], data: "" };
            reply("250 OK");
            break;
          case "QUIT":
            reply("221 bye");
            socket.end();
            return;
          default:
            reply("502 command not implemented");
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    failNext(count: number) {
      failures = count;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
