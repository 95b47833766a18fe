import { createHash } from 'node:crypto';
import { and, asc, count, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Vault } from '../../lib/crypto.js';
import { newCaseCode, newId, newReceipt, newReportId } from '../../lib/ids.js';
import type { DbOrTx } from '../client.js';
import { attachments, messages, reports, type AnonymityMode, type ReportStatus } from '../schema.js';
import { appendAudit } from './audit.js';

export type AttachmentKind = (typeof attachments.$inferInsert)['kind'];

export interface NewAttachmentInput {
  kind: AttachmentKind;
  mimeType: string;
  fileName?: string | null;
  data: Buffer;
  metadataStripped: boolean;
}

export interface NewReportInput {
  /** The dialog draft's id: a retried or double-pressed submit of the same draft makes one report. */
  submissionKey: string;
  unit: string;
  category: string;
  anonymity: AnonymityMode;
  description: string;
  whenWhere?: string | null;
  people?: string | null;
  /** Only in named mode: how the whistleblower wants to be contacted. */
  contact?: string | null;
  /** The Telegram chat to notify; absent in receipt-only mode, which keeps no link at all. */
  reporterChatId?: number | null;
  language: string;
  receivedAt: Date;
  reviewDueAt: Date;
  attachments: NewAttachmentInput[];
}

export interface CreatedReport {
  id: string;
  caseCode: string;
  receivedAt: Date;
  reviewDueAt: Date;
  /** Shown once: present only when this call created the report. */
  receipt: string | null;
  created: boolean;
}

const field = (rowId: string, name: string) => ({ table: 'reports', rowId, field: name });

export const receiptHash = (vault: Vault, caseCode: string, receipt: string) => vault.hasher.hash('receipt', `${caseCode}\u0000${receipt}`);
export const reporterHash = (vault: Vault, chatId: number) => vault.hasher.hash('reporter', String(chatId));

/** Inserts `data` for an attachment, encrypted and bound to its row. */
export function sealAttachment(vault: Vault, reportId: string, messageId: string | null, input: NewAttachmentInput, position = 0) {
  const id = newId();
  const ctx = (name: string) => ({ table: 'attachments', rowId: id, field: name });
  return {
    id,
    reportId,
    messageId,
    kind: input.kind,
    mimeType: input.mimeType,
    sizeBytes: input.data.length,
    sha256: createHash('sha256').update(input.data).digest(),
    fileNameEnc: input.fileName ? vault.cipher.encrypt(input.fileName, ctx('file_name')) : null,
    dataEnc: vault.cipher.encrypt(input.data, ctx('data')),
    metadataStripped: input.metadataStripped,
    position,
  };
}

/**
 * Stores a report and its evidence in one transaction, or returns the report this submission
 * already made. The report is committed before any workflow starts; the reconciler starts any that
 * a crash left without one.
 */
