// A whistleblower files reports through the real bot over HTTP (fake Bot API), with real
// Postgres and the Temporal dev server behind it.
import { eq } from 'drizzle-orm';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import app from '../../api/app.js';
import { WEBHOOK_PATH } from '../../api/routes/webhook.js';
import { readAttachment, readReport } from '../../db/repositories/reports.js';
import { attachments, reports } from '../../db/schema.js';
import { statusQuery, workflowIdFor } from '../../workflows/messages.js';
import { createBot } from '../../bot/create-bot.js';
import { PUBLIC_COMMANDS, registerCommands } from '../../bot/commands.js';
import { fileReport, firstLine, has, jpegWithGps, plain, received, text, walkToReview } from '../helpers/dialog.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { buttons } from '../fake-telegram/client.js';

let stack: Stack;

/** Waits for the next window when fewer than `needMs` are left in the current fixed window. */
async function awayFromWindowEdge(windowMs: number, needMs: number): Promise<void> {
  const left = windowMs - (Date.now() % windowMs);
  if (left < needMs) await new Promise((r) => setTimeout(r, left + 50));
}
let nextUserId = 100_000;
const newUser = (language = 'uk') => stack.user(nextUserId++, language);

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});

const DESCRIPTION_UK = 'Інспектор патрульної поліції на посту біля Житомира вимагав 2000 гривень, щоб не складати протокол.';
const DESCRIPTION_EN = 'The head of the passport office demanded 300 dollars to issue a passport without the queue on 1 December.';

async function reportRow(caseCode: string) {
  const [row] = await stack.database.db.select().from(reports).where(eq(reports.caseCode, caseCode));
  return row!;
}

