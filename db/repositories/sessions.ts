// Dialog drafts of the bot, encrypted and keyed by an HMAC of the chat: a restart or a deploy
// resumes a half-written report, and the table never says whose draft it is.
import { eq, lt, sql } from 'drizzle-orm';
import type { Vault } from '../../lib/crypto.js';
import type { DbOrTx } from '../client.js';
import { botSessions, rateLimits, telegramUpdates } from '../schema.js';

const keyOf = (vault: Vault, key: string) => vault.hasher.hash('session', key);
const ctx = (keyHash: Buffer) => ({ table: 'bot_sessions', rowId: keyHash.toString('hex'), field: 'data' });

export async function loadSession<T>(db: DbOrTx, vault: Vault, key: string): Promise<T | undefined> {
  const keyHash = keyOf(vault, key);
  const [row] = await db.select().from(botSessions).where(eq(botSessions.keyHash, keyHash));
  return row ? vault.cipher.decryptJson<T>(row.dataEnc, ctx(keyHash)) : undefined;
}

export async function saveSession(db: DbOrTx, vault: Vault, key: string, value: unknown): Promise<void> {
  const keyHash = keyOf(vault, key);
  const dataEnc = vault.cipher.encryptJson(value, ctx(keyHash));
  await db
    .insert(botSessions)
    .values({ keyHash, dataEnc })
    .onConflictDoUpdate({ target: botSessions.keyHash, set: { dataEnc, updatedAt: new Date() } });
}

export async function deleteSession(db: DbOrTx, vault: Vault, key: string): Promise<void> {
  await db.delete(botSessions).where(eq(botSessions.keyHash, keyOf(vault, key)));
}

/** Records an update id; false when it was seen before (Telegram redelivered it). */
export async function firstDelivery(db: DbOrTx, updateId: number): Promise<boolean> {
  const rows = await db.insert(telegramUpdates).values({ updateId }).onConflictDoNothing().returning({ id: telegramUpdates.updateId });
  return rows.length > 0;
}

/**
 * Counts one event in a fixed window and says whether it is within `limit`. The key is an HMAC of
 * user, purpose and window, so the table cannot be joined back to anyone and expires with it.
 */
export async function hitRateLimit(
  db: DbOrTx,
  vault: Vault,
  input: { subject: string; purpose: string; windowMs: number; limit: number; now?: number },
): Promise<{ allowed: boolean; retryAfterMs: number }> {
  const now = input.now ?? Date.now();
  const windowStart = Math.floor(now / input.windowMs) * input.windowMs;
  const keyHash = vault.hasher.hash('rate', `${input.purpose}\u0000${input.subject}\u0000${windowStart}`);
  const [row] = await db
    .insert(rateLimits)
    .values({ keyHash, count: 1, expiresAt: new Date(windowStart + input.windowMs) })
    .onConflictDoUpdate({ target: rateLimits.keyHash, set: { count: sql`${rateLimits.count} + 1` } })
    .returning({ count: rateLimits.count });
  return { allowed: row!.count <= input.limit, retryAfterMs: windowStart + input.windowMs - now };
}

/** Housekeeping for the reconciler: expired counters and old update ids go. */
export async function pruneEphemeral(db: DbOrTx, now = new Date()): Promise<void> {
  await db.delete(rateLimits).where(lt(rateLimits.expiresAt, now));
  await db.delete(telegramUpdates).where(lt(telegramUpdates.receivedAt, new Date(now.getTime() - 7 * 24 * 3600 * 1000)));
}
