// Postgres is the system of record. Columns ending in `Enc` hold AES-256-GCM ciphertext bound to
// their row and field (lib/crypto); columns ending in `Hash` hold keyed HMACs used only for lookups.
// Nothing here stores a whistleblower's Telegram id or any submitted text in the clear.
import { sql, type SQL } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';

export const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType: () => 'bytea',
});

/** A CHECK constraint for a text column with a fixed set of values: the database refuses the rest. */
function oneOf(name: string, column: AnyPgColumn, values: readonly string[]): ReturnType<typeof check> {
  const list: SQL = sql.raw(values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', '));
  return check(name, sql`${column} in (${list})`);
}

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () =>
  timestamp('updated_at', { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());

export const ANONYMITY_MODES = ['named', 'confidential', 'receipt_only'] as const;
export type AnonymityMode = (typeof ANONYMITY_MODES)[number];

export const REPORT_STATUSES = [
  'received',
  'unassigned',
  'awaiting_acceptance',
  'in_review',
  'extended',
  'overdue',
  'decided',
] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const OFFICER_ROLES = ['reviewer', 'supervisor', 'head', 'admin'] as const;
export type OfficerRole = (typeof OFFICER_ROLES)[number];

export const officers = pgTable(
  'officers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // Officers act in their official capacity; their Telegram ids are not secret the way a
    // whistleblower's are, and the bot must find them on every button press.
    telegramUserId: bigint('telegram_user_id', { mode: 'number' }).unique(),
    displayName: text('display_name').notNull(),
    role: text('role', { enum: OFFICER_ROLES }).notNull(),
    unit: text('unit').notNull(),
    language: text('language').notNull().default('uk'),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    deactivatedAt: timestamp('deactivated_at', { withTimezone: true }),
  },
  (t) => [index('officers_unit_role_idx').on(t.unit, t.role), oneOf('officers_role_check', t.role, OFFICER_ROLES)],
);

