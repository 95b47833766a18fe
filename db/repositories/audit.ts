import { desc, eq, lt } from 'drizzle-orm';
import type { DbOrTx } from '../client.js';
import { auditLog, type NewAuditEntry } from '../schema.js';

export type AuditInput = Omit<NewAuditEntry, 'id' | 'at'>;

/** Appends one row; with an idempotency key, a repeat of the same logical event is a no-op. */
export async function appendAudit(db: DbOrTx, entry: AuditInput): Promise<void> {
  await db.insert(auditLog).values(entry).onConflictDoNothing({ target: auditLog.idempotencyKey });
}

export async function auditOfReport(db: DbOrTx, reportId: string) {
  return db.select().from(auditLog).where(eq(auditLog.reportId, reportId)).orderBy(auditLog.at, auditLog.id);
}

export async function recentAudit(db: DbOrTx, limit: number, before?: number) {
  const query = db.select().from(auditLog);
  return (before ? query.where(lt(auditLog.id, before)) : query).orderBy(desc(auditLog.id)).limit(limit);
}
