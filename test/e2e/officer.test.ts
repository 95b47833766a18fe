// Officers act from Telegram: invites, the case card and its buttons, the queue. Real bot over
// HTTP, real Postgres, real Temporal dev server and workers.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvite } from '../../db/repositories/officers.js';
import { createReport } from '../../db/repositories/reports.js';
import { auditLog, officers, reports } from '../../db/schema.js';
import { caseData } from '../../lib/callback-data.js';
import { startReview } from '../../lib/temporal.js';
import { dueDates } from '../../workflows/policy.js';
import { buttons, type TelegramUser } from '../fake-telegram/client.js';
import type { InboxMessage } from '../fake-telegram/types.js';
import { fileReport, firstLine, has, plain, received, text } from '../helpers/dialog.js';
import { startStack, type Stack } from '../helpers/stack.js';

let stack: Stack;
let nextId = 300_000;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});

const DESCRIPTION = 'A traffic police officer on the Zhytomyr highway demanded 2000 hryvnias not to write a protocol.';
const en = (key: string, args: Record<string, string | number | Date> = {}) => plain(stack, 'en', key, args);
const hasButton = (label: string) => (m: InboxMessage) => buttons(m).some((b) => b.text === label);
const cardOf = (code: string) => (m: InboxMessage) => text(m).includes(`Case ${code}`) && buttons(m).length > 0;

/** A report filed straight through the repository in a unit, its review started. */
async function seedReport(unit: string, receivedAt = new Date()) {
  const report = await createReport(stack.database.db, stack.vault, {
    submissionKey: `seed-${nextId++}`,
    unit,
    category: 'bribery',
    anonymity: 'receipt_only',
    description: DESCRIPTION,
    language: 'en',
    receivedAt,
    reviewDueAt: new Date(dueDates(stack.config.policy, receivedAt.getTime()).reviewDueAt),
    attachments: [],
  });
  await startReview(stack.temporal, {
    reportId: report.id,
    unit,
    receivedAt,
    policy: stack.config.policy,
    taskQueue: stack.config.temporal.taskQueue,
    telegramTaskQueue: stack.config.temporal.telegramTaskQueue,
  });
  return report;
}

async function auditActions(reportId: string) {
  return (await stack.database.db.select().from(auditLog).where(eq(auditLog.reportId, reportId))).map((r) => r.action);
}

/** Waits until the card with this code shows `label`, i.e. the edit after a press landed. */
async function cardWith(user: TelegramUser, code: string, label: string): Promise<InboxMessage> {
  return user.nextMessage((m) => cardOf(code)(m) && hasButton(label)(m), 15_000);
}

describe('joining', () => {
  it('binds an account with a one-time invite and refuses the code a second time', async () => {
    const invite = await createInvite(stack.database.db, stack.vault, { role: 'reviewer', unit: 'ministry', displayName: 'Ivan Petrenko', ttlMs: 3600_000, createdBy: 'test' });
    const first = await stack.user(nextId++, 'en');
    await first.send(`/start inv_${invite.code}`);
    await first.nextMessage(has('Welcome, Ivan Petrenko!'));
    const second = await stack.user(nextId++, 'en');
    await second.send(`/start inv_${invite.code}`);
    await second.nextMessage(has(en('invite-used')));
    const forged = await stack.user(nextId++, 'uk');
    await forged.send('/start inv_AAAAAAAAAAAAAAAAAAAAAA');
    await forged.nextMessage(has(plain(stack, 'uk', 'invite-unknown')));
    const rows = await stack.database.db.select().from(officers).where(eq(officers.displayName, 'Ivan Petrenko'));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.telegramUserId).toBe(first.id);
    const refusals = await stack.database.db.select().from(auditLog).where(eq(auditLog.action, 'invite-refused'));
    expect(refusals.map((r) => (r.details as { reason: string }).reason)).toEqual(expect.arrayContaining(['used', 'unknown']));
  });
});