export async function createReport(db: DbOrTx, vault: Vault, input: NewReportInput): Promise<CreatedReport> {
  const submissionHash = vault.hasher.hash('session', `submission\u0000${input.submissionKey}`);
  const existing = await db
    .select({ id: reports.id, caseCode: reports.caseCode, receivedAt: reports.receivedAt, reviewDueAt: reports.reviewDueAt })
    .from(reports)
    .where(eq(reports.submissionHash, submissionHash));
  if (existing[0]) return { ...existing[0], receipt: null, created: false };

  for (let attempt = 0; ; attempt += 1) {
    const id = newReportId();
    const caseCode = newCaseCode();
    const receipt = newReceipt();
    const enc = (name: string, value: string | null | undefined) => (value ? vault.cipher.encrypt(value, field(id, name)) : null);
    try {
      const inserted = await db.transaction(async (tx) => {
        const rows = await tx
          .insert(reports)
          .values({
            id,
            caseCode,
            receiptHash: receiptHash(vault, caseCode, receipt),
            submissionHash,
            unit: input.unit,
            category: input.category,
            anonymity: input.anonymity,
            descriptionEnc: vault.cipher.encrypt(input.description, field(id, 'description')),
            whenWhereEnc: enc('when_where', input.whenWhere),
            peopleEnc: enc('people', input.people),
            contactEnc: input.anonymity === 'named' ? enc('contact', input.contact) : null,
            reporterHash: input.anonymity !== 'receipt_only' && input.reporterChatId ? reporterHash(vault, input.reporterChatId) : null,
            reporterChatEnc:
              input.anonymity !== 'receipt_only' && input.reporterChatId
                ? vault.cipher.encrypt(String(input.reporterChatId), field(id, 'reporter_chat'))
                : null,
            language: input.language,
            receivedAt: input.receivedAt,
            reviewDueAt: input.reviewDueAt,
          })
          .onConflictDoNothing({ target: reports.submissionHash })
          .returning({ id: reports.id });
        if (rows.length === 0) return false;
        if (input.attachments.length > 0) {
          await tx.insert(attachments).values(input.attachments.map((a, index) => sealAttachment(vault, id, null, a, index)));
        }
        await appendAudit(tx, {
          actorKind: 'reporter',
          reportId: id,
          action: 'report-submitted',
          details: { anonymity: input.anonymity, unit: input.unit, attachments: input.attachments.length },
        });
        return true;
      });
      if (!inserted) {
        // A concurrent submit of the same draft won the race: return what it made.
        return createReport(db, vault, input);
      }
      return { id, caseCode, receivedAt: input.receivedAt, reviewDueAt: input.reviewDueAt, receipt, created: true };
    } catch (error) {
      if (attempt < 3 && isUniqueViolation(error, 'reports_case_code_unique')) continue;
      throw error;
    }
  }
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const cause = (error as { cause?: unknown })?.cause ?? error;
  const e = cause as { code?: string; constraint_name?: string };
  return e.code === '23505' && e.constraint_name === constraint;
}

export interface ReportView {
  id: string;
  caseCode: string;
  unit: string;
  category: string;
  anonymity: AnonymityMode;
  description: string;
  whenWhere: string | null;
  people: string | null;
  contact: string | null;
  language: string;
  status: ReportStatus;
  assigneeId: string | null;
  escalationLevel: number;
  receivedAt: Date;
  reviewDueAt: Date;
  extendedDueAt: Date | null;
  outcome: string | null;
  referredTo: string | null;
  decidedAt: Date | null;
  attachments: { id: string; kind: AttachmentKind; mimeType: string; sizeBytes: number; metadataStripped: boolean }[];
}

/** The report with its text decrypted: only for officers' case cards and the whistleblower. */
export async function readReport(db: DbOrTx, vault: Vault, id: string): Promise<ReportView | null> {
  const [row] = await db.select().from(reports).where(eq(reports.id, id));
  if (!row) return null;
  const dec = (name: string, value: Buffer | null) => (value ? vault.cipher.decryptText(value, field(id, name)) : null);
  const files = await db
    .select({
      id: attachments.id,
      kind: attachments.kind,
      mimeType: attachments.mimeType,
      sizeBytes: attachments.sizeBytes,
      metadataStripped: attachments.metadataStripped,
    })
    .from(attachments)
    .where(and(eq(attachments.reportId, id), isNull(attachments.messageId)))
    .orderBy(asc(attachments.createdAt), asc(attachments.position), asc(attachments.id));
  return {
    id: row.id,
    caseCode: row.caseCode,
    unit: row.unit,
    category: row.category,
    anonymity: row.anonymity,
    description: vault.cipher.decryptText(row.descriptionEnc, field(id, 'description')),
    whenWhere: dec('when_where', row.whenWhereEnc),
    people: dec('people', row.peopleEnc),
    contact: dec('contact', row.contactEnc),
    language: row.language,
    status: row.status,
    assigneeId: row.assigneeId,
    escalationLevel: row.escalationLevel,
    receivedAt: row.receivedAt,
    reviewDueAt: row.reviewDueAt,
    extendedDueAt: row.extendedDueAt,
    outcome: row.outcome,
    referredTo: row.referredTo,
    decidedAt: row.decidedAt,
    attachments: files,
  };
}

