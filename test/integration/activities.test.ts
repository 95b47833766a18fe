// The review workflow's activities with real dependencies: Postgres, the locale files, a grammY
// Api talking HTTP to the fake Telegram. Each activity runs in a MockActivityEnvironment whose
// workflow, run and activity ids make the outbox key; running the same environment again is what a
// Temporal retry of that activity looks like.
import { randomBytes, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { ApplicationFailure, msToNumber, type Logger as TemporalLogger } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { and, eq } from 'drizzle-orm';
import type { Api } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities, type Activities } from '../../activities/index.js';
import type { NotifyInput } from '../../activities/notices.js';
import { createTelegramApi, createTelegramSender } from '../../activities/telegram.js';
import { storeMessage } from '../../db/repositories/messages.js';
import { chooseReviewer } from '../../db/repositories/officers.js';
import { createReport, type NewAttachmentInput } from '../../db/repositories/reports.js';
import { auditLog, notifications, reports, type Officer } from '../../db/schema.js';
import { parseCaseData } from '../../lib/callback-data.js';
import { createI18n } from '../../lib/i18n.js';
import { createLogger } from '../../lib/logger.js';
import { defaultPolicy } from '../../workflows/policy.js';
import { createFakeTelegram, type FakeTelegram, type InboxMessage } from '../fake-telegram/server.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { testVault } from '../helpers/keys.js';
import { freshTelegramId, insertOfficer, reportInput, type OfficerSeed } from './fixtures.js';

const vault = testVault();
let t: TestDatabase;
let fake: FakeTelegram;
let api: Api;
let activities: Activities;