describe('the life of a report from the officer’s buttons', () => {
  it('goes from acceptance through a question, an answer and an extension to a decision, with the whistleblower told each step', async () => {
    const { user: officer } = await stack.officer('reviewer', 'police', nextId++, 'en');
    const whistleblower = await stack.user(nextId++, 'uk');
    const { caseCode } = await fileReport(stack, whistleblower, { language: 'uk', mode: 'confidential', unit: 'police', category: 'bribery', description: 'Інспектор вимагав 2000 гривень біля Житомира, щоб не складати протокол, 1 грудня.' });
    await received(whistleblower, has(firstLine(stack, 'uk', 'notice-reporter-received', { code: caseCode })));

    // The assignment arrives: the report's words, then the card with Accept and Decline, and
    // nothing that identifies the whistleblower.
    const card = await officer.nextMessage((m) => cardOf(caseCode)(m) && hasButton(en('button-accept'))(m), 20_000);
    expect(buttons(card).map((b) => b.text)).toEqual([en('button-accept'), en('button-decline'), en('button-refresh')]);
    for (const m of await officer.inbox()) expect(text(m)).not.toContain(String(whistleblower.id));
    expect((await officer.inbox()).some(has('Інспектор вимагав 2000 гривень'))).toBe(true);

    const accepted = await officer.press(en('button-accept'), { messageId: card.message_id });
    expect(accepted.text).toMatch(/^Accepted\. Due /);
    await cardWith(officer, caseCode, en('button-requestInfo'));

    await officer.press(en('button-requestInfo'));
    await officer.nextMessage(has(`Case ${caseCode}: write your question`));
    await officer.send('What was the badge number?');
    await officer.nextMessage(has(en('action-done-requestInfo')), 15_000);
    const question = await whistleblower.nextMessage(has('What was the badge number?'), 20_000);
    expect(question.protect_content).toBe(true);
    await whistleblower.press(stack.i18n.t('uk', 'button-answer'), { messageId: question.message_id });
    await whistleblower.nextMessage(has(firstLine(stack, 'uk', 'answer-prompt', { code: caseCode })));
    await whistleblower.send('Жетон 0123456');
    await whistleblower.nextMessage(has(plain(stack, 'uk', 'answer-sent')));
    await officer.nextMessage(has('Жетон 0123456'), 20_000);

    await cardWith(officer, caseCode, en('button-extend'));
    await officer.press(en('button-extend'));
    await officer.nextMessage(has(`Case ${caseCode}: why is more time needed?`));
    await officer.send('We need the CCTV footage from the post.');
    await officer.nextMessage(has('Extended to '), 15_000);
    await whistleblower.nextMessage(has(firstLine(stack, 'uk', 'notice-reporter-extended', { code: caseCode })), 20_000);

    await cardWith(officer, caseCode, en('button-decide'));
    await officer.press(en('button-decide'));
    await officer.nextMessage(has(`Case ${caseCode}: choose the outcome`));
    await officer.press(en('outcome-referred'));
    await officer.nextMessage(has(en('officer-choose-body')));
    await officer.press(en('body-nabu'));
    await officer.nextMessage(has(`Case ${caseCode}: write the summary`));
    await officer.send('The materials were sent to NABU for a criminal investigation.');
    await officer.nextMessage(has(`Confirm the decision on case ${caseCode}`));
    const confirmed = await officer.press(en('button-confirm-decision'));
    expect(confirmed.text).toBe(en('action-done-decide'));
    const outcome = await whistleblower.nextMessage(has('The materials were sent to NABU'), 20_000);
    expect(text(outcome)).toContain(stack.i18n.t('uk', 'outcome-referred'));
    expect(text(outcome)).toContain(stack.i18n.t('uk', 'body-nabu'));

    const [row] = await stack.database.db.select().from(reports).where(eq(reports.caseCode, caseCode));
    expect(row).toMatchObject({ status: 'decided', outcome: 'referred', referredTo: 'nabu' });
    expect(await auditActions(row!.id)).toEqual(expect.arrayContaining(['assigned', 'accepted', 'question-asked', 'message-answer', 'extended', 'decided']));
    // A press on the old card now: the case is closed, nothing changes.
    const stale = await officer.press(en('button-decide'), { messageId: card.message_id }).catch(() => null);
    if (stale) expect(stale.show_alert).toBe(true);
  });

  it('moves a declined case to the next reviewer and tells the supervisor the reason', async () => {
    const { user: first, officer: firstOfficer } = await stack.officer('reviewer', 'border', nextId++, 'en');
    const { user: second, officer: secondOfficer } = await stack.officer('reviewer', 'border', nextId++, 'en');
    const { user: supervisor } = await stack.officer('supervisor', 'border', nextId++, 'en');
    // Give the first reviewer the fewer cases, so the assignment order is known.
    await stack.database.db.update(officers).set({ createdAt: new Date('2020-01-01') }).where(eq(officers.id, firstOfficer.id));
    const seeded = await seedReport('border');
    await first.nextMessage(cardOf(seeded.caseCode), 20_000);
    const other = second;
    const otherOfficer = secondOfficer;
    const assigned = first;
    await assigned.press(en('button-decline'));
    await assigned.nextMessage(has(`Case ${seeded.caseCode}: describe the conflict of interest`));
    await assigned.send('The officer in the report is my brother-in-law.');
    await assigned.nextMessage(has(en('action-done-decline')), 15_000);
    await other.nextMessage(cardOf(seeded.caseCode), 20_000);
    await supervisor.nextMessage(has('brother-in-law'), 20_000);
    const [row] = await stack.database.db.select().from(reports).where(eq(reports.id, seeded.id));
    expect(row!.assigneeId).toBe(otherOfficer.id);
  });

  it("lets a supervisor reassign a case that nobody could take", async () => {
    const { user: supervisor } = await stack.officer('supervisor', 'guard', nextId++, 'en');
    const seeded = await seedReport('guard');
    const alert = await supervisor.nextMessage(has(`no reviewer is available`), 20_000);
    expect(buttons(alert).map((b) => b.text)).toContain(en('button-reassign'));
    const { user: reviewer, officer: reviewerOfficer } = await stack.officer('reviewer', 'guard', nextId++, 'en');
    await supervisor.press(en('button-reassign'), { messageId: alert.message_id });
    const choice = await supervisor.nextMessage(has(`Case ${seeded.caseCode}: who should review it?`));
    await supervisor.press((b) => b.text.startsWith('Officer'), { messageId: choice.message_id });
    await reviewer.nextMessage(cardOf(seeded.caseCode), 20_000);
    const [row] = await stack.database.db.select().from(reports).where(eq(reports.id, seeded.id));
    expect(row!.assigneeId).toBe(reviewerOfficer.id);
  });
});

