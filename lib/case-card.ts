// The case card an officer sees, from a notification or from "my queue": facts, due dates, phase,
// and only the buttons the rules allow this officer now. Never anything that identifies the
// whistleblower: the card is built from case facts, the report text and the relay thread only.
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import { actionsFor, type Action } from '../workflows/rules.js';
import type { Actor, Phase } from '../workflows/messages.js';
import { dueDates, type ReviewPolicy } from '../workflows/policy.js';
import { caseData, type CaseAction } from './callback-data.js';
import type { Translate } from './i18n.js';
import { chunkText, escapeHtml } from './telegram-text.js';

export interface CardFacts {
  id: string;
  caseCode: string;
  unit: string;
  category: string;
  receivedAt: Date;
  reviewDueAt: Date;
  extendedDueAt: Date | null;
  outcome?: string | null;
  referredTo?: string | null;
}

/**
 * The final due date of a case: as extended, or the latest an extension could set. The policy is
 * the configured one, which matches the case's own unless the configuration changed since it began.
 */
export function finalDueAtOf(facts: Pick<CardFacts, 'extendedDueAt' | 'receivedAt'>, policy: ReviewPolicy): Date {
  return facts.extendedDueAt ?? new Date(dueDates(policy, facts.receivedAt.getTime()).finalDueAt);
}

export interface CardState {
  phase: Phase;
  assigneeId: string | null;
  extended: boolean;
  /** The final due date if the case were extended, or as extended. */
  finalDueAt: Date;
}

export interface CardExtras {
  /** A first line saying why the card arrives now (assigned, reminder, escalation…). */
  headline?: string;
  assigneeName?: string | null;
  evidenceCount?: number;
  messageCount?: number;
}

const BUTTON_ORDER: Action[] = ['accept', 'decline', 'requestInfo', 'extend', 'decide', 'reassign'];

export function caseKeyboard(t: Translate, facts: Pick<CardFacts, 'id' | 'unit'>, viewer: Actor, state: CardState): InlineKeyboardMarkup {
  const reportId = facts.id;
  const allowed = new Set(actionsFor(viewer, { state, unit: facts.unit, now: Date.now(), finalDueAt: state.finalDueAt.getTime() }));
  const rows: InlineKeyboardButton[][] = [];
  const buttons = BUTTON_ORDER.filter((action) => allowed.has(action)).map((action) => ({
    text: t(`button-${action}`),
    callback_data: caseData(action as CaseAction, reportId),
  }));
  for (let i = 0; i < buttons.length; i += 2) rows.push(buttons.slice(i, i + 2));
  rows.push([{ text: t('button-refresh'), callback_data: caseData('open', reportId) }]);
  return { inline_keyboard: rows };
}

export function caseCardText(t: Translate, facts: CardFacts, state: CardState, extras: CardExtras = {}): string {
  const lines: string[] = [];
  // Headlines come from the locale files with user-given parts already escaped.
  if (extras.headline) lines.push(`<b>${extras.headline}</b>`, "");
  lines.push(t('card-title', { code: facts.caseCode }));
  lines.push(t('card-unit', { unit: t(`unit-${facts.unit}`), category: t(`category-${facts.category}`) }));
  lines.push(t('card-received', { date: facts.receivedAt }));
  if (state.extended) {
    lines.push(t('card-due-extended', { date: facts.extendedDueAt ?? state.finalDueAt, original: facts.reviewDueAt }));
  } else {
    lines.push(t('card-due', { date: facts.reviewDueAt, final: state.finalDueAt }));
  }
  const overdue = state.phase !== 'decided' && Date.now() > (state.extended ? state.finalDueAt : facts.reviewDueAt).getTime();
  lines.push(t('card-phase', { phase: t(`phase-${state.phase}`) }) + (overdue ? ` ${t('card-overdue-mark')}` : ''));
  if (extras.assigneeName) lines.push(t('card-assignee', { name: escapeHtml(extras.assigneeName) }));
  if (extras.evidenceCount !== undefined || extras.messageCount !== undefined) {
    lines.push(t('card-counts', { files: extras.evidenceCount ?? 0, messages: extras.messageCount ?? 0 }));
  }
  if (state.phase === 'decided' && facts.outcome) {
    lines.push(t('card-outcome', { outcome: t(`outcome-${facts.outcome}`) }));
    if (facts.referredTo) lines.push(t('card-referred', { body: t(`body-${facts.referredTo}`) }));
  }
  return lines.join('\n');
}

export interface ReportContent {
  caseCode: string;
  description: string;
  whenWhere: string | null;
  people: string | null;
  thread: { kind: string; body: string | null; createdAt: Date }[];
}

/** The report's own words and the relay thread, escaped and split to fit Telegram messages. */
export function reportContentMessages(t: Translate, content: ReportContent): string[] {
  const sections = [`${t('content-description')}\n${content.description}`];
  if (content.whenWhere) sections.push(`${t('content-when-where')}\n${content.whenWhere}`);
  if (content.people) sections.push(`${t('content-people')}\n${content.people}`);
  for (const entry of content.thread) {
    const label = entry.kind === 'question' ? t('content-question') : t('content-answer');
    sections.push(`${label}\n${entry.body ?? t('content-files-only')}`);
  }
  const chunks = chunkText(sections.join('\n\n')).map(escapeHtml);
  // The header is HTML from the locale files; only the report's own words are escaped.
  chunks[0] = `${t('content-header', { code: content.caseCode })}\n\n${chunks[0] ?? ''}`;
  return chunks;
}
