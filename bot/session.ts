// The bot's per-chat state: language, the dialog in progress and receipts opened recently. It is
// stored encrypted in Postgres (bot_sessions) after every update, so a restart or deploy resumes a
// half-written report at the same step.
import type { StorageAdapter } from 'grammy';
import type { Db } from '../db/client.js';
import { deleteSession, loadSession, saveSession } from '../db/repositories/sessions.js';
import type { AnonymityMode } from '../db/schema.js';
import type { Vault } from '../lib/crypto.js';
import type { Language } from '../lib/i18n.js';
import type { CompetentBody, Outcome } from '../workflows/messages.js';

export const REPORT_STEPS = ['anonymity', 'contact', 'unit', 'category', 'description', 'when-where', 'people', 'evidence', 'review'] as const;
export type ReportStep = (typeof REPORT_STEPS)[number];

export interface DraftFile {
  fileId: string;
  kind: 'photo' | 'document' | 'video' | 'voice' | 'audio';
  mimeType: string;
  size: number;
  fileName: string | null;
  /** Metadata of this type cannot be removed; the whistleblower was warned and kept it. */
  keepsMetadata: boolean;
}

export interface ReportDraft {
  kind: 'report';
  /** The submission key: a second press of Submit finds the report the first one made. */
  id: string;
  step: ReportStep;
  /** Set when the step was opened from the summary: finishing it returns there. */
  editing: boolean;
  anonymity?: AnonymityMode;
  contact?: string;
  unit?: string;
  category?: string;
  description?: string;
  whenWhere?: string | null;
  people?: string | null;
  files: DraftFile[];
  /** A file waiting for "keep / remove" after the metadata warning. */
  pendingFile?: DraftFile;
  confirmingCancel?: boolean;
  startedAt: number;
}

export interface StatusFlow {
  kind: 'status';
  step: 'code' | 'receipt';
  caseCode?: string;
}

export interface AnswerFlow {
  kind: 'answer';
  reportId: string;
}

export type OfficerPurpose = 'decline' | 'extend' | 'question' | 'summary';

export interface OfficerFlow {
  kind: 'officer';
  purpose: OfficerPurpose;
  reportId: string;
  outcome?: Outcome;
  referredTo?: CompetentBody;
  /** The typed summary, waiting for the officer's confirmation. */
  summary?: string;
}

export type Flow = ReportDraft | StatusFlow | AnswerFlow | OfficerFlow;

export interface Session {
  lang?: Language;
  flow?: Flow;
  /** Reports this chat opened with a case code and receipt, and until when that lasts. */
  receipts?: { reportId: string; until: number }[];
  /** The case code of the last report sent from this chat, to answer a repeated Submit press. */
  lastSubmission?: string;
}

export const initialSession = (): Session => ({});

export function sessionKey(chatId: number | undefined): string | undefined {
  return chatId === undefined ? undefined : `chat:${chatId}`;
}

export function postgresSessionStorage(db: Db, vault: Vault): StorageAdapter<Session> {
  return {
    read: (key) => loadSession<Session>(db, vault, key),
    write: (key, value) => saveSession(db, vault, key, value),
    delete: (key) => deleteSession(db, vault, key),
  };
}