describe('a reason typed across a restart', () => {
  it('is taken after the bot restarts between the press and the text', async () => {
    const { user: officer } = await stack.officer('reviewer', 'guard', nextId++, 'en');
    const seeded = await seedReport('guard');
    const card = await officer.nextMessage(cardOf(seeded.caseCode), 20_000);
    await officer.press(en('button-decline'), { messageId: card.message_id });
    await officer.nextMessage(has(`Case ${seeded.caseCode}: describe the conflict of interest`));
    // A deploy: the bot process goes away and comes back; the pending step lives in Postgres.
    await stack.stopBot();
    stack.startBot();
    await officer.send('I used to work with the officer named in this report.');
    await officer.nextMessage(has(en('action-done-decline')), 15_000);
    expect(await auditActions(seeded.id)).toContain('declined');
  });
});

describe('questions to a receipt-only whistleblower', () => {
  it('are read and answered after entering the receipt, from any account', async () => {
    const { user: officer } = await stack.officer('reviewer', 'migration', nextId++, 'en');
    const reporter = await stack.user(nextId++, 'uk');
    const { caseCode, receipt } = await fileReport(stack, reporter, { language: 'uk', mode: 'receipt_only', unit: 'migration', category: 'bribery', description: 'Працівник міграційної служби вимагав 500 доларів за паспорт без черги, 2 грудня.' });
    const card = await officer.nextMessage(cardOf(caseCode), 20_000);
    await officer.press(en('button-accept'), { messageId: card.message_id });
    await cardWith(officer, caseCode, en('button-requestInfo'));
    await officer.press(en('button-requestInfo'));
    await officer.nextMessage(has(`Case ${caseCode}: write your question`));
    await officer.send('Which office and which day exactly?');
    await officer.nextMessage(has(en('action-done-requestInfo')), 15_000);
    // The bot has no way to reach a receipt-only whistleblower: nothing arrives in their chat.
    await new Promise((r) => setTimeout(r, 1000));
    expect((await reporter.inbox()).some(has('Which office'))).toBe(false);

    const elsewhere = await stack.user(nextId++, 'uk');
    await elsewhere.send(`/status ${caseCode} ${receipt}`);
    const status = await elsewhere.nextMessage(has('Which office and which day exactly?'), 15_000);
    await elsewhere.press(stack.i18n.t('uk', 'button-answer'), { messageId: status.message_id });
    await elsewhere.nextMessage(has(firstLine(stack, 'uk', 'answer-prompt', { code: caseCode })));
    await elsewhere.send('Офіс на вул. Хрещатик, 10, 2 грудня о 10:00');
    await elsewhere.nextMessage(has(plain(stack, 'uk', 'answer-sent')));
    await officer.nextMessage(has('Хрещатик, 10'), 20_000);
    // A third account without the receipt cannot answer.
    const stranger = await stack.user(nextId++, 'en');
    await stranger.send('/start');
    const anyMessage = await stranger.nextMessage();
    const refused = await stack.fake.control.pressButton(stranger.id, anyMessage.message_id, buttons(status).find((b) => b.text === stack.i18n.t('uk', 'button-answer'))!.callback_data!, 10_000, true);
    expect(refused).toMatchObject({ show_alert: true, text: en('answer-not-allowed') });
  });
});