/** The case facts without any text: for notices, lists and the officers' queue. */
export async function reportFacts(db: DbOrTx, id: string) {
  const [row] = await db
    .select({
      id: reports.id,
      caseCode: reports.caseCode,
      unit: reports.unit,
      category: reports.category,
      anonymity: reports.anonymity,
      language: reports.language,
      status: reports.status,
      assigneeId: reports.assigneeId,
      escalationLevel: reports.escalationLevel,
      receivedAt: reports.receivedAt,
      reviewDueAt: reports.reviewDueAt,
      extendedDueAt: reports.extendedDueAt,
      outcome: reports.outcome,
      referredTo: reports.referredTo,
      decisionSummaryId: reports.decisionSummaryId,
    })
    .from(reports)
    .where(eq(reports.id, id));
  return row ?? null;
}
export type ReportFacts = NonNullable<Awaited<ReturnType<typeof reportFacts>>>;

export async function readAttachment(db: DbOrTx, vault: Vault, attachmentId: string) {
  const [row] = await db.select().from(attachments).where(eq(attachments.id, attachmentId));
  if (!row) return null;
  const ctx = (name: string) => ({ table: 'attachments', rowId: row.id, field: name });
  return {
    id: row.id,
    reportId: row.reportId,
    messageId: row.messageId,
    kind: row.kind,
    mimeType: row.mimeType,
    fileName: row.fileNameEnc ? vault.cipher.decryptText(row.fileNameEnc, ctx('file_name')) : null,
    data: vault.cipher.decrypt(row.dataEnc, ctx('data')),
  };
}

/**
 * The files of a report, decrypted, in the order they were sent: the evidence (messageId null) or
 * the files of one relayed message. A file without a stored name gets one from its type.
 */
export async function readAttachments(db: DbOrTx, vault: Vault, reportId: string, messageId: string | null) {
  const rows = await db
    .select({ id: attachments.id })
    .from(attachments)
    .where(and(eq(attachments.reportId, reportId), messageId ? eq(attachments.messageId, messageId) : isNull(attachments.messageId)))
    .orderBy(asc(attachments.createdAt), asc(attachments.position), asc(attachments.id));
  const files = [];
  for (const { id } of rows) {
    const file = await readAttachment(db, vault, id);
    if (!file) continue;
    const extension = file.mimeType.split('/')[1]?.replace(/[^a-z0-9]/g, '') || 'bin';
    files.push({ kind: file.kind, data: file.data, fileName: file.fileName ?? `evidence-${files.length + 1}.${extension}` });
  }
  return files;
}

/** How many evidence files and relayed questions and answers a case has: for its card. */
export async function caseCounts(db: DbOrTx, reportId: string): Promise<{ evidenceCount: number; messageCount: number }> {
  const [files] = await db
    .select({ n: count() })
    .from(attachments)
    .where(and(eq(attachments.reportId, reportId), isNull(attachments.messageId)));
  const [thread] = await db
    .select({ n: count() })
    .from(messages)
    .where(and(eq(messages.reportId, reportId), inArray(messages.kind, ['question', 'answer'])));
  return { evidenceCount: files?.n ?? 0, messageCount: thread?.n ?? 0 };
}

/** The whistleblower's chat, decrypted only at the moment of sending; null in receipt-only mode. */
export async function reporterChatId(db: DbOrTx, vault: Vault, reportId: string): Promise<number | null> {
  const [row] = await db.select({ chat: reports.reporterChatEnc }).from(reports).where(eq(reports.id, reportId));
  if (!row?.chat) return null;
  return Number(vault.cipher.decryptText(row.chat, field(reportId, 'reporter_chat')));
}