describe('filing a report', () => {
  it('works in Ukrainian with a photo and a document, strips GPS from the photo and starts the review', async () => {
    const user = await newUser('uk');
    const photo = jpegWithGps();
    const pdf = Buffer.from('%PDF-1.4 evidence of the bribe', 'latin1');
    const { caseCode, receipt } = await fileReport(stack, user, {
      language: 'uk',
      mode: 'confidential',
      unit: 'police',
      category: 'bribery',
      description: DESCRIPTION_UK,
      whenWhere: '1 грудня, траса М-06',
      files: [
        { kind: 'photo', bytes: photo },
        { kind: 'document', bytes: pdf, name: 'scan.pdf', mime: 'application/pdf' },
      ],
    });
    expect(receipt).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    const row = await reportRow(caseCode);
    expect(row).toMatchObject({ anonymity: 'confidential', unit: 'police', category: 'bribery', language: 'uk' });
    const view = await readReport(stack.database.db, stack.vault, row.id);
    expect(view?.description).toBe(DESCRIPTION_UK);
    expect(view?.whenWhere).toBe('1 грудня, траса М-06');
    expect(view?.people).toBeNull();
    expect(view?.attachments.map((a) => [a.kind, a.metadataStripped])).toEqual([
      ['photo', true],
      ['document', false],
    ]);
    const storedPhoto = await readAttachment(stack.database.db, stack.vault, view!.attachments[0]!.id);
    expect(storedPhoto!.data.includes(Buffer.from('GPSLatitude'))).toBe(false);
    expect(storedPhoto!.data.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    const storedPdf = await readAttachment(stack.database.db, stack.vault, view!.attachments[1]!.id);
    expect(storedPdf!.data).toEqual(pdf);

    // The review runs, and the whistleblower hears the legal due date from it.
    await received(user, has(firstLine(stack, 'uk', 'notice-reporter-received', { code: caseCode, date: view!.reviewDueAt })));
    const status = await stack.temporal.workflow.getHandle(workflowIdFor(row.id)).query(statusQuery);
    expect(status).toMatchObject({ reportId: row.id, phase: 'unassigned', extended: false });
    expect(new Date(status.reviewDueAt).getTime()).toBe(row.receivedAt.getTime() + 15 * 24 * 3600_000);
    // Every message to the whistleblower is protected from forwarding and saving.
    expect((await user.inbox()).every((m) => m.protect_content === true)).toBe(true);
  });

  it('works in English in named mode, keeping the contact encrypted', async () => {
    const user = await newUser('en');
    const { caseCode } = await fileReport(stack, user, {
      language: 'en',
      mode: 'named',
      contact: 'Olena Koval, +380501234567',
      unit: 'migration',
      category: 'abuse-of-office',
      description: DESCRIPTION_EN,
      people: 'Deputy head of the office, room 12',
    });
    const row = await reportRow(caseCode);
    const view = await readReport(stack.database.db, stack.vault, row.id);
    expect(view).toMatchObject({ anonymity: 'named', contact: 'Olena Koval, +380501234567', people: 'Deputy head of the office, room 12', language: 'en' });
    expect(row.contactEnc!.includes(Buffer.from('+380501234567'))).toBe(false);
    await received(user, has(firstLine(stack, 'en', 'notice-reporter-received', { code: caseCode, date: row.reviewDueAt })));
  });

  it('resumes a half-written report at the same step after the bot restarts', async () => {
    const user = await newUser('uk');
    await user.send('/report');
    await user.nextMessage(has(firstLine(stack, 'uk', 'report-step-anonymity')));
    await user.press(stack.i18n.t('uk', 'anonymity-confidential'));
    await user.nextMessage(has(firstLine(stack, 'uk', 'report-step-unit')));
    await user.press(stack.i18n.t('uk', 'unit-border'));
    await user.nextMessage(has(firstLine(stack, 'uk', 'report-step-category')));

    await stack.stopBot();
    const restarted = createBot(
      { db: stack.database.db, vault: stack.vault, i18n: stack.i18n, temporal: stack.temporal, logger: stack.logger, config: stack.config, downloadFile: async () => Buffer.alloc(0) },
      { token: stack.fake.token, apiRoot: stack.fake.url, botInfo: stack.fake.botInfo },
    );
    const polling = restarted.start({ allowed_updates: ['message', 'callback_query'] });
    try {
      await user.press(stack.i18n.t('uk', 'category-procurement'));
      await user.nextMessage(has(firstLine(stack, 'uk', 'report-step-description', { min: 40 })));
      await user.send('/report');
      await user.nextMessage(has(plain(stack, 'uk', 'report-resume-offer')));
      await user.press(stack.i18n.t('uk', 'report-resume'));
      await user.nextMessage(has(firstLine(stack, 'uk', 'report-step-description', { min: 40 })));
    } finally {
      await restarted.stop();
      await polling;
      stack.startBot();
    }
  });
});

describe('wrong input at each step gets a hint, never an error', () => {
  it('answers stickers, stray text, short and long texts, early files, bad files and stale buttons', async () => {
    const user = await newUser('en');
    const t = (key: string, args: Record<string, string | number> = {}) => plain(stack, 'en', key, args);
    await user.send('/report');
    await user.nextMessage(has(firstLine(stack, 'en', 'report-step-anonymity')));
    // anonymity: a sticker, then text instead of a button
    await user.sendSticker();
    await user.nextMessage(has(t('report-wrong-kind')));
    await user.send('confidential please');
    await user.nextMessage(has(t('report-use-buttons')));
    await user.press(stack.i18n.t('en', 'anonymity-confidential'));
    // unit: text instead of a choice, then a photo
    await user.nextMessage(has(firstLine(stack, 'en', 'report-step-unit')));
    await user.send('the police');
    await user.nextMessage(has(t('report-use-buttons')));
    await user.sendPhoto(jpegWithGps());
    await user.nextMessage(has(t('report-file-not-now')));
    // a stale button from the anonymity step
    const stale = await user.press(stack.i18n.t('en', 'anonymity-named'));
    expect(stale.text).toBe(t('report-stale-button'));
    await user.press(stack.i18n.t('en', 'unit-police'));
    await user.nextMessage(has(firstLine(stack, 'en', 'report-step-category')));
    await user.press(stack.i18n.t('en', 'category-bribery'));
    // description: too short, too long, a voice message
    await user.nextMessage(has(firstLine(stack, 'en', 'report-step-description', { min: 40 })));
    await user.send('bribe');
    await user.nextMessage(has('That is only 5 characters'));
    await user.send('x'.repeat(3600));
    await user.nextMessage(has('That is 3,600 characters'));
    await user.sendVoice(Buffer.from('OggS voice'));
    await user.nextMessage(has(t('report-file-not-now')));
    await user.send(DESCRIPTION_EN);
    await user.nextMessage(has(firstLine(stack, 'en', 'report-step-when-where')));
    await user.sendLocation(50.45, 30.52);
    await user.nextMessage(has(t('report-wrong-kind')));
    await user.press(stack.i18n.t('en', 'report-skip'));
    await user.nextMessage(has(firstLine(stack, 'en', 'report-step-people')));
    await user.press(stack.i18n.t('en', 'report-skip'));
    // evidence: text, a sticker, an executable, a document whose metadata cannot be removed
    await user.nextMessage(has(firstLine(stack, 'en', 'report-step-evidence', { max: 10, mb: 20 })));
    await user.send('here is my evidence');
    await user.nextMessage(has(t('report-evidence-text-hint')));
    await user.sendSticker();
    await user.nextMessage(has(t('report-evidence-unsupported')));
    await user.sendDocument(Buffer.from('MZ...'), 'payload.exe', 'application/x-msdownload');
    await user.nextMessage(has('Files of type application/x-msdownload cannot be accepted'));
    await user.sendDocument(Buffer.from('PK docx'), 'contract.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    await user.nextMessage(has(firstLine(stack, 'en', 'report-file-metadata-warning')));
    await user.sendPhoto(jpegWithGps());
    await user.nextMessage(has(t('report-file-decide-first')));
    await user.press(stack.i18n.t('en', 'report-file-drop'));
    await user.nextMessage(has(t('report-file-dropped')));
    // /cancel asks before discarding; "no" keeps the draft, "yes" deletes it
    await user.send('/cancel');
    await user.nextMessage(has(t('report-discard-confirm')));
    await user.press(stack.i18n.t('en', 'report-discard-no'));
    await user.nextMessage(has(firstLine(stack, 'en', 'report-step-evidence', { max: 10, mb: 20 })));
    await user.send('/cancel');
    await user.press(stack.i18n.t('en', 'report-discard-yes'));
    await user.nextMessage(has(t('report-discarded')));
    const afterDiscard = await user.press(stack.i18n.t('en', 'report-evidence-none'));
    expect(afterDiscard).toMatchObject({ text: t('report-no-draft'), show_alert: true });
    expect(stack.logLines.filter((line) => line.includes('"level":50'))).toEqual([]);
  });

  it('refuses a contact that is no contact, and lets any step be changed from the summary', async () => {
    const user = await newUser('en');
    const t = (key: string) => stack.i18n.t('en', key);
    await user.send('/report');
    await user.nextMessage(has(firstLine(stack, 'en', 'report-step-anonymity')));
    await user.press(t('anonymity-named'));
    await user.nextMessage(has(firstLine(stack, 'en', 'report-step-contact')));
    await user.send('x');
    await user.nextMessage(has(plain(stack, 'en', 'report-contact-invalid', { max: 300 })));
    await user.send('Olena Koval, olena@example.org');
    await user.nextMessage(has(firstLine(stack, 'en', 'report-step-unit')));
    await user.press(t('unit-police'));
    await user.nextMessage(has(firstLine(stack, 'en', 'report-step-category')));
    await user.send('bribery');
    await user.nextMessage(has(t('report-use-buttons')));
    await user.press(t('category-bribery'));
    await user.nextMessage(has(firstLine(stack, 'en', 'report-step-description', { min: 40 })));
    await user.send(DESCRIPTION_EN);
    await user.nextMessage(has(firstLine(stack, 'en', 'report-step-when-where')));
    await user.press(t('report-skip'));
    await user.nextMessage(has(firstLine(stack, 'en', 'report-step-people')));
    await user.press(t('report-skip'));
    await user.nextMessage(has(firstLine(stack, 'en', 'report-step-evidence', { max: 10, mb: 20 })));
    await user.press(t('report-evidence-none'));
    await user.nextMessage(has(firstLine(stack, 'en', 'report-review')));
    await user.press(t('report-edit'));
    await user.nextMessage(has(t('report-edit-which')));
    await user.press(t('report-edit-description'));
    await user.nextMessage(has(firstLine(stack, 'en', 'report-step-description', { min: 40 })));
    const corrected = 'Corrected: the deputy head of the passport office demanded 300 dollars on 2 December.';
    await user.send(corrected);
    // Straight back to the summary, with the new text and the rest kept.
    const review = await user.nextMessage(has(firstLine(stack, 'en', 'report-review')));
    expect(text(review)).toContain(corrected);
    expect(text(review)).toContain('olena@example.org');
    expect(text(review)).toContain(plain(stack, 'en', 'unit-police'));
  });

  it('refuses a file over the size limit, and files beyond the number allowed', async () => {
    const small = await startStack({ env: { MAX_ATTACHMENT_BYTES: '1024', MAX_ATTACHMENTS: '1' } });
    try {
      const user = await small.user(nextUserId++, 'en');
      await user.send('/report');
      await user.nextMessage(has(firstLine(small, 'en', 'report-step-anonymity')));
      for (const [label, step] of [
        ['anonymity-receipt_only', 'report-step-unit'],
        ['unit-other', 'report-step-category'],
        ['category-other', 'report-step-description'],
      ] as const) {
        await user.press(small.i18n.t('en', label));
        await user.nextMessage(has(firstLine(small, 'en', step, { min: 40 })));
      }
      await user.send(DESCRIPTION_EN);
      await user.nextMessage(has(firstLine(small, 'en', 'report-step-when-where')));
      await user.press(small.i18n.t('en', 'report-skip'));
      await user.nextMessage(has(firstLine(small, 'en', 'report-step-people')));
      await user.press(small.i18n.t('en', 'report-skip'));
      await user.nextMessage(has(firstLine(small, 'en', 'report-step-evidence', { max: 1, mb: 0 })));
      await user.sendDocument(Buffer.alloc(4096, 1), 'big.pdf', 'application/pdf');
      await user.nextMessage(has('This file is too large: the limit is 0 MB'));
      await user.sendPhoto(jpegWithGps());
      await user.nextMessage(has(firstLine(small, 'en', 'report-file-added', { n: 1, max: 1 })));
      await user.sendPhoto(jpegWithGps());
      await user.nextMessage(has(plain(small, 'en', 'report-file-too-many', { max: 1 })));
    } finally {
      await small.close();
    }
  });
});

describe('submitting', () => {
  it('creates one report when Submit is pressed twice', async () => {
    const user = await newUser('en');
    const t = (key: string) => stack.i18n.t('en', key);
    const review = await walkToReview(stack, user, { language: 'en', mode: 'confidential', unit: 'guard', category: 'misuse-of-funds', description: DESCRIPTION_EN });
    const submit = buttons(review).find((b) => b.text === t('report-submit'))!;
    const [first, second] = await Promise.all([
      stack.fake.control.pressButton(user.id, review.message_id, submit.callback_data!),
      stack.fake.control.pressButton(user.id, review.message_id, submit.callback_data!),
    ]);
    await user.nextMessage(has('✅'), 30_000);
    const rows = await stack.database.db.select({ id: reports.id, caseCode: reports.caseCode }).from(reports).where(eq(reports.unit, 'guard'));
    expect(rows).toHaveLength(1);
    const answers = [first, second].map((a) => a.text ?? '');
    expect(answers.some((a) => a.includes(rows[0]!.caseCode))).toBe(true);
  });

  it('keeps no link to the account in receipt-only mode, and opens the case from another account with the receipt', async () => {
    const user = await newUser('uk');
    const { caseCode, receipt } = await fileReport(stack, user, { language: 'uk', mode: 'receipt_only', unit: 'emergency', category: 'procurement', description: DESCRIPTION_UK });
    const row = await reportRow(caseCode);
    expect(row.reporterHash).toBeNull();
    expect(row.reporterChatEnc).toBeNull();
    expect(text((await user.inbox()).find((m) => text(m).includes(receipt))!)).toContain(plain(stack, 'uk', 'report-receipt-only', { code: caseCode, receipt }).split('\n')[1]!.slice(0, 20));

    const other = await newUser('en');
    await other.send('/status');
    await other.nextMessage(has(plain(stack, 'en', 'status-ask-code')));
    await other.send(caseCode.toLowerCase().replace(/-/g, ' '));
    await other.nextMessage(has(plain(stack, 'en', 'status-ask-receipt')));
    await other.send(receipt.replace(/-/g, ''));
    const status = await other.nextMessage(has(`Case ${caseCode}`));
    expect(text(status)).toContain(plain(stack, 'en', 'reporter-phase-unassigned'));

    const stranger = await newUser('en');
    await stranger.send(`/status ${caseCode} ${'A'.repeat(20)}`);
    await stranger.nextMessage(has(plain(stack, 'en', 'status-not-recognised')));
    await stranger.send('/my');
    await stranger.nextMessage(has(plain(stack, 'en', 'my-reports-empty')));
  });

  it('lists the reports of a confidential whistleblower under /my', async () => {
    const user = await newUser('en');
    const { caseCode } = await fileReport(stack, user, { language: 'en', mode: 'confidential', unit: 'ministry', category: 'conflict-of-interest', description: DESCRIPTION_EN });
    await user.send('/my');
    const list = await user.nextMessage(has('Your reports (1)'));
    expect(text(list)).toContain(caseCode);
    await user.press(caseCode);
    await user.nextMessage(has(`Case ${caseCode}`));
  });
});

describe('protection', () => {
  it('rate-limits a flood of messages from one user with one polite answer', async () => {
    const strict = await startStack({ env: { MESSAGES_PER_MINUTE: '5' } });
    try {
      const user = await strict.user(nextUserId++, 'en');
      const other = await strict.user(nextUserId++, 'en');
      // Limits count in fixed windows (a minute here): start the flood well inside one.
      await awayFromWindowEdge(60_000, 20_000);
      for (let i = 0; i < 12; i += 1) await user.send(`hello ${i}`);
      await user.nextMessage(has('You are sending messages too fast'), 20_000);
      await new Promise((r) => setTimeout(r, 1000));
      const inbox = await user.inbox();
      expect(inbox.filter(has('You are sending messages too fast'))).toHaveLength(1);
      // Five messages were answered (hint and menu each), the rest dropped.
      expect(inbox.filter(has(plain(strict, 'en', 'unhandled-hint')))).toHaveLength(5);
      // Someone else is not slowed down by the flood.
      await other.send('/about');
      await other.nextMessage(has(firstLine(strict, 'en', 'about-text')));
    } finally {
      await strict.close();
    }
  });

  it('limits how many reports one person files a day, receipt-only ones included', async () => {
    const strict = await startStack({ env: { REPORTS_PER_DAY: '1' } });
    try {
      const user = await strict.user(nextUserId++, 'en');
      await awayFromWindowEdge(24 * 3600_000, 120_000);
      await fileReport(strict, user, { language: 'en', mode: 'receipt_only', unit: 'police', category: 'other', description: DESCRIPTION_EN });
      // The second one: the whole dialog, then Submit is refused with a polite answer.
      await walkToReview(strict, user, { language: 'en', mode: 'confidential', unit: 'police', category: 'other', description: DESCRIPTION_EN });
      await user.press(strict.i18n.t('en', 'report-submit'));
      await user.nextMessage(has('You have sent many reports today'), 15_000);
      const rows = await strict.database.db.select({ id: reports.id }).from(reports);
      expect(rows).toHaveLength(1);
    } finally {
      await strict.close();
    }
  });

  it('keeps report text and user ids out of the logs', async () => {
    const joined = stack.logLines.join('\n');
    expect(joined).not.toContain(DESCRIPTION_UK);
    expect(joined).not.toContain(DESCRIPTION_EN);
    expect(joined).not.toContain('+380501234567');
    expect(joined).not.toMatch(/"(chat|from)":\{"id"/);
  });

  it('serves the webhook only with the secret token and ignores a redelivered update', async () => {
    const secretToken = 'webhook-secret-token-1234';
    // A second bot instance: grammY refuses a webhook on a bot that is long-polling.
    const webhookBot = createBot(
      { db: stack.database.db, vault: stack.vault, i18n: stack.i18n, temporal: stack.temporal, logger: stack.logger, config: stack.config, downloadFile: async () => Buffer.alloc(0) },
      { token: stack.fake.token, apiRoot: stack.fake.url, botInfo: stack.fake.botInfo },
    );
    const fastify = Fastify();
    const delivered: unknown[] = [];
    fastify.addHook('preHandler', async (request) => {
      if (request.url === WEBHOOK_PATH) delivered.push(request.body);
    });
    await fastify.register(app, {
      deps: { config: stack.config, db: stack.database.db, vault: stack.vault, temporal: stack.temporal },
      routes: { webhook: { bot: webhookBot, secretToken } },
    });
    const address = await fastify.listen({ port: 0, host: '127.0.0.1' });
    await stack.stopBot();
    try {
      await webhookBot.api.setWebhook(`${address}${WEBHOOK_PATH}`, { secret_token: secretToken });
      const user = await newUser('en');
      await user.send('/about');
      await user.nextMessage(has(firstLine(stack, 'en', 'about-text')), 15_000);
      expect(delivered).toHaveLength(1);

      // Telegram redelivers what it thinks failed: the same update id is answered and ignored.
      const again = await fastify.inject({ method: 'POST', url: WEBHOOK_PATH, headers: { 'x-telegram-bot-api-secret-token': secretToken }, payload: delivered[0] as object });
      expect(again.json()).toEqual({ ok: true, duplicate: true });
      // Without the secret, or with a wrong one, nothing is handled.
      const forged = { ...(delivered[0] as object), update_id: 1 };
      expect((await fastify.inject({ method: 'POST', url: WEBHOOK_PATH, payload: forged })).statusCode).toBe(401);
      expect((await fastify.inject({ method: 'POST', url: WEBHOOK_PATH, headers: { 'x-telegram-bot-api-secret-token': 'wrong-secret-token-0000' }, payload: forged })).statusCode).toBe(401);
      expect((await fastify.inject({ method: 'POST', url: WEBHOOK_PATH, headers: { 'x-telegram-bot-api-secret-token': secretToken }, payload: { hello: 'world' } })).statusCode).toBe(400);
      await new Promise((r) => setTimeout(r, 500));
      expect((await user.inbox()).filter(has(firstLine(stack, 'en', 'about-text')))).toHaveLength(1);
    } finally {
      await webhookBot.api.deleteWebhook();
      await fastify.close();
      stack.startBot();
    }
  });
});

describe('the command menu', () => {
  it('is registered in Ukrainian (also the default) and English', async () => {
    await registerCommands(stack.bot.api, stack.i18n);
    const uk = await stack.bot.api.getMyCommands({ language_code: 'uk' });
    const en = await stack.bot.api.getMyCommands({ language_code: 'en' });
    const fallback = await stack.bot.api.getMyCommands();
    expect(uk.map((c) => c.command)).toEqual([...PUBLIC_COMMANDS]);
    expect(en.find((c) => c.command === 'report')?.description).toBe(stack.i18n.t('en', 'command-report'));
    expect(uk.find((c) => c.command === 'report')?.description).toBe(stack.i18n.t('uk', 'command-report'));
    expect(fallback).toEqual(uk);
  });
});

describe('the workflow and the database agree', () => {
  it('keeps report text out of Temporal: the workflow input holds ids and the policy only', async () => {
    const user = await newUser('en');
    const { caseCode } = await fileReport(stack, user, { language: 'en', mode: 'confidential', unit: 'police', category: 'other', description: DESCRIPTION_EN });
    const row = await reportRow(caseCode);
    const history = await stack.temporal.workflow.getHandle(workflowIdFor(row.id)).fetchHistory();
    const raw = JSON.stringify(history);
    expect(raw).not.toContain('passport');
    expect(raw).not.toContain(String(user.id));
    const [files] = await stack.database.db.select({ n: attachments.id }).from(attachments).where(eq(attachments.reportId, row.id));
    expect(files).toBeUndefined();
  });
});