describe('presses that must change nothing', () => {
  it('refuses forged data, a foreign officer, a stale button and a double press, and audits each', async () => {
    const { user: officer, officer: officerRow } = await stack.officer('reviewer', 'emergency', nextId++, 'en');
    const { user: stranger } = await stack.officer('reviewer', 'ministry', nextId++, 'en');
    const whistleblower = await stack.user(nextId++, 'en');
    await whistleblower.send('/start');
    await whistleblower.nextMessage();
    const seeded = await seedReport('emergency');
    const card = await officer.nextMessage(cardOf(seeded.caseCode), 20_000);

    // Callback data that does not parse.
    const strangerMessage = (await stranger.inbox()).at(-1)!;
    const forged = await stack.fake.control.pressButton(stranger.id, strangerMessage.message_id, 'v1:c:a:not-a-report-id', 10_000, true);
    expect(forged).toMatchObject({ show_alert: true, text: en('rejection-forged') });
    // A valid button of someone else's case, from another unit's officer.
    const foreign = await stack.fake.control.pressButton(stranger.id, strangerMessage.message_id, caseData('accept', seeded.id), 10_000, true);
    expect(foreign).toMatchObject({ show_alert: true, text: en('rejection-not-your-case') });
    // A whistleblower pressing an officer's button.
    const outsider = await stack.fake.control.pressButton(whistleblower.id, (await whistleblower.inbox()).at(-1)!.message_id, caseData('decide', seeded.id), 10_000, true);
    expect(outsider).toMatchObject({ show_alert: true, text: en('rejection-not-an-officer') });

    // A double press of Accept: one acceptance.
    const accept = buttons(card).find((b) => b.text === en('button-accept'))!.callback_data!;
    const presses = await Promise.all([
      stack.fake.control.pressButton(officer.id, card.message_id, accept),
      stack.fake.control.pressButton(officer.id, card.message_id, accept),
    ]);
    expect(presses.filter((p) => p.text?.startsWith('Accepted'))).toHaveLength(1);
    expect(presses.find((p) => !p.text?.startsWith('Accepted'))).toMatchObject({ show_alert: true, text: en('rejection-already-accepted') });
    // The stale Accept button once more, from a client still showing the old keyboard.
    const stale = await stack.fake.control.pressButton(officer.id, card.message_id, accept, 10_000, true);
    expect(stale).toMatchObject({ show_alert: true, text: en('rejection-already-accepted') });

    const accepted = await stack.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.reportId, seeded.id), eq(auditLog.action, 'accepted')));
    expect(accepted).toHaveLength(1);
    expect(accepted[0]!.actorOfficerId).toBe(officerRow.id);
    const refused = (await stack.database.db.select().from(auditLog).where(eq(auditLog.action, 'button-refused'))).map((r) => (r.details as { reason: string }).reason);
    expect(refused).toEqual(expect.arrayContaining(['forged', 'not-your-case', 'not-an-officer', 'already-accepted']));
  });

  it('answers "not confirmed, try again" within the callback window when the worker is down', async () => {
    const { user: officer } = await stack.officer('reviewer', 'service-centres', nextId++, 'en');
    const seeded = await seedReport('service-centres');
    const card = await officer.nextMessage(cardOf(seeded.caseCode), 20_000);
    await stack.stopWorkers();
    try {
      const started = Date.now();
      const answer = await officer.press(en('button-accept'), { messageId: card.message_id, timeoutMs: 14_000 });
      expect(answer).toMatchObject({ show_alert: true, text: en('rejection-not-confirmed') });
      expect(Date.now() - started).toBeLessThan(14_000);
    } finally {
      await stack.startWorkers();
    }
  });
});

describe('my queue', () => {
  it("lists an officer's open cases by due date with the overdue ones marked, and opens each card", async () => {
    const { user: officer, officer: officerRow } = await stack.officer('reviewer', 'other', nextId++, 'en');
    const old = await seedReport('other', new Date(Date.now() - 20 * 24 * 3600_000));
    const fresh = await seedReport('other');
    await officer.nextMessage(cardOf(fresh.caseCode), 20_000);
    await officer.nextMessage(cardOf(old.caseCode), 20_000).catch(() => undefined);
    await stack.database.db.update(reports).set({ assigneeId: officerRow.id }).where(eq(reports.unit, 'other'));
    await officer.send('/queue');
    const queue = await officer.nextMessage(has('Open cases: 2'), 15_000);
    expect(text(queue)).toContain('(overdue: 1)');
    const labels = buttons(queue).map((b) => b.text);
    expect(labels[0]).toMatch(new RegExp(`^⚠️ ${old.caseCode}`));
    expect(labels[1]).toMatch(new RegExp(`^📁 ${fresh.caseCode}`));
    await officer.press(labels[1]!, { messageId: queue.message_id });
    await officer.nextMessage((m) => text(m).includes(`Report ${fresh.caseCode}`) && text(m).includes(DESCRIPTION.slice(0, 30)), 15_000);
    await officer.nextMessage(cardOf(fresh.caseCode), 15_000);
  });
});
