import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { recordAudit } from "../audit/record";
import { db, type Tx } from "../db";
import { env } from "../env";
import type { RequestContext } from "../http/request-context";

/**
 * A browser's device cookie: a random id, signed with a key derived from AUTH_SECRET so it cannot be forged,
 * set at every successful sign-in and kept for a long time. Per user, each id is stored hashed as a known
 * device: a sign-in from a browser not known to that user is announced by email, and only unknown browsers
 * count against the account's sign-in limit (lib/auth/throttle.ts).
 */
export const DEVICE_COOKIE_MAX_AGE_SECONDS = 400 * 24 * 3600; // the longest a browser keeps a cookie

/** `__Host-` (Secure, whole site, no Domain) where the site is served over HTTPS. */
export function deviceCookieName(): string {
  return env().appUrl.startsWith("https:") ? "__Host-autovest-device" : "autovest-device";
}

function signatureOf(deviceId: string): string {
  const key = createHmac("sha256", env().AUTH_SECRET).update("autovest device cookie").digest();
  return createHmac("sha256", key).update(deviceId).digest("base64url");
}

export function newDeviceId(): string {
  return randomBytes(32).toString("base64url");
}

/** The cookie's value for a device id: `<id>.<signature>`. */
export function signedDeviceCookie(deviceId: string): string {
  return `${deviceId}.${signatureOf(deviceId)}`;
}

/** The device id in a cookie, if it is one we signed; null for a missing, malformed or forged cookie. */
export function deviceIdOfCookie(value: string | undefined | null): string | null {
  const match = /^([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{43})$/.exec(value ?? "");
  if (!match) return null;
  const expected = Buffer.from(signatureOf(match[1]!));
  const given = Buffer.from(match[2]!);
  return expected.length === given.length && timingSafeEqual(expected, given) ? match[1]! : null;
}

const hashOfDevice = (deviceId: string) => createHash("sha256").update(deviceId, "utf8").digest("hex");

export async function isKnownDevice(userId: string, deviceId: string | null): Promise<boolean> {
  if (!deviceId) return false;
  return (await db.knownDevice.count({ where: { userId, deviceHash: hashOfDevice(deviceId) } })) > 0;
}

/**
 * Records a successful sign-in from this browser. Returns true when it is new to a user who has signed in from
 * other browsers before (the first browser an account ever uses is not news), audited in the same transaction.
 */
export async function rememberDevice(tx: Tx, userId: string, deviceId: string, context: RequestContext): Promise<boolean> {
  const deviceHash = hashOfDevice(deviceId);
  const known = await tx.knownDevice.updateMany({ where: { userId, deviceHash }, data: { lastSeenAt: new Date() } });
  if (known.count > 0) return false;
  const others = await tx.knownDevice.count({ where: { userId } });
  const device = await tx.knownDevice.create({ data: { userId, deviceHash }, select: { id: true } });
  if (others === 0) return false;
  await recordAudit(tx, { action: "USER_NEW_DEVICE_SIGNED_IN", actorId: userId, target: { type: "KnownDevice", id: device.id }, context });
  return true;
}
