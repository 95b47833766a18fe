// Shared builders for the integration tests: report inputs and officer rows.
import { randomBytes, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import type { NewAttachmentInput, NewReportInput } from '../../db/repositories/reports.js';
import { auditLog, officers, type Officer, type OfficerRole } from '../../db/schema.js';

const DAY = 24 * 3600 * 1000;

/** A confidential report input in Ukrainian with no evidence; override what a test is about. */
export function reportInput(overrides: Partial<NewReportInput> = {}): NewReportInput {
  const receivedAt = overrides.receivedAt ?? new Date();
  return {
    submissionKey: randomUUID(),
    unit: 'police',
    category: 'bribery',
    anonymity: 'confidential',
    description: `Інспектор вимагав гроші ${randomUUID()}`,
    whenWhere: null,
    people: null,
    contact: null,
    reporterChatId: null,
    language: 'uk',
    receivedAt,
    reviewDueAt: new Date(receivedAt.getTime() + 15 * DAY),
    attachments: [],
    ...overrides,
  };
}

export function photoAttachment(data: Buffer = randomBytes(3000)): NewAttachmentInput {
  return { kind: 'photo', mimeType: 'image/jpeg', fileName: null, data, metadataStripped: true };
}

export function documentAttachment(fileName: string, data: Buffer = randomBytes(2000)): NewAttachmentInput {
  return { kind: 'document', mimeType: 'application/pdf', fileName, data, metadataStripped: false };
}

let nextTelegramId = 5_000_000 + Math.floor(Math.random() * 1_000_000) * 10;

/** A fresh Telegram user id no other officer of this run has. */
export const freshTelegramId = (): number => (nextTelegramId += 1);

export interface OfficerSeed {
  role?: OfficerRole;
  unit?: string;
  displayName?: string;
  language?: string;
  active?: boolean;
  /** null makes an officer who never linked a Telegram account; absent picks a fresh id. */
  telegramUserId?: number | null;
  createdAt?: Date;
}

export async function insertOfficer(db: DbOrTx, seed: OfficerSeed = {}): Promise<Officer> {
  const [row] = await db
    .insert(officers)
    .values({
      telegramUserId: seed.telegramUserId === undefined ? freshTelegramId() : seed.telegramUserId,
      displayName: seed.displayName ?? `Officer ${randomBytes(3).toString('hex')}`,
      role: seed.role ?? 'reviewer',
      unit: seed.unit ?? 'police',
      language: seed.language ?? 'uk',
      active: seed.active ?? true,
      ...(seed.createdAt ? { createdAt: seed.createdAt } : {}),
      ...(seed.active === false ? { deactivatedAt: new Date() } : {}),
    })
    .returning();
  return row!;
}

export async function auditRows(db: DbOrTx, action: string) {
  return db.select().from(auditLog).where(eq(auditLog.action, action));
}

/** True when `haystack` holds `needle` anywhere. */
export const holds = (haystack: Buffer | null | undefined, needle: string | Buffer): boolean =>
  haystack != null && haystack.includes(typeof needle === 'string' ? Buffer.from(needle, 'utf8') : needle);