const silentTemporalLogger: TemporalLogger = { log: () => {}, trace: () => {}, debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

beforeAll(async () => {
  t = await createTestDatabase();
  fake = createFakeTelegram();
  await fake.listen();
  api = createTelegramApi(fake.token, fake.url);
  const logger = createLogger({
    level: 'debug',
    name: 'activities-test',
    destination: new Writable({
      write(_chunk, _encoding, callback) {
        callback();
      },
    }),
  });
  activities = createActivities({
    db: t.db,
    vault,
    i18n: createI18n(),
    telegram: createTelegramSender(api),
    logger,
    policy: defaultPolicy,
  });
});

afterAll(async () => {
  await fake.close();
  await t.drop();
});

/** One activity execution; run it again to play a Temporal retry of the same activity. */
class ActivityRun {
  readonly env: MockActivityEnvironment;

  constructor(activityId: string) {
    this.env = new MockActivityEnvironment(
      { workflowExecution: { workflowId: `review-${randomUUID()}`, runId: randomUUID() }, activityId },
      { logger: silentTemporalLogger },
    );
  }

  /** Runs `fn` with this execution's info; the arguments are checked against the activity's own. */
  run<A extends unknown[], R>(fn: (...args: A) => Promise<R>, ...args: A): Promise<R> {
    return this.env.run(fn, ...args);
  }
}

const activityEnv = (activityId = '1') => new ActivityRun(activityId);

const keyOf = (run: ActivityRun) => {
  const { workflowExecution, activityId } = run.env.context.info;
  return `${workflowExecution!.workflowId}/${workflowExecution!.runId}/${activityId}`;
};

/** A Telegram user who has written to the bot, so the bot may write back. */
function startedUser(name: string, languageCode = 'uk'): number {
  const id = freshTelegramId();
  fake.control.user(id, { first_name: name, language_code: languageCode });
  fake.control.sendText(id, '/start');
  return id;
}

async function reachableOfficer(seed: OfficerSeed = {}): Promise<Officer> {
  return insertOfficer(t.db, { telegramUserId: startedUser(seed.displayName ?? 'Officer'), ...seed });
}

const dueAt = () => new Date(Date.now() + 15 * 24 * 3600 * 1000).toISOString();

const receivedNotice = (reportId: string): NotifyInput => ({
  reportId,
  audience: { kind: 'reporter' },
  notice: 'received',
  params: { phase: 'unassigned', assigneeId: null, dueAt: dueAt(), extended: false },
});

const sendsTo = (chatId: number) =>
  fake.control.calls().filter((c) => /^send/.test(c.method) && String(c.params.chat_id) === String(chatId)).length;

const notificationRows = (reportId: string) => t.db.select().from(notifications).where(eq(notifications.reportId, reportId));

const auditOf = (reportId: string, action: string) =>
  t.db.select().from(auditLog).where(and(eq(auditLog.reportId, reportId), eq(auditLog.action, action)));

async function download(fileId: string): Promise<Buffer> {
  const file = await api.getFile(fileId);
  const response = await fetch(`${fake.url}/file/bot${fake.token}/${file.file_path ?? ''}`);
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

async function expectRejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the activity to throw');
}

describe('notify the whistleblower', () => {
  it('sends the received notice once, protected, in the report’s language, with the case code', async () => {
    const reporter = startedUser('Олена');
    const report = await createReport(t.db, vault, reportInput({ anonymity: 'confidential', reporterChatId: reporter, language: 'uk' }));
    const env = activityEnv();

    expect(await env.run(activities.notify, receivedNotice(report.id))).toEqual({ sent: 1, refused: 0 });

    const inbox = fake.control.inbox(reporter);
    expect(inbox).toHaveLength(1);
    const message = inbox[0]!;
    expect(message.protect_content).toBe(true);
    expect(message.text).toContain(report.caseCode);
    expect(message.text).toContain('прийнято до розгляду');
    const [row] = await notificationRows(report.id);
    expect(row).toMatchObject({ status: 'sent', recipient: 'reporter', kind: 'received', telegramMessageId: message.message_id, idempotencyKey: `${keyOf(env)}/reporter#0` });

    // A retry of the same activity finds it sent.
    expect(await env.run(activities.notify, receivedNotice(report.id))).toEqual({ sent: 1, refused: 0 });
    expect(fake.control.inbox(reporter)).toHaveLength(1);
  });

  it('a whistleblower who blocked the bot: the notice resolves, is recorded as blocked and audited, and a retry does not call Telegram', async () => {
    const reporter = startedUser('Blocked');
    const report = await createReport(t.db, vault, reportInput({ reporterChatId: reporter }));
    fake.control.blockBot(reporter);
    const env = activityEnv();

    expect(await env.run(activities.notify, receivedNotice(report.id))).toEqual({ sent: 0, refused: 1 });
    const [row] = await notificationRows(report.id);
    expect(row?.status).toBe('blocked');
    expect(row?.lastError).toContain('blocked');
    const audit = await auditOf(report.id, 'notification-blocked');
    expect(audit).toHaveLength(1);
    expect(audit[0]?.details).toMatchObject({ notice: 'received', recipient: 'reporter', reason: 'blocked' });
    expect(JSON.stringify(audit)).not.toContain(String(reporter));

    const callsBefore = fake.control.calls().length;
    expect(await env.run(activities.notify, receivedNotice(report.id))).toEqual({ sent: 0, refused: 1 });
    expect(fake.control.calls().length).toBe(callsBefore);
    expect(await auditOf(report.id, 'notification-blocked')).toHaveLength(1);
  });

  it('Telegram’s 429 makes the activity fail with a retry delay of exactly retry_after', async () => {
    const reporter = startedUser('Limited');
    const report = await createReport(t.db, vault, reportInput({ reporterChatId: reporter }));
    const env = activityEnv();
    fake.control.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 7', retry_after: 7 });

    const error = await expectRejection(env.run(activities.notify, receivedNotice(report.id)));
    expect(error).toBeInstanceOf(ApplicationFailure);
    const failure = error as ApplicationFailure;
    expect(failure.type).toBe('TelegramRateLimited');
    expect(failure.nonRetryable).toBeFalsy();
    expect(failure.nextRetryDelay).toBeDefined();
    expect(msToNumber(failure.nextRetryDelay!)).toBe(7000);
    expect(failure.message).not.toContain(report.caseCode);
    const [row] = await notificationRows(report.id);
    expect(row?.status).toBe('pending');
    expect(fake.control.inbox(reporter)).toHaveLength(0);

    // The retry Temporal schedules after the delay delivers it once.
    expect(await env.run(activities.notify, receivedNotice(report.id))).toEqual({ sent: 1, refused: 0 });
    expect(fake.control.inbox(reporter)).toHaveLength(1);
  });

  it('a receipt-only report: nothing is sent and the notice is recorded as unreachable', async () => {
    const report = await createReport(t.db, vault, reportInput({ anonymity: 'receipt_only' }));
    const callsBefore = fake.control.calls().length;
    const env = activityEnv();

    expect(await env.run(activities.notify, receivedNotice(report.id))).toEqual({ sent: 0, refused: 1 });
    expect(fake.control.calls().length).toBe(callsBefore);
    const [row] = await notificationRows(report.id);
    expect(row?.status).toBe('unreachable');
  });

  it('refuses an officer notice addressed to the whistleblower', async () => {
    const report = await createReport(t.db, vault, reportInput({ reporterChatId: startedUser('Wrong') }));
    await expect(
      activityEnv().run(activities.notify, { ...receivedNotice(report.id), notice: 'assigned' }),
    ).rejects.toThrow(/not a notice for the whistleblower/);
  });

  it('a notice for a report that does not exist sends nothing', async () => {
    const callsBefore = fake.control.calls().length;
    expect(await activityEnv().run(activities.notify, receivedNotice(randomUUID()))).toEqual({ sent: 0, refused: 0 });
    expect(fake.control.calls().length).toBe(callsBefore);
  });
});

describe('notify officers', () => {
  it('an activity retried after a crash sends its notification once to each supervisor', async () => {
    const unit = 'border';
    const first = await reachableOfficer({ unit, role: 'supervisor', displayName: 'Supervisor A' });
    const second = await reachableOfficer({ unit, role: 'supervisor', displayName: 'Supervisor B' });
    const report = await createReport(t.db, vault, reportInput({ unit, reporterChatId: startedUser('Reporter') }));
    const notice: NotifyInput = {
      reportId: report.id,
      audience: { kind: 'leads', unit, roles: ['supervisor'] },
      notice: 'nobody-available',
      params: { phase: 'unassigned', assigneeId: null, dueAt: dueAt(), extended: false },
    };

    // Whichever supervisor is served first gets the card; the very next send fails with a 500,
    // as if Telegram or the worker fell over half-way through the audience.
    let injected = false;
    const failAfterFirstCard = () => {
      if (!injected) {
        injected = true;
        fake.control.failNext('sendMessage', { error_code: 500, description: 'Internal Server Error', times: 1 });
      }
      return true;
    };
    const watchers = [first, second].map((o) => fake.control.waitFor(o.telegramUserId!, failAfterFirstCard, 30_000).catch(() => null));

    const env = activityEnv('notify-7');
    const error = await expectRejection(env.run(activities.notify, notice));
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect((error as ApplicationFailure).type).toBe('TelegramError');
    const servedFirst = [first, second].filter((o) => fake.control.inbox(o.telegramUserId!).length === 1);
    expect(servedFirst).toHaveLength(1);

    expect(await env.run(activities.notify, notice)).toEqual({ sent: 2, refused: 0 });
    await Promise.all(watchers);

    for (const officer of [first, second]) {
      const inbox = fake.control.inbox(officer.telegramUserId!);
      expect(inbox, officer.displayName).toHaveLength(1);
      expect(inbox[0]?.text).toContain(report.caseCode);
      expect(inbox[0]?.protect_content).toBe(false);
      expect(sendsTo(officer.telegramUserId!)).toBe(officer.id === servedFirst[0]!.id ? 1 : 2);
    }
    const rows = await notificationRows(report.id);
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.status === 'sent' && r.recipient === 'officer')).toBe(true);
    expect(rows.every((r) => r.lastError === null && r.telegramMessageId !== null)).toBe(true);
  });

  it('an assignment sends the report text, the evidence files and the card with Accept and Decline, never the whistleblower’s chat id', async () => {
    const reporter = startedUser('Whistleblower');
    const officer = await reachableOfficer({ unit: 'police', role: 'reviewer', displayName: 'Reviewer' });
    const photoBytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(3000)]);
    const pdfBytes = Buffer.concat([Buffer.from('%PDF-1.4 '), randomBytes(2000)]);
    const evidence: NewAttachmentInput[] = [
      { kind: 'photo', mimeType: 'image/jpeg', fileName: null, data: photoBytes, metadataStripped: true },
      { kind: 'document', mimeType: 'application/pdf', fileName: 'акт.pdf', data: pdfBytes, metadataStripped: false },
    ];
    const report = await createReport(
      t.db,
      vault,
      reportInput({
        anonymity: 'confidential',
        reporterChatId: reporter,
        description: 'Інспектор вимагав 300 доларів за реєстрацію авто',
        whenWhere: 'Львів, сервісний центр, 2 квітня',
        people: 'Інспектор Мельник',
        attachments: evidence,
      }),
    );
    const notice: NotifyInput = {
      reportId: report.id,
      audience: { kind: 'officer', officerId: officer.id },
      notice: 'assigned',
      params: { phase: 'awaiting_acceptance', assigneeId: officer.id, dueAt: dueAt(), extended: false },
    };

    expect(await activityEnv().run(activities.notify, notice)).toEqual({ sent: 1, refused: 0 });

    const inbox = fake.control.inbox(officer.telegramUserId!);
    expect(inbox.length).toBeGreaterThanOrEqual(4);
    const content = inbox[0]!;
    expect(content.text).toContain('Інспектор вимагав 300 доларів за реєстрацію авто');
    expect(content.text).toContain('Львів, сервісний центр, 2 квітня');
    expect(content.text).toContain('Інспектор Мельник');

    const photoMessage = inbox.find((m) => m.photo !== undefined);
    const documentMessage = inbox.find((m) => m.document !== undefined);
    expect(photoMessage?.caption).toContain(report.caseCode);
    expect(documentMessage?.document?.file_name).toBe('акт.pdf');
    const largest = photoMessage!.photo![photoMessage!.photo!.length - 1]!;
    expect((await download(largest.file_id)).equals(photoBytes)).toBe(true);
    expect((await download(documentMessage!.document!.file_id)).equals(pdfBytes)).toBe(true);

    const card = inbox[inbox.length - 1]!;
    expect(card.text).toContain(report.caseCode);
    const keyboard = card.reply_markup && 'inline_keyboard' in card.reply_markup ? card.reply_markup.inline_keyboard : [];
    const pressed = keyboard.flat().map((button) => ('callback_data' in button ? parseCaseData(button.callback_data) : null));
    expect(pressed).toContainEqual({ action: 'accept', reportId: report.id });
    expect(pressed).toContainEqual({ action: 'decline', reportId: report.id });
    expect(pressed.filter((p) => p?.action === 'decide')).toEqual([]);

    // Officers may keep what they are sent; the whistleblower's chat is nowhere in it.
    expect(inbox.every((m: InboxMessage) => !m.protect_content)).toBe(true);
    for (const message of inbox) {
      expect(message.text ?? '').not.toContain(String(reporter));
      expect(message.caption ?? '').not.toContain(String(reporter));
      expect(JSON.stringify(message)).not.toContain(String(reporter));
    }
    const officerCalls = fake.control.calls().filter((c) => String(c.params.chat_id) === String(officer.telegramUserId));
    expect(JSON.stringify(officerCalls)).not.toContain(String(reporter));
    expect(fake.control.inbox(reporter)).toHaveLength(0);
  });
});

