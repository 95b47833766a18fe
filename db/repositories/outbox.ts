// The notifications outbox: "send once" for Telegram messages. A notice is claimed by its
// idempotency key before sending; a retry that finds it sent does not send again. Telegram offers
// no idempotency of its own, so a crash in the instant between Telegram accepting a message and the
// row being marked sent can still repeat that one message: at-least-once, narrowed to that instant.
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.js';
import { notifications, type Notification } from '../schema.js';

export interface ClaimInput {
  idempotencyKey: string;
  reportId: string | null;
  recipient: 'reporter' | 'officer';
  officerId: string | null;
  kind: string;
}

/** Inserts the notice if absent and returns its row, with one more attempt counted. */
export async function claimNotification(db: DbOrTx, input: ClaimInput): Promise<Notification> {
  await db.insert(notifications).values(input).onConflictDoNothing({ target: notifications.idempotencyKey });
  const [row] = await db
    .update(notifications)
    .set({ attempts: sql`${notifications.attempts} + 1` })
    .where(eq(notifications.idempotencyKey, input.idempotencyKey))
    .returning();
  return row!;
}

export async function markNotificationSent(db: DbOrTx, id: string, telegramMessageId: number | null): Promise<void> {
  await db
    .update(notifications)
    .set({ status: 'sent', telegramMessageId, sentAt: new Date(), lastError: null })
    .where(and(eq(notifications.id, id), sql`${notifications.status} <> 'sent'`));
}

/** Records a final refusal (the user blocked the bot, the chat is gone) or the last transient error. */
export async function markNotificationFailed(db: DbOrTx, id: string, status: 'blocked' | 'failed' | 'pending' | 'unreachable', error: string): Promise<void> {
  await db.update(notifications).set({ status, lastError: error.slice(0, 500) }).where(eq(notifications.id, id));
}

export async function notificationByKey(db: DbOrTx, idempotencyKey: string) {
  const [row] = await db.select().from(notifications).where(eq(notifications.idempotencyKey, idempotencyKey));
  return row ?? null;
}