/** The reports a Telegram user filed in named or confidential mode, newest first. */
export async function reportsOfReporter(db: DbOrTx, vault: Vault, chatId: number) {
  return db
    .select({
      id: reports.id,
      caseCode: reports.caseCode,
      status: reports.status,
      reviewDueAt: reports.reviewDueAt,
      extendedDueAt: reports.extendedDueAt,
      receivedAt: reports.receivedAt,
      outcome: reports.outcome,
    })
    .from(reports)
    .where(eq(reports.reporterHash, reporterHash(vault, chatId)))
    .orderBy(desc(reports.receivedAt))
    .limit(50);
}

export async function isReporterOf(db: DbOrTx, vault: Vault, reportId: string, chatId: number): Promise<boolean> {
  const [row] = await db
    .select({ id: reports.id })
    .from(reports)
    .where(and(eq(reports.id, reportId), eq(reports.reporterHash, reporterHash(vault, chatId))));
  return Boolean(row);
}

/** The report a case code and receipt open, or null; compared by keyed hash, never stored plain. */
export async function findByReceipt(db: DbOrTx, vault: Vault, caseCode: string, receipt: string) {
  const [row] = await db
    .select({ id: reports.id, receiptHash: reports.receiptHash })
    .from(reports)
    .where(eq(reports.caseCode, caseCode));
  if (!row || !vault.hasher.equals(row.receiptHash, receiptHash(vault, caseCode, receipt))) return null;
  return row.id;
}

/** Committed reports whose workflow has not been confirmed started, oldest first. */
export async function unstartedReports(db: DbOrTx, committedBefore: Date, limit = 100) {
  return db
    .select({ id: reports.id, unit: reports.unit, receivedAt: reports.receivedAt })
    .from(reports)
    .where(and(isNull(reports.workflowStartedAt), lt(reports.createdAt, committedBefore)))
    .orderBy(asc(reports.createdAt))
    .limit(limit);
}

export async function markWorkflowStarted(db: DbOrTx, reportIds: string[]): Promise<void> {
  if (reportIds.length === 0) return;
  await db
    .update(reports)
    .set({ workflowStartedAt: sql`coalesce(${reports.workflowStartedAt}, now())` })
    .where(inArray(reports.id, reportIds));
}

export interface TransitionInput {
  reportId: string;
  status: ReportStatus;
  assigneeId: string | null;
  escalationLevel: number;
  extendedDueAt: Date | null;
  action: string;
  actorOfficerId: string | null;
  details: Record<string, unknown>;
  idempotencyKey?: string;
}

/** Moves a case to its new phase and records who moved it, together. */
export async function recordTransition(db: DbOrTx, input: TransitionInput): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(reports)
      .set({
        status: input.status,
        assigneeId: input.assigneeId,
        escalationLevel: input.escalationLevel,
        extendedDueAt: input.extendedDueAt,
      })
      .where(eq(reports.id, input.reportId));
    await appendAudit(tx, {
      actorKind: input.actorOfficerId ? 'officer' : 'system',
      actorOfficerId: input.actorOfficerId,
      reportId: input.reportId,
      action: input.action,
      idempotencyKey: input.idempotencyKey ?? null,
      details: input.details,
    });
  });
}

export interface DecisionInput {
  reportId: string;
  outcome: string;
  referredTo: string | null;
  summaryId: string;
  decidedBy: string;
}

export async function recordDecision(db: DbOrTx, input: DecisionInput): Promise<void> {
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(reports)
      .set({
        status: 'decided',
        outcome: input.outcome,
        referredTo: input.referredTo,
        decisionSummaryId: input.summaryId,
        decidedAt: sql`coalesce(${reports.decidedAt}, now())`,
        decidedBy: input.decidedBy,
      })
      .where(and(eq(reports.id, input.reportId), isNull(reports.decidedAt)))
      .returning({ id: reports.id });
    // A retried activity finds the decision already recorded and adds no second audit row.
    if (updated.length === 0) return;
    await appendAudit(tx, {
      actorKind: 'officer',
      actorOfficerId: input.decidedBy,
      reportId: input.reportId,
      action: 'decided',
      details: { outcome: input.outcome, referredTo: input.referredTo, summaryId: input.summaryId },
    });
  });
}
