// The notifications outbox, the bot's encrypted sessions, webhook redelivery, rate limits and the
// encrypted relay thread, against a real Postgres.
import { randomBytes, randomUUID } from 'node:crypto';
import { eq, lte, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMessage, storeMessage, threadOf } from '../../db/repositories/messages.js';
import {
  claimNotification,
  markNotificationFailed,
  markNotificationSent,
  notificationByKey,
  type ClaimInput,
} from '../../db/repositories/outbox.js';
import { createReport, readAttachment, readReport } from '../../db/repositories/reports.js';
import { deleteSession, firstDelivery, hitRateLimit, loadSession, pruneEphemeral, saveSession } from '../../db/repositories/sessions.js';
import { auditLog, botSessions, messages, notifications, rateLimits } from '../../db/schema.js';
import { DecryptionError } from '../../lib/crypto.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { testVault } from '../helpers/keys.js';
import { holds, insertOfficer, photoAttachment, reportInput } from './fixtures.js';

const vault = testVault();
let t: TestDatabase;
let reportId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  reportId = (await createReport(t.db, vault, reportInput())).id;
});

afterAll(async () => {
  await t.drop();
});

const claim = (overrides: Partial<ClaimInput> = {}): ClaimInput => ({
  idempotencyKey: `wf-1/run-1/${randomUUID()}/reporter#0`,
  reportId,
  recipient: 'reporter',
  officerId: null,
  kind: 'received',
  ...overrides,
});

describe('the notifications outbox', () => {
  it('claims a notice once per idempotency key and counts every attempt', async () => {
    const input = claim();
    const first = await claimNotification(t.db, input);
    const second = await claimNotification(t.db, input);
    const other = await claimNotification(t.db, claim());

    expect(first).toMatchObject({ idempotencyKey: input.idempotencyKey, status: 'pending', attempts: 1, reportId, recipient: 'reporter', kind: 'received' });
    expect(second.id).toBe(first.id);
    expect(second.attempts).toBe(2);
    expect(other.id).not.toBe(first.id);
    expect(other.attempts).toBe(1);
    const rows = await t.db.select().from(notifications).where(eq(notifications.idempotencyKey, input.idempotencyKey));
    expect(rows).toHaveLength(1);
  });

  it('concurrent claims of the same key make one row', async () => {
    const input = claim();
    const rows = await Promise.all([claimNotification(t.db, input), claimNotification(t.db, input), claimNotification(t.db, input)]);
    expect(new Set(rows.map((r) => r.id)).size).toBe(1);
    expect((await notificationByKey(t.db, input.idempotencyKey))?.attempts).toBe(3);
  });

  it('markNotificationSent records the Telegram message id, and a later claim finds the notice sent', async () => {
    const officer = await insertOfficer(t.db);
    const input = claim({ recipient: 'officer', officerId: officer.id, kind: 'assigned' });
    const row = await claimNotification(t.db, input);
    await markNotificationFailed(t.db, row.id, 'pending', 'sendMessage: 500 Internal Server Error');
    expect((await notificationByKey(t.db, input.idempotencyKey))?.lastError).toBe('sendMessage: 500 Internal Server Error');

    await markNotificationSent(t.db, row.id, 4242);
    const sent = await notificationByKey(t.db, input.idempotencyKey);
    expect(sent).toMatchObject({ status: 'sent', telegramMessageId: 4242, lastError: null, officerId: officer.id });
    expect(sent?.sentAt).toBeInstanceOf(Date);

    // A late duplicate confirmation does not rewrite what was recorded.
    await markNotificationSent(t.db, row.id, 9999);
    expect((await notificationByKey(t.db, input.idempotencyKey))?.telegramMessageId).toBe(4242);

    const again = await claimNotification(t.db, input);
    expect(again).toMatchObject({ id: row.id, status: 'sent', attempts: 2, telegramMessageId: 4242 });
  });

  it('markNotificationFailed records a final refusal and keeps the error short', async () => {
    const input = claim();
    const row = await claimNotification(t.db, input);
    await markNotificationFailed(t.db, row.id, 'blocked', `Forbidden: bot was blocked by the user ${'x'.repeat(1000)}`);
    const stored = await notificationByKey(t.db, input.idempotencyKey);
    expect(stored?.status).toBe('blocked');
    expect(stored?.lastError?.length).toBe(500);
    expect(await notificationByKey(t.db, 'no-such-key')).toBeNull();
  });
});