describe('multi-message notices and what they carry', () => {
  async function assignedReport(reporter: number, officer: Officer, overrides: Parameters<typeof reportInput>[0] = {}) {
    const report = await createReport(t.db, vault, reportInput({ anonymity: 'confidential', reporterChatId: reporter, unit: officer.unit, ...overrides }));
    const notice: NotifyInput = {
      reportId: report.id,
      audience: { kind: 'officer', officerId: officer.id },
      notice: 'assigned',
      params: { phase: 'awaiting_acceptance', assigneeId: officer.id, dueAt: dueAt(), extended: false },
    };
    return { report, notice };
  }

  it('a retry after a failure half-way through an assignment continues where it stopped', async () => {
    const officer = await reachableOfficer({ unit: 'migration', displayName: 'Resumed' });
    const photo = randomBytes(2048);
    const { report, notice } = await assignedReport(startedUser('Reporter'), officer, {
      attachments: [{ kind: 'photo', mimeType: 'image/jpeg', fileName: null, data: photo, metadataStripped: true }],
    });
    fake.control.failNext('sendPhoto', { error_code: 502, description: 'Bad Gateway' });
    const env = activityEnv('assign-1');

    await expect(env.run(activities.notify, notice)).rejects.toBeInstanceOf(ApplicationFailure);
    expect(fake.control.inbox(officer.telegramUserId!)).toHaveLength(1);

    expect(await env.run(activities.notify, notice)).toEqual({ sent: 1, refused: 0 });
    const inbox = fake.control.inbox(officer.telegramUserId!);
    expect(inbox.map((m) => (m.photo ? 'photo' : m.reply_markup ? 'card' : 'text'))).toEqual(['text', 'photo', 'card']);
    expect(inbox.filter((m) => m.text?.includes(report.caseCode) && !m.reply_markup)).toHaveLength(1);
    const rows = await notificationRows(report.id);
    expect(rows.map((r) => r.idempotencyKey).sort()).toEqual([0, 1, 2].map((i) => `${keyOf(env)}/${officer.id}#${i}`).sort());
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
  });

  it('a long report with HTML-like characters reaches the officer complete and literal', async () => {
    const officer = await reachableOfficer({ unit: 'migration', displayName: 'Reader' });
    const paragraph = 'Він сказав: <b>плати</b> & мовчи, інакше "проблеми" > 1000 грн. ';
    const description = paragraph.repeat(120).trim();
    const { notice } = await assignedReport(startedUser('Reporter'), officer, { description, people: '<script>alert(1)</script>' });

    expect(await activityEnv().run(activities.notify, notice)).toEqual({ sent: 1, refused: 0 });
    const texts = fake.control.inbox(officer.telegramUserId!).filter((m) => !m.reply_markup).map((m) => m.text ?? '');
    expect(texts.length).toBeGreaterThan(1);
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(4096);
    const joined = texts.join(' ').replace(/\s+/g, ' ');
    expect(joined).toContain(paragraph.trim());
    expect(joined.split('плати').length - 1).toBe(120);
    expect(joined).toContain('<script>alert(1)</script>');
  });

  it('an evidence file Telegram refuses does not keep the case card from the officer', async () => {
    const officer = await reachableOfficer({ unit: 'ministry', displayName: 'Card' });
    const { report, notice } = await assignedReport(startedUser('Reporter'), officer, {
      attachments: [{ kind: 'photo', mimeType: 'image/jpeg', fileName: null, data: randomBytes(1000), metadataStripped: true }],
    });
    fake.control.failNext('sendPhoto', { error_code: 400, description: 'Bad Request: PHOTO_INVALID_DIMENSIONS' });

    await activityEnv().run(activities.notify, notice);
    const inbox = fake.control.inbox(officer.telegramUserId!);
    const card = inbox.find((m) => m.reply_markup !== undefined);
    // Without the card the officer has no Accept or Decline button and the case waits for nothing.
    expect(card, 'the case card with Accept and Decline reached the officer').toBeDefined();
    expect(card?.text).toContain(report.caseCode);
  });

  it('a supervisor who blocked the bot does not keep the other supervisor from the notice', async () => {
    const unit = 'service-centres';
    const blocked = await reachableOfficer({ unit, role: 'supervisor', displayName: 'Blocked lead' });
    const reachable = await reachableOfficer({ unit, role: 'head', displayName: 'Head' });
    fake.control.blockBot(blocked.telegramUserId!);
    const report = await createReport(t.db, vault, reportInput({ unit }));
    const notice: NotifyInput = {
      reportId: report.id,
      audience: { kind: 'leads', unit, roles: ['supervisor', 'head'] },
      notice: 'escalated-overdue',
      params: { phase: 'overdue', assigneeId: null, dueAt: dueAt(), extended: true },
    };

    expect(await activityEnv().run(activities.notify, notice)).toEqual({ sent: 1, refused: 1 });
    expect(fake.control.inbox(reachable.telegramUserId!)).toHaveLength(1);
    const audit = await auditOf(report.id, 'notification-blocked');
    expect(audit).toHaveLength(1);
    expect(audit[0]?.details).toMatchObject({ recipient: 'officer', officerId: blocked.id });
  });

  it('a question reaches the whistleblower protected, escaped, with an Answer button', async () => {
    const reporter = startedUser('Asked');
    const officer = await insertOfficer(t.db);
    const report = await createReport(t.db, vault, reportInput({ reporterChatId: reporter }));
    const questionId = await storeMessage(t.db, vault, { reportId: report.id, kind: 'question', officerId: officer.id, body: 'Чи є у вас <копія> квитанції & дата?' });

    const result = await activityEnv().run(activities.notify, {
      reportId: report.id,
      audience: { kind: 'reporter' },
      notice: 'question',
      params: { phase: 'in_review', assigneeId: officer.id, dueAt: dueAt(), extended: false, questionId },
    });
    expect(result).toEqual({ sent: 1, refused: 0 });
    const [message] = fake.control.inbox(reporter);
    expect(message?.protect_content).toBe(true);
    expect(message?.text).toContain('Чи є у вас <копія> квитанції & дата?');
    expect(message?.text).toContain(report.caseCode);
    expect(message?.text).not.toContain(officer.displayName);
    const buttons = message?.reply_markup && 'inline_keyboard' in message.reply_markup ? message.reply_markup.inline_keyboard.flat() : [];
    expect(buttons).toHaveLength(1);
  });
});

