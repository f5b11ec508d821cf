import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { InvalidInput } from "../errors";
import { fieldsOf } from "./action-client";

describe("fieldsOf", () => {
  it("turns a form into an object: a repeated field is an array, a file stays a file, React's own fields are dropped", () => {
    const form = new FormData();
    form.append("name", "Ada");
    form.append("weight:VTI", "60");
    form.append("tag", "a");
    form.append("tag", "b");
    form.append("document", new File([new Uint8Array([1, 2])], "id.png"));
    form.append("$ACTION_ID_abc", "");
    const fields = fieldsOf(form);
    expect(Object.keys(fields).sort()).toEqual(["document", "name", "tag", "weight:VTI"]);
    expect(fields.tag).toEqual(["a", "b"]);
    expect(fields.document).toBeInstanceOf(File);
  });

  it.each(["\u0000", "a\u0000b", "\u0007", "\u001b[31m", "\u007f", "\u000b"])("refuses a control character (%j) at the door", (bad) => {
    const form = new FormData();
    form.append("name", bad);
    form.append("note", "fine");
    let thrown: unknown;
    try {
      fieldsOf(form);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidInput);
    expect((thrown as InvalidInput).status).toBe(400);
    expect((thrown as InvalidInput).fields).toEqual({ name: "Remove the control characters from this field." });
  });

  it("keeps tabs and line breaks, which people type into notes", () => {
    expect(fieldsOf({ body: "line one\r\nline two\tindented" })).toEqual({ body: "line one\r\nline two\tindented" });
  });
});

/** Every "use server" file under app/ exports only actions made by the client (who may call, input, step-up in one place). */
describe("server actions", () => {
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? files(path.join(dir, entry.name)) : entry.name.endsWith(".ts") || entry.name.endsWith(".tsx") ? [path.join(dir, entry.name)] : [],
    );
  const actionFiles = files(path.resolve(import.meta.dirname, "../../app")).filter((file) => /^\s*["']use server["']/.test(readFileSync(file, "utf8")));

  it("are all found", () => {
    expect(actionFiles.length).toBeGreaterThanOrEqual(13);
  });

  it.each(actionFiles.map((file) => [path.relative(process.cwd(), file), file]))("%s declares each action through the action client", (_name, file) => {
    const source = readFileSync(file, "utf8");
    expect(source).not.toMatch(/export\s+(async\s+)?function/);
    expect(source).not.toMatch(/requireUser|requirePageUser|formState\(/);
    const exported = [...source.matchAll(/export const (\w+)\s*=\s*(\w+)\(/g)];
    expect(exported.length).toBeGreaterThan(0);
    for (const [, name, client] of exported) expect([name, client]).toEqual([name, expect.stringMatching(/^((public|user|investor|staff|admin)Action|(user|pendingSignIn)Query)$/)]);
  });
});