export const reports = pgTable(
  'reports',
  {
    id: uuid('id').primaryKey(),
    caseCode: text('case_code').notNull().unique(),
    receiptHash: bytea('receipt_hash').notNull(),
    // HMAC of the dialog draft id: a retried or double-pressed submit finds the report it made.
    submissionHash: bytea('submission_hash').notNull().unique(),
    unit: text('unit').notNull(),
    category: text('category').notNull(),
    anonymity: text('anonymity', { enum: ANONYMITY_MODES }).notNull(),
    descriptionEnc: bytea('description_enc').notNull(),
    whenWhereEnc: bytea('when_where_enc'),
    peopleEnc: bytea('people_enc'),
    contactEnc: bytea('contact_enc'),
    reporterHash: bytea('reporter_hash'),
    reporterChatEnc: bytea('reporter_chat_enc'),
    language: text('language').notNull().default('uk'),
    status: text('status', { enum: REPORT_STATUSES }).notNull().default('received'),
    assigneeId: uuid('assignee_id').references(() => officers.id),
    escalationLevel: integer('escalation_level').notNull().default(0),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    reviewDueAt: timestamp('review_due_at', { withTimezone: true }).notNull(),
    extendedDueAt: timestamp('extended_due_at', { withTimezone: true }),
    outcome: text('outcome'),
    referredTo: text('referred_to'),
    // The summary for the whistleblower is a message of kind 'summary'.
    decisionSummaryId: uuid('decision_summary_id'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: uuid('decided_by').references(() => officers.id),
    workflowStartedAt: timestamp('workflow_started_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('reports_reporter_hash_idx').on(t.reporterHash),
    index('reports_assignee_status_idx').on(t.assigneeId, t.status),
    index('reports_unit_status_idx').on(t.unit, t.status),
    index('reports_unstarted_idx').on(t.createdAt).where(sql`${t.workflowStartedAt} is null`),
    oneOf('reports_anonymity_check', t.anonymity, ANONYMITY_MODES),
    oneOf('reports_status_check', t.status, REPORT_STATUSES),
    check('reports_escalation_level_check', sql`${t.escalationLevel} between 0 and 2`),
  ],
);

// Every free text of a case after submission: questions to the whistleblower and their answers,
// the decision summary they receive, and officers' internal notes (reasons for a decline or an
// extension). Workflows carry only these rows' ids.
export const MESSAGE_KINDS = ['question', 'answer', 'summary', 'note'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const messages = pgTable(
  'messages',
  {
    id: uuid('id').primaryKey(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: MESSAGE_KINDS }).notNull(),
    officerId: uuid('officer_id').references(() => officers.id),
    bodyEnc: bytea('body_enc'),
    createdAt: createdAt(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [index('messages_report_idx').on(t.reportId, t.createdAt), oneOf('messages_kind_check', t.kind, MESSAGE_KINDS)],
);

export const ATTACHMENT_KINDS = ['photo', 'document', 'video', 'voice', 'audio'] as const;

export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    messageId: uuid('message_id').references(() => messages.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ATTACHMENT_KINDS }).notNull(),
    mimeType: text('mime_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: bytea('sha256').notNull(),
    fileNameEnc: bytea('file_name_enc'),
    dataEnc: bytea('data_enc').notNull(),
    metadataStripped: boolean('metadata_stripped').notNull(),
    // The order the whistleblower sent them in; rows of one submission share created_at.
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    index('attachments_report_idx').on(t.reportId),
    oneOf('attachments_kind_check', t.kind, ATTACHMENT_KINDS),
    check('attachments_size_check', sql`${t.sizeBytes} >= 0`),
  ],
);

export const officerInvites = pgTable(
  'officer_invites',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    codeHash: bytea('code_hash').notNull().unique(),
    role: text('role', { enum: OFFICER_ROLES }).notNull(),
    unit: text('unit').notNull(),
    displayName: text('display_name').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    usedByOfficerId: uuid('used_by_officer_id').references(() => officers.id),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [oneOf('officer_invites_role_check', t.role, OFFICER_ROLES)],
);

// unreachable: a receipt-only whistleblower, whom the bot has no way to message.
export const NOTIFICATION_RECIPIENTS = ['reporter', 'officer'] as const;
export const NOTIFICATION_STATUSES = ['pending', 'sent', 'blocked', 'failed', 'unreachable'] as const;

// The outbox: one row per logical notification, keyed by an idempotency key derived from the
// workflow and the activity, so a retried activity finds the row and does not send twice.
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    reportId: uuid('report_id').references(() => reports.id, { onDelete: 'cascade' }),
    recipient: text('recipient', { enum: NOTIFICATION_RECIPIENTS }).notNull(),
    officerId: uuid('officer_id').references(() => officers.id),
    kind: text('kind').notNull(),
    status: text('status', { enum: NOTIFICATION_STATUSES }).notNull().default('pending'),
    telegramMessageId: bigint('telegram_message_id', { mode: 'number' }),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: createdAt(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    index('notifications_report_idx').on(t.reportId),
    oneOf('notifications_recipient_check', t.recipient, NOTIFICATION_RECIPIENTS),
    oneOf('notifications_status_check', t.status, NOTIFICATION_STATUSES),
  ],
);

export const AUDIT_ACTORS = ['officer', 'reporter', 'system', 'admin', 'unknown'] as const;

// Append-only (a trigger in the migrations refuses UPDATE and DELETE). Details never hold report
// content or a whistleblower's identity: ids, phases, outcomes and reasons for refusals only.
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorKind: text('actor_kind', { enum: AUDIT_ACTORS }).notNull(),
    // No foreign keys: a refusal of a forged button names a report id that may not exist, and the
    // log must record it rather than fail.
    actorOfficerId: uuid('actor_officer_id'),
    reportId: uuid('report_id'),
    action: text('action').notNull(),
    // Set by activities (workflow, run and activity id), so a retried activity adds no second row.
    idempotencyKey: text('idempotency_key').unique(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('audit_log_report_idx').on(t.reportId, t.at), oneOf('audit_log_actor_kind_check', t.actorKind, AUDIT_ACTORS)],
);

// Dialog drafts of the bot, keyed by an HMAC of the chat so a restart or deploy resumes a
// half-written report without the table naming whose it is.
export const botSessions = pgTable('bot_sessions', {
  keyHash: bytea('key_hash').primaryKey(),
  dataEnc: bytea('data_enc').notNull(),
  updatedAt: updatedAt(),
});

// Telegram redelivers webhooks it thinks failed; the update id makes a redelivery a no-op.
export const telegramUpdates = pgTable('telegram_updates', {
  updateId: bigint('update_id', { mode: 'number' }).primaryKey(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
});

// Fixed-window counters for per-user rate limits, keyed by an HMAC of user, purpose and window.
export const rateLimits = pgTable('rate_limits', {
  keyHash: bytea('key_hash').primaryKey(),
  count: integer('count').notNull().default(0),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

export type Report = typeof reports.$inferSelect;
export type NewReport = typeof reports.$inferInsert;
export type Officer = typeof officers.$inferSelect;
export type NewOfficer = typeof officers.$inferInsert;
export type Attachment = typeof attachments.$inferSelect;
export type NewAttachment = typeof attachments.$inferInsert;
export type Message = typeof messages.$inferSelect;
export type OfficerInvite = typeof officerInvites.$inferSelect;
export type Notification = typeof notifications.$inferSelect;
export type AuditEntry = typeof auditLog.$inferSelect;
export type NewAuditEntry = typeof auditLog.$inferInsert;