describe('replies, decisions and refusals', () => {
  it('a whistleblower’s reply reaches the assigned officer with its file, without the reporter’s chat id', async () => {
    const reporter = startedUser('Replier');
    const officer = await reachableOfficer({ unit: 'guard', displayName: 'Assigned' });
    const report = await createReport(t.db, vault, reportInput({ unit: 'guard', reporterChatId: reporter }));
    const fileBytes = randomBytes(1500);
    const messageId = await storeMessage(t.db, vault, {
      reportId: report.id,
      kind: 'answer',
      officerId: null,
      body: 'Квитанцію додаю, сума 300 <USD>',
      attachments: [{ kind: 'photo', mimeType: 'image/jpeg', fileName: null, data: fileBytes, metadataStripped: true }],
    });

    const result = await activityEnv().run(activities.notify, {
      reportId: report.id,
      audience: { kind: 'officer', officerId: officer.id },
      notice: 'reporter-replied',
      params: { phase: 'in_review', assigneeId: officer.id, dueAt: dueAt(), extended: false, messageId },
    });
    expect(result).toEqual({ sent: 1, refused: 0 });
    const inbox = fake.control.inbox(officer.telegramUserId!);
    expect(inbox[0]?.text).toContain('Квитанцію додаю, сума 300 <USD>');
    const photo = inbox.find((m) => m.photo !== undefined);
    expect(photo?.caption).toContain(report.caseCode);
    expect((await download(photo!.photo![photo!.photo!.length - 1]!.file_id)).equals(fileBytes)).toBe(true);
    expect(inbox[inbox.length - 1]?.reply_markup).toBeDefined();
    expect(JSON.stringify(inbox)).not.toContain(String(reporter));
  });

  it('the decision reaches the whistleblower with the outcome, the competent body and the summary', async () => {
    const reporter = startedUser('Decided');
    const officer = await insertOfficer(t.db);
    const report = await createReport(t.db, vault, reportInput({ reporterChatId: reporter }));
    const summaryId = await storeMessage(t.db, vault, { reportId: report.id, kind: 'summary', officerId: officer.id, body: 'Матеріали & докази передано <детективам>' });

    const result = await activityEnv().run(activities.notify, {
      reportId: report.id,
      audience: { kind: 'reporter' },
      notice: 'decided',
      params: { phase: 'decided', assigneeId: officer.id, dueAt: dueAt(), extended: false, summaryId, outcome: 'referred', referredTo: 'nabu' },
    });
    expect(result).toEqual({ sent: 1, refused: 0 });
    const [message] = fake.control.inbox(reporter);
    expect(message?.protect_content).toBe(true);
    expect(message?.text).toContain(report.caseCode);
    expect(message?.text).toContain('передано до компетентного органу');
    expect(message?.text).toContain('НАБУ');
    expect(message?.text).toContain('Матеріали & докази передано <детективам>');
    expect(message?.text).not.toContain(officer.displayName);
  });

  it('a chat Telegram no longer knows is recorded as failed and audited as refused, without a retry', async () => {
    const reporter = startedUser('Vanished');
    const report = await createReport(t.db, vault, reportInput({ reporterChatId: reporter }));
    fake.control.failNext('sendMessage', { error_code: 400, description: 'Bad Request: chat not found' });
    const env = activityEnv();

    expect(await env.run(activities.notify, receivedNotice(report.id))).toEqual({ sent: 0, refused: 1 });
    const [row] = await notificationRows(report.id);
    expect(row?.status).toBe('failed');
    const audit = await auditOf(report.id, 'notification-refused');
    expect(audit).toHaveLength(1);
    expect(audit[0]?.details).toMatchObject({ reason: 'chat-not-found' });
    const callsBefore = fake.control.calls().length;
    expect(await env.run(activities.notify, receivedNotice(report.id))).toEqual({ sent: 0, refused: 1 });
    expect(fake.control.calls().length).toBe(callsBefore);
  });

  it('appendAudit and recordDecision add one row however often the activity runs', async () => {
    const officer = await insertOfficer(t.db);
    const report = await createReport(t.db, vault, reportInput());
    const env = activityEnv('audit-9');
    const entry = { reportId: report.id, action: 'reassign-refused', actorOfficerId: officer.id, details: { reason: 'same-officer' } };
    await env.run(activities.appendAudit, entry);
    await env.run(activities.appendAudit, entry);
    const audit = await auditOf(report.id, 'reassign-refused');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorKind: 'officer', actorOfficerId: officer.id, idempotencyKey: keyOf(env) });

    const summaryId = await storeMessage(t.db, vault, { reportId: report.id, kind: 'summary', officerId: officer.id, body: 'Факти підтвердилися' });
    const decision = { reportId: report.id, outcome: 'substantiated', referredTo: null, summaryId, decidedBy: officer.id };
    const decide = activityEnv('decide');
    await decide.run(activities.recordDecision, decision);
    await decide.run(activities.recordDecision, decision);
    expect(await auditOf(report.id, 'decided')).toHaveLength(1);
    const [row] = await t.db.select().from(reports).where(eq(reports.id, report.id));
    expect(row).toMatchObject({ status: 'decided', outcome: 'substantiated', decidedBy: officer.id, decisionSummaryId: summaryId });
  });
});

