// A whistleblower walking through the report dialog, pressing the buttons a person would see in
// their language, and reading what the bot answers.
import { readFileSync } from 'node:fs';
import { LOCALES_DIR } from '../../lib/i18n.js';
import type { InboxMessage } from '../fake-telegram/types.js';
import type { TelegramUser } from '../fake-telegram/client.js';
import type { Stack } from './stack.js';

export interface ReportAnswers {
  language: 'uk' | 'en';
  mode: 'named' | 'confidential' | 'receipt_only';
  contact?: string;
  unit: string;
  category: string;
  description: string;
  whenWhere?: string;
  people?: string;
  files?: { kind: 'photo' | 'document'; bytes: Buffer; name?: string; mime?: string }[];
}

export const text = (m: InboxMessage) => m.text ?? m.caption ?? '';
export const has = (fragment: string) => (m: InboxMessage) => text(m).includes(fragment);

/** The translated text of a key with its HTML tags removed, as the fake shows messages. */
export function plain(stack: Stack, language: string, key: string, args: Record<string, string | number | Date> = {}): string {
  return stack.i18n.t(language, key, args).replace(/<[^>]+>/g, '');
}

const UNKNOWN = '\u0000';
const VARIABLES = [...new Set([...readFileSync(`${LOCALES_DIR}en.ftl`, 'utf8').matchAll(/\$([a-zA-Z]+)/g)].map((m) => m[1]!))];

/**
 * The first line of a translated message up to its first value not given in `args`: enough to
 * recognise the message without knowing every value in it.
 */
export function firstLine(stack: Stack, language: string, key: string, args: Record<string, string | number | Date> = {}): string {
  const all = { ...Object.fromEntries(VARIABLES.map((v) => [v, UNKNOWN])), ...args };
  return plain(stack, language, key, all).split('\n')[0]!.split(UNKNOWN)[0]!;
}

/** Walks the dialog up to the summary and returns the summary message, Submit not pressed yet. */
export async function walkToReview(stack: Stack, user: TelegramUser, answers: ReportAnswers): Promise<InboxMessage> {
  const t = (key: string, args: Record<string, string | number> = {}) => stack.i18n.t(answers.language, key, args);
  const step = (key: string) => user.nextMessage(has(firstLine(stack, answers.language, key, { min: 40, max: 10, mb: 20 })), 15_000);
  await user.send('/report');
  await step('report-step-anonymity');
  await user.press(t(`anonymity-${answers.mode}`));
  if (answers.mode === 'named') {
    await step('report-step-contact');
    await user.send(answers.contact ?? 'Olena, +380501234567');
  }
  await step('report-step-unit');
  await user.press(t(`unit-${answers.unit}`));
  await step('report-step-category');
  await user.press(t(`category-${answers.category}`));
  await step('report-step-description');
  await user.send(answers.description);
  await step('report-step-when-where');
  if (answers.whenWhere) await user.send(answers.whenWhere);
  else await user.press(t('report-skip'));
  await step('report-step-people');
  if (answers.people) await user.send(answers.people);
  else await user.press(t('report-skip'));
  await step('report-step-evidence');
  for (const [index, file] of (answers.files ?? []).entries()) {
    if (file.kind === 'photo') await user.sendPhoto(file.bytes);
    else await user.sendDocument(file.bytes, file.name ?? 'evidence.pdf', file.mime ?? 'application/pdf');
    const answer = await user.nextMessage((m) => has(firstLine(stack, answers.language, 'report-file-added', { n: index + 1, max: 10 }))(m) || has(firstLine(stack, answers.language, 'report-file-metadata-warning'))(m), 15_000);
    if (text(answer).includes(firstLine(stack, answers.language, 'report-file-metadata-warning'))) {
      await user.press(t('report-file-keep'));
      await user.nextMessage(has(firstLine(stack, answers.language, 'report-file-added', { n: index + 1, max: 10 })), 15_000);
    }
  }
  await user.press(t(answers.files?.length ? 'report-evidence-done' : 'report-evidence-none'));
  return user.nextMessage(has(firstLine(stack, answers.language, 'report-review')), 15_000);
}

export async function fileReport(stack: Stack, user: TelegramUser, answers: ReportAnswers): Promise<{ caseCode: string; receipt: string; messages: InboxMessage[] }> {
  await walkToReview(stack, user, answers);
  await user.press(stack.i18n.t(answers.language, 'report-submit'));
  const submitted = await user.nextMessage((m) => /AC-[0-9A-Z]{4}-[0-9A-Z]{4}/.test(text(m)) && text(m).includes('✅'), 30_000);
  const caseCode = /AC-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(text(submitted))![0];
  const receiptMessage = await received(user, (m) => /[0-9A-Z]{4}(-[0-9A-Z]{4}){4}/.test(text(m)), 15_000);
  const receipt = /[0-9A-Z]{4}(-[0-9A-Z]{4}){4}/.exec(text(receiptMessage))![0];
  return { caseCode, receipt, messages: [submitted, receiptMessage] };
}

/** A small JPEG whose EXIF carries a GPS position, as phones write it. */
export function jpegWithGps(): Buffer {
  const exif = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), Buffer.from('GPSLatitude 50.4501 N GPSLongitude 30.5234 E', 'latin1')]);
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1]), u16(exif.length + 2), exif]);
  const app0 = Buffer.from('ffe000104a46494600010100000100010000', 'hex');
  const dqt = Buffer.concat([Buffer.from([0xff, 0xdb]), u16(67), Buffer.from([0]), Buffer.alloc(64, 1)]);
  const sof = Buffer.from('ffc0000b080001000101011100', 'hex');
  const dht = Buffer.concat([Buffer.from([0xff, 0xc4]), u16(20), Buffer.from([0x00]), Buffer.from([1, ...Array(15).fill(0)]), Buffer.from([0])]);
  const sos = Buffer.from('ffda0008010100003f00', 'hex');
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, app1, dqt, sof, dht, sos, Buffer.from([0x00, 0x3f, 0x00]), Buffer.from([0xff, 0xd9])]);
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}

/**
 * Waits until the chat holds a matching message, whenever it arrived. Unlike nextMessage, it also
 * finds a message that came earlier than one awaited before it: notices from the workflow and
 * replies of the bot race each other.
 */
export async function received(user: TelegramUser, predicate: (m: InboxMessage) => boolean, timeoutMs = 20_000): Promise<InboxMessage> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await user.inbox()).find(predicate);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`user ${user.id}: no matching message within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
