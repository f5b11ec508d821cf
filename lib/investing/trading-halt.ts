import { recordAudit } from "../audit/record";
import type { CurrentUser } from "../auth/sessions";
import { db } from "../db";
import { DomainError, Forbidden, InvalidInput } from "../errors";
import type { RequestContext } from "../http/request-context";
import { enqueue } from "../outbox/outbox";

const KEY = "trading_halt";

/** When the lifting of a halt is announced a second time. */
export const RESUME_REPEATED_AFTER_MS = 60_000;

export interface TradingHalt {
  halted: boolean;
  reason: string | null;
  since: Date | null;
}

export class TradingHalted extends DomainError {
  readonly code = "trading_halted";
  readonly status = 409;
  constructor(reason: string | null) {
    super(`Trading is halted${reason ? `: ${reason}` : ""}.`);
  }
}

export async function tradingHalt(): Promise<TradingHalt> {
  const row = await db.platformSetting.findUnique({ where: { key: KEY } });
  const value = (row?.value ?? {}) as { halted?: boolean; reason?: string };
  return { halted: value.halted === true, reason: value.reason ?? null, since: value.halted ? (row?.updatedAt ?? null) : null };
}

/** Every order placement checks this first: while halted, runs wait instead of trading. */
export async function assertTradingAllowed(): Promise<void> {
  const halt = await tradingHalt();
  if (halt.halted) throw new TradingHalted(halt.reason);
}

/**
 * Admins halt or resume all order placement, with a reason; audited with the change. Resuming also announces
 * `trading/resumed` through the outbox (returned, to send after the commit), so waiting runs go on at once, and
 * once more a minute later.
 */
export async function setTradingHalt(actor: CurrentUser, halted: boolean, reason: string, context: RequestContext): Promise<{ outboxId: string | null }> {
  if (actor.role !== "ADMIN") throw new Forbidden("Only an admin can halt or resume trading.");
  const why = reason.trim();
  if (halted && why.length < 3) throw new InvalidInput("Say why trading is halted.", { reason: "Say why trading is halted." });
  return db.$transaction(async (tx) => {
    await tx.platformSetting.upsert({
      where: { key: KEY },
      update: { value: { halted, reason: why || null }, updatedBy: actor.id },
      create: { key: KEY, value: { halted, reason: why || null }, updatedBy: actor.id },
    });
    await recordAudit(tx, {
      action: halted ? "TRADING_HALTED" : "TRADING_RESUMED",
      actorId: actor.id,
      target: { type: "PlatformSetting", id: KEY },
      context,
      details: { reason: why },
    });
    if (halted) return { outboxId: null };
    const outboxId = await enqueue(tx, { name: "trading/resumed", data: { reason: why } });
    // Said again a minute later: a run that checked the halt just before it was lifted, and began waiting for
    // the announcement just after, hears this one (rather than its daily re-check).
    await enqueue(tx, { name: "trading/resumed", data: { reason: why, repeated: true }, notBefore: new Date(Date.now() + RESUME_REPEATED_AFTER_MS) });
    return { outboxId };
  });
}
