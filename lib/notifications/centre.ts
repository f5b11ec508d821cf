import { z } from "zod";
import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { NotFound } from "../errors";
import type { NotificationKind } from "../generated/prisma/client";
import { parseInput } from "../validation";

export interface NotificationView {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string | null;
  createdAt: Date;
  readAt: Date | null;
}

export const PAGE_SIZE = 20;

/** Opaque to clients: the last row's time and id, base64url-encoded. */
const cursorSchema = z.string().transform((value, ctx) => {
  try {
    const [at, id] = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as unknown[];
    if (typeof at === "string" && !Number.isNaN(Date.parse(at)) && typeof id === "string" && z.uuid().safeParse(id).success) return { at: new Date(at), id };
  } catch {
    // reported below
  }
  ctx.addIssue({ code: "custom", message: "cursor must be a nextCursor from an earlier page" });
  return z.NEVER;
});
const encodeCursor = (row: { createdAt: Date; id: string }) => Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id])).toString("base64url");

/** The user's notifications, newest first, a page at a time (`cursor` = the previous page's nextCursor). */
export async function listNotifications(user: CurrentUser, cursor?: string): Promise<{ notifications: NotificationView[]; nextCursor: string | null }> {
  const after = cursor === undefined ? undefined : parseInput(cursorSchema, cursor);
  const rows = await db.notification.findMany({
    where: {
      userId: user.id,
      ...(after ? { OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: PAGE_SIZE + 1,
    select: { id: true, kind: true, title: true, body: true, link: true, createdAt: true, readAt: true },
  });
  const page = rows.slice(0, PAGE_SIZE);
  return { notifications: page, nextCursor: rows.length > PAGE_SIZE ? encodeCursor(page[page.length - 1]!) : null };
}

export async function unreadCount(user: CurrentUser): Promise<number> {
  return db.notification.count({ where: { userId: user.id, readAt: null } });
}

/** Marks one of the user's own notifications read (again is fine); anyone else's is "not found", never revealed. */
export async function markRead(user: CurrentUser, notificationId: unknown): Promise<void> {
  const id = z.uuid().safeParse(notificationId);
  if (!id.success) throw new NotFound("No such notification.");
  const { count } = await db.notification.updateMany({ where: { id: id.data, userId: user.id, readAt: null }, data: { readAt: new Date() } });
  if (count === 0 && !(await db.notification.findFirst({ where: { id: id.data, userId: user.id }, select: { id: true } }))) {
    throw new NotFound("No such notification.");
  }
}

/** Marks every unread notification of the user read; returns how many were unread. */
export async function markAllRead(user: CurrentUser): Promise<number> {
  const { count } = await db.notification.updateMany({ where: { userId: user.id, readAt: null }, data: { readAt: new Date() } });
  return count;
}
