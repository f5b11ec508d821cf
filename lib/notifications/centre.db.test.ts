import { describe, expect, it } from "vitest";
import { createUser } from "../../scripts/test/factories";
import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { InvalidInput, NotFound } from "../errors";
import { listNotifications, markAllRead, markRead, PAGE_SIZE, unreadCount } from "./centre";
import { NOTIFICATION_CREATED, notify, type Notice } from "./notify";

const notice = (user: CurrentUser, key: string, title = `Deposit ${key} received`): Notice => ({
  userId: user.id,
  kind: "DEPOSIT",
  title,
  body: "The money is in your account.",
  link: "/activity",
  dedupeKey: `test:${user.id}:${key}`,
});

const outboxFor = (notificationId: string) => db.outboxEvent.count({ where: { name: NOTIFICATION_CREATED, data: { path: ["notificationId"], equals: notificationId } } });

describe("notify", () => {
  it("writes a fact once, with one email event, however often and however concurrently it is told", async () => {
    const user = await createUser();
    const first = await db.$transaction((tx) => notify(tx, notice(user, "a")));
    expect(first).toHaveLength(1);
    const again = await Promise.all(Array.from({ length: 5 }, () => db.$transaction((tx) => notify(tx, notice(user, "a")))));
    expect(again.flat()).toEqual([]);
    const rows = await db.notification.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    expect(await outboxFor(rows[0]!.id)).toBe(1);
    expect(await unreadCount(user)).toBe(1);
  });

  it("writes nothing when the transaction that announces the change rolls back", async () => {
    const user = await createUser();
    await expect(
      db.$transaction(async (tx) => {
        await notify(tx, notice(user, "rolled back"));
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await db.notification.count({ where: { userId: user.id } })).toBe(0);
    expect(await unreadCount(user)).toBe(0);
  });
});

describe("the notification centre", () => {
  it("lists a user's own notifications newest first, a page at a time", async () => {
    const user = await createUser();
    const other = await createUser();
    await db.$transaction((tx) => notify(tx, notice(other, "not yours")));
    for (let i = 1; i <= PAGE_SIZE + 3; i++) await db.$transaction((tx) => notify(tx, notice(user, String(i))));
    // A minute apart, so the order does not rest on two inserts falling in different milliseconds.
    await db.$executeRaw`UPDATE "Notification" SET "createdAt" = now() - interval '1 day' + split_part("dedupeKey", ':', 3)::int * interval '1 minute' WHERE "userId" = ${user.id}::uuid`;

    const first = await listNotifications(user);
    expect(first.notifications).toHaveLength(PAGE_SIZE);
    expect(first.notifications[0]!.title).toBe(`Deposit ${PAGE_SIZE + 3} received`);
    expect(first.nextCursor).not.toBeNull();
    const second = await listNotifications(user, first.nextCursor!);
    expect(second.notifications.map((n) => n.title)).toEqual(["Deposit 3 received", "Deposit 2 received", "Deposit 1 received"]);
    expect(second.nextCursor).toBeNull();
    await expect(listNotifications(user, "not-a-cursor")).rejects.toThrow(InvalidInput);
  });

  it("marks one read (the count goes down), twice is harmless, and someone else's is not found and unchanged", async () => {
    const user = await createUser();
    const stranger = await createUser();
    await db.$transaction((tx) => notify(tx, notice(user, "1")));
    await db.$transaction((tx) => notify(tx, notice(user, "2")));
    await db.notification.updateMany({ where: { userId: user.id, dedupeKey: { endsWith: ":1" } }, data: { createdAt: new Date(Date.now() - 60_000) } });
    const { notifications } = await listNotifications(user);
    expect(await unreadCount(user)).toBe(2);

    await expect(markRead(stranger, notifications[0]!.id)).rejects.toThrow(NotFound);
    await expect(markRead(stranger, "not-an-id")).rejects.toThrow(NotFound);
    expect(await unreadCount(user)).toBe(2);

    expect(notifications.map((n) => n.title)).toEqual(["Deposit 2 received", "Deposit 1 received"]);
    await markRead(user, notifications[0]!.id);
    await markRead(user, notifications[0]!.id);
    expect(await unreadCount(user)).toBe(1);
    const after = await listNotifications(user);
    expect(after.notifications.map((n) => [n.title, n.readAt !== null])).toEqual([
      ["Deposit 2 received", true],
      ["Deposit 1 received", false],
    ]);
  });

  it("marks all of the user's own read, and only theirs", async () => {
    const user = await createUser();
    const other = await createUser();
    for (const key of ["1", "2", "3"]) await db.$transaction((tx) => notify(tx, notice(user, key)));
    await db.$transaction((tx) => notify(tx, notice(other, "1")));
    expect(await markAllRead(user)).toBe(3);
    expect(await unreadCount(user)).toBe(0);
    expect(await unreadCount(other)).toBe(1);
    expect(await markAllRead(user)).toBe(0);
  });
});
