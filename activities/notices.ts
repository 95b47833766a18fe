// What each party is told, and in which words. A notice is a list of Telegram messages for one
// recipient, rendered in the recipient's language from the locale files.
import type { InlineKeyboardMarkup } from 'grammy/types';
import { menuData, packId } from '../lib/callback-data.js';
import { caseCardText, caseKeyboard, reportContentMessages, type CardFacts, type CardState } from '../lib/case-card.js';
import type { Translate } from '../lib/i18n.js';
import { escapeHtml } from '../lib/telegram-text.js';
import type { Actor, Phase } from '../workflows/messages.js';
import type { Outgoing } from './telegram.js';

export type ReporterNotice = 'received' | 'extended' | 'question' | 'decided';
export type OfficerNotice =
  | 'assigned'
  | 'case-moved-away'
  | 'reminder'
  | 'decide-or-extend'
  | 'auto-extended'
  | 'escalated-overdue'
  | 'overdue-repeat'
  | 'reporter-replied'
  | 'decided-by-lead'
  | 'nobody-available'
  | 'officer-declined'
  | 'officer-no-answer'
  | 'escalated-auto-extended';
export type NoticeKind = ReporterNotice | OfficerNotice;

export type Audience =
  | { kind: 'reporter' }
  | { kind: 'officer'; officerId: string }
  | { kind: 'leads'; unit: string; roles: ('supervisor' | 'head')[] };

/** The workflow's view of the case at the moment of the notice, plus notice-specific ids. */
export interface NoticeParams {
  phase: Phase;
  assigneeId: string | null;
  dueAt: string;
  extended: boolean;
  reminderFor?: string;
  questionId?: string;
  messageId?: string;
  summaryId?: string;
  reasonNoteId?: string;
  officerId?: string | null;
  outcome?: string | null;
  referredTo?: string | null;
}

export interface NotifyInput {
  reportId: string;
  audience: Audience;
  notice: NoticeKind;
  params: NoticeParams & Record<string, unknown>;
}

export interface ReporterNoticeData {
  caseCode: string;
  dueAt: Date;
  question?: string | null;
  summary?: string | null;
  outcome?: string | null;
  referredTo?: string | null;
}

/** Messages to the whistleblower: plain, protected, with an Answer button under questions. */
export function reporterMessages(t: Translate, notice: ReporterNotice, reportId: string, data: ReporterNoticeData): Outgoing[] {
  const code = data.caseCode;
  switch (notice) {
    case 'received':
      return [{ type: 'text', text: t('notice-reporter-received', { code, date: data.dueAt }) }];
    case 'extended':
      return [{ type: 'text', text: t('notice-reporter-extended', { code, date: data.dueAt }) }];
    case 'question': {
      const keyboard: InlineKeyboardMarkup = {
        inline_keyboard: [[{ text: t('button-answer'), callback_data: menuData('answer', packId(reportId)) }]],
      };
      return [
        {
          type: 'text',
          text: t('notice-reporter-question', { code, question: escapeHtml(data.question ?? '') }),
          keyboard,
        },
      ];
    }
    case 'decided': {
      const outcome = t(`outcome-${data.outcome ?? 'no_grounds'}`);
      const referred = data.referredTo ? t('notice-reporter-referred', { body: t(`body-${data.referredTo}`) }) : '';
      return [
        {
          type: 'text',
          text: t('notice-reporter-decided', { code, outcome, referred, summary: escapeHtml(data.summary ?? '') }),
        },
      ];
    }
  }
}

export interface OfficerNoticeData {
  facts: CardFacts;
  state: CardState;
  viewer: Actor;
  assigneeName: string | null;
  /** Other officer named in the notice (who declined, who did not answer). */
  otherName?: string | null;
  note?: string | null;
  reminderFor?: Date;
  content?: Parameters<typeof reportContentMessages>[1];
  reply?: string | null;
  evidence?: { type: 'photo' | 'document' | 'video' | 'voice' | 'audio'; data: Buffer; fileName: string }[];
  evidenceCount: number;
  messageCount: number;
}

/** Messages to an officer: what happened, then the case card with the buttons that fit now. */
export function officerMessages(t: Translate, notice: OfficerNotice, data: OfficerNoticeData): Outgoing[] {
  const { facts } = data;
  const name = escapeHtml(data.otherName ?? '');
  const headline = t(`notice-officer-${notice}`, {
    code: facts.caseCode,
    name,
    date: data.reminderFor ?? data.state.finalDueAt,
  });
  const messages: Outgoing[] = [];
  if (notice === 'assigned' && data.content) {
    for (const text of reportContentMessages(t, data.content)) messages.push({ type: 'text', text });
    for (const [index, file] of (data.evidence ?? []).entries()) {
      messages.push({ ...file, caption: t('evidence-caption', { code: facts.caseCode, n: index + 1, total: data.evidence!.length }) });
    }
  }
  if (notice === 'reporter-replied') {
    messages.push({ type: 'text', text: t('notice-officer-reply-text', { code: facts.caseCode, text: escapeHtml(data.reply ?? t('content-files-only')) }) });
    for (const file of data.evidence ?? []) messages.push({ ...file, caption: t('reply-file-caption', { code: facts.caseCode }) });
  }
  if (notice === 'officer-declined' && data.note) {
    messages.push({ type: 'text', text: t('notice-officer-decline-reason', { code: facts.caseCode, name, reason: escapeHtml(data.note) }) });
  }
  const text = caseCardText(t, facts, data.state, {
    headline,
    assigneeName: data.assigneeName,
    evidenceCount: data.evidenceCount,
    messageCount: data.messageCount,
  });
  const keyboard = notice === 'case-moved-away' ? undefined : caseKeyboard(t, facts, data.viewer, data.state);
  messages.push(keyboard ? { type: 'text', text, keyboard } : { type: 'text', text });
  return messages;
}