describe('bot sessions', () => {
  const draftText = 'Чернетка: митник вимагав 200 євро на пункті пропуску 55117';
  const session = { lang: 'uk', flow: { kind: 'report', id: randomUUID(), step: 'description', description: draftText, files: [] } };

  it('save, load and delete round-trip a session', async () => {
    const key = 'chat:777000111';
    expect(await loadSession(t.db, vault, key)).toBeUndefined();
    await saveSession(t.db, vault, key, session);
    expect(await loadSession(t.db, vault, key)).toEqual(session);

    const changed = { ...session, lang: 'en' };
    await saveSession(t.db, vault, key, changed);
    expect(await loadSession(t.db, vault, key)).toEqual(changed);

    await deleteSession(t.db, vault, key);
    expect(await loadSession(t.db, vault, key)).toBeUndefined();
    await deleteSession(t.db, vault, key);
  });

  it('stores neither the session JSON nor the chat key in the clear', async () => {
    const key = 'chat:777000222';
    await saveSession(t.db, vault, key, session);
    const rows = await t.db.select().from(botSessions).where(eq(botSessions.keyHash, vault.hasher.hash('session', key)));
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    for (const needle of [JSON.stringify(session), draftText, '55117', 'description', '777000222']) {
      expect(holds(row.dataEnc, needle), needle).toBe(false);
      expect(holds(row.keyHash, needle), needle).toBe(false);
    }
  });

  it('a session copied under another chat’s key fails to decrypt', async () => {
    await saveSession(t.db, vault, 'chat:777000333', session);
    await saveSession(t.db, vault, 'chat:777000444', { lang: 'en' });
    await t.db
      .update(botSessions)
      .set({ dataEnc: sql`(select data_enc from bot_sessions where key_hash = ${vault.hasher.hash('session', 'chat:777000333')})` })
      .where(eq(botSessions.keyHash, vault.hasher.hash('session', 'chat:777000444')));
    await expect(loadSession(t.db, vault, 'chat:777000444')).rejects.toBeInstanceOf(DecryptionError);
  });
});

describe('webhook redelivery and rate limits', () => {
  it('firstDelivery is true for a new update id and false for its redelivery', async () => {
    expect(await firstDelivery(t.db, 880_000_001)).toBe(true);
    expect(await firstDelivery(t.db, 880_000_001)).toBe(false);
    expect(await firstDelivery(t.db, 880_000_002)).toBe(true);
  });

  it('hitRateLimit allows `limit` hits in a window, refuses the next with the time left, and allows again in the next window', async () => {
    const windowMs = 60_000;
    const windowStart = 1_800_000_000_000;
    const now = windowStart + 10_000;
    const hit = (at: number, subject = 'user-1', purpose = 'updates') => hitRateLimit(t.db, vault, { subject, purpose, windowMs, limit: 3, now: at });

    for (let i = 0; i < 3; i += 1) expect((await hit(now + i)).allowed).toBe(true);
    const refused = await hit(now + 5);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBe(windowStart + windowMs - (now + 5));

    // Other users and other purposes count apart.
    expect((await hit(now, 'user-2')).allowed).toBe(true);
    expect((await hit(now, 'user-1', 'receipt')).allowed).toBe(true);

    const next = await hit(windowStart + windowMs);
    expect(next).toEqual({ allowed: true, retryAfterMs: windowMs });
  });

  it('rate-limit rows name neither the user nor the purpose, and expire', async () => {
    await hitRateLimit(t.db, vault, { subject: '555000999', purpose: 'receipt', windowMs: 1000, limit: 5, now: 1_000_000 });
    const rows = await t.db.select().from(rateLimits);
    for (const row of rows) {
      expect(holds(row.keyHash, '555000999')).toBe(false);
      expect(holds(row.keyHash, 'receipt')).toBe(false);
    }
    expect(await t.db.select().from(rateLimits).where(lte(rateLimits.expiresAt, new Date(1_001_000)))).toHaveLength(1);
    await pruneEphemeral(t.db, new Date(1_000_000 + 5000));
    const left = await t.db.select().from(rateLimits).where(lte(rateLimits.expiresAt, new Date(1_001_000)));
    expect(left).toEqual([]);
  });
});