describe('transitions and choices through the activities', () => {
  it('recordTransition writes its audit row with the activity’s key, so a retry adds none', async () => {
    const officer = await insertOfficer(t.db, { unit: 'guard' });
    const report = await createReport(t.db, vault, reportInput({ unit: 'guard' }));
    const input = {
      reportId: report.id,
      status: 'awaiting_acceptance' as const,
      assigneeId: officer.id,
      escalationLevel: 0,
      extendedDueAt: null,
      action: 'assigned',
      actorOfficerId: null,
      details: { officerId: officer.id },
    };
    const env = activityEnv('transition-3');
    await env.run(activities.recordTransition, input);
    await env.run(activities.recordTransition, input);

    const audit = await auditOf(report.id, 'assigned');
    expect(audit).toHaveLength(1);
    expect(audit[0]?.idempotencyKey).toBe(keyOf(env));
    const [row] = await t.db.select().from(reports).where(eq(reports.id, report.id));
    expect(row).toMatchObject({ status: 'awaiting_acceptance', assigneeId: officer.id });

    // Another activity of the same workflow is another event.
    const extendedDueAt = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString();
    await activityEnv('transition-4').run(activities.recordTransition, { ...input, status: 'extended', extendedDueAt, action: 'extended', actorOfficerId: officer.id });
    expect(await auditOf(report.id, 'extended')).toHaveLength(1);
    const [extended] = await t.db.select().from(reports).where(eq(reports.id, report.id));
    expect(extended?.extendedDueAt?.toISOString()).toBe(extendedDueAt);
  });

  it('caseOpened marks the workflow started and audits it once', async () => {
    const report = await createReport(t.db, vault, reportInput());
    const env = activityEnv('open');
    await env.run(activities.caseOpened, { reportId: report.id });
    await env.run(activities.caseOpened, { reportId: report.id });
    const [row] = await t.db.select().from(reports).where(eq(reports.id, report.id));
    expect(row?.workflowStartedAt).toBeInstanceOf(Date);
    expect(await auditOf(report.id, 'review-started')).toHaveLength(1);
  });

  it('chooseReviewer and isEligibleReviewer answer as the repository does', async () => {
    const unit = 'emergency';
    const reviewer = await insertOfficer(t.db, { unit, role: 'reviewer' });
    const other = await insertOfficer(t.db, { unit, role: 'reviewer' });
    const supervisor = await insertOfficer(t.db, { unit, role: 'supervisor' });
    const report = await createReport(t.db, vault, reportInput({ unit }));
    const env = activityEnv('choose');

    const chosen = await env.run(activities.chooseReviewer, { reportId: report.id, unit, exclude: [] });
    expect(chosen).toBe(await chooseReviewer(t.db, { unit, exclude: [] }));
    expect([reviewer.id, other.id]).toContain(chosen);
    const next = await env.run(activities.chooseReviewer, { reportId: report.id, unit, exclude: [chosen!] });
    expect(next).toBe(chosen === reviewer.id ? other.id : reviewer.id);
    expect(await env.run(activities.chooseReviewer, { reportId: report.id, unit, exclude: [reviewer.id, other.id] })).toBeNull();

    expect(await env.run(activities.isEligibleReviewer, { officerId: reviewer.id, unit })).toBe(true);
    expect(await env.run(activities.isEligibleReviewer, { officerId: supervisor.id, unit })).toBe(false);
    expect(await env.run(activities.isEligibleReviewer, { officerId: reviewer.id, unit: 'police' })).toBe(false);
  });
});