describe('the relay thread', () => {
  it('storeMessage, readMessage and threadOf round-trip encrypted bodies in order', async () => {
    const officer = await insertOfficer(t.db);
    const report = await createReport(t.db, vault, reportInput({ attachments: [photoAttachment()] }));
    const photo = randomBytes(1234);
    const questionId = await storeMessage(t.db, vault, { reportId: report.id, kind: 'question', officerId: officer.id, body: 'Коли саме це сталося?' });
    const answerId = await storeMessage(t.db, vault, {
      reportId: report.id,
      kind: 'answer',
      officerId: null,
      body: 'Відповідь-викривача-30417: у вівторок',
      attachments: [photoAttachment(photo)],
    });
    const noteId = await storeMessage(t.db, vault, { reportId: report.id, kind: 'note', officerId: officer.id, body: 'Internal note' });
    const filesOnly = await storeMessage(t.db, vault, { reportId: report.id, kind: 'answer', officerId: null, body: null, attachments: [photoAttachment()] });

    const answer = await readMessage(t.db, vault, answerId);
    expect(answer).toMatchObject({ id: answerId, reportId: report.id, kind: 'answer', officerId: null, body: 'Відповідь-викривача-30417: у вівторок' });
    expect(answer?.attachmentIds).toHaveLength(1);
    const file = await readAttachment(t.db, vault, answer!.attachmentIds[0]!);
    expect(file?.data.equals(photo)).toBe(true);
    expect(file?.messageId).toBe(answerId);
    expect((await readMessage(t.db, vault, filesOnly))?.body).toBeNull();
    expect(await readMessage(t.db, vault, randomUUID())).toBeNull();

    const thread = await threadOf(t.db, vault, report.id);
    expect(thread.map((m) => [m.id, m.kind, m.body])).toEqual([
      [questionId, 'question', 'Коли саме це сталося?'],
      [answerId, 'answer', 'Відповідь-викривача-30417: у вівторок'],
      [filesOnly, 'answer', null],
    ]);
    expect((await threadOf(t.db, vault, report.id, ['note'])).map((m) => m.id)).toEqual([noteId]);

    // Files sent with answers are not the report's own evidence.
    expect((await readReport(t.db, vault, report.id))?.attachments).toHaveLength(1);

    const [raw] = await t.db.select().from(messages).where(eq(messages.id, answerId));
    expect(holds(raw?.bodyEnc, 'Відповідь-викривача-30417')).toBe(false);
    expect(holds(raw?.bodyEnc, '30417')).toBe(false);

    const audit = await t.db.select().from(auditLog).where(eq(auditLog.reportId, report.id));
    expect(audit.find((a) => a.action === 'message-question')).toMatchObject({ actorKind: 'officer', actorOfficerId: officer.id });
    expect(audit.find((a) => a.action === 'message-answer')).toMatchObject({ actorKind: 'reporter', actorOfficerId: null });
    expect(JSON.stringify(audit)).not.toContain('30417');
  });

  it('a message body copied into another message fails to decrypt', async () => {
    const first = await storeMessage(t.db, vault, { reportId, kind: 'question', officerId: null, body: 'first' });
    const second = await storeMessage(t.db, vault, { reportId, kind: 'question', officerId: null, body: 'second' });
    await t.db.execute(sql`update messages set body_enc = (select body_enc from messages where id = ${first}) where id = ${second}`);
    await expect(readMessage(t.db, vault, second)).rejects.toBeInstanceOf(DecryptionError);
  });
});
