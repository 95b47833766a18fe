// Side effects of the review workflow: database transitions (each with its audit row) and Telegram
// notices (each sent once through the outbox). The worker passes real dependencies; tests pass
// their own. No module-level state.
import { Context } from '@temporalio/activity';
import type { Db } from '../db/client.js';
import { appendAudit } from '../db/repositories/audit.js';
import { chooseReviewer, isEligibleReviewer, leadsOf, officerById } from '../db/repositories/officers.js';
import { readMessage } from '../db/repositories/messages.js';
import {
  caseCounts,
  markWorkflowStarted,
  readAttachments,
  readReport,
  recordDecision,
  recordTransition,
  reportFacts,
  reporterChatId,
  type ReportFacts,
} from '../db/repositories/reports.js';
import { claimNotification, markNotificationFailed, markNotificationSent } from '../db/repositories/outbox.js';
import type { Officer, ReportStatus } from '../db/schema.js';
import type { Vault } from '../lib/crypto.js';
import type { I18n } from '../lib/i18n.js';
import type { Logger } from '../lib/logger.js';
import type { ReviewPolicy } from '../workflows/policy.js';
import { finalDueAtOf } from '../lib/case-card.js';
import type { Phase } from '../workflows/messages.js';
import { threadOf } from '../db/repositories/messages.js';
import {
  officerMessages,
  reporterMessages,
  type NotifyInput,
  type OfficerNotice,
  type ReporterNotice,
} from './notices.js';
import { TelegramRefusal, type Outgoing, type TelegramSender } from './telegram.js';
import { createReconciler, type ReconcilerDeps } from './reconcile.js';

export interface ActivityDeps {
  db: Db;
  vault: Vault;
  i18n: I18n;
  telegram: TelegramSender;
  logger: Logger;
  /** The policy new cases start with; used to tell officers the final due date before extension. */
  policy: ReviewPolicy;
  /** Starting workflows for reports a crash left without one (reconciler). */
  reconciler?: ReconcilerDeps;
}

const REPORTER_NOTICES: ReadonlySet<string> = new Set<ReporterNotice>(['received', 'extended', 'question', 'decided']);

/** The outbox key of the running activity: unique per logical event, stable across its retries. */
function activityKey(): string {
  const { workflowExecution, activityId } = Context.current().info;
  if (!workflowExecution) throw new Error('notices and transitions run only inside a workflow');
  return `${workflowExecution.workflowId}/${workflowExecution.runId}/${activityId}`;
}

export function createActivities(deps: ActivityDeps) {
  const { db, vault, i18n, telegram, logger } = deps;

  /**
   * Sends `messages` to one chat once. Each message has its own outbox row, so a retry after a
   * partial send continues where it stopped. Returns false when Telegram refused for good.
   */
  async function deliver(
    key: string,
    chatId: number | null,
    recipient: { kind: 'reporter' } | { kind: 'officer'; officerId: string },
    reportId: string,
    notice: string,
    messages: Outgoing[],
  ): Promise<'sent' | 'blocked' | 'unreachable' | 'failed'> {
    let outcome: 'sent' | 'failed' = 'sent';
    for (const [index, message] of messages.entries()) {
      const row = await claimNotification(db, {
        idempotencyKey: `${key}#${index}`,
        reportId,
        recipient: recipient.kind,
        officerId: recipient.kind === 'officer' ? recipient.officerId : null,
        kind: notice,
      });
      if (row.status === 'sent') continue;
      if (row.status === 'failed') {
        outcome = 'failed';
        continue;
      }
      if (row.status === 'blocked' || row.status === 'unreachable') return row.status;
      if (chatId === null) {
        await markNotificationFailed(db, row.id, 'unreachable', recipient.kind === 'reporter' ? 'no chat link (receipt-only report)' : 'officer has no linked Telegram account');
        return 'unreachable';
      }
      try {
        const messageId = await telegram.send(chatId, message, { protect: recipient.kind === 'reporter' });
        await markNotificationSent(db, row.id, messageId);
      } catch (error) {
        if (error instanceof TelegramRefusal) {
          const status = error.reason === 'blocked' ? 'blocked' : 'failed';
          await markNotificationFailed(db, row.id, status, error.description);
          await appendAudit(db, {
            actorKind: 'system',
            reportId,
            action: status === 'blocked' ? 'notification-blocked' : 'notification-refused',
            idempotencyKey: `${key}#${index}/refused`,
            details: { notice, recipient: recipient.kind, officerId: recipient.kind === 'officer' ? recipient.officerId : null, reason: error.reason },
          });
          // A refusal of this one message (a file Telegram will not take) must not keep the rest,
          // above all the case card with its buttons, from the recipient; a refusal of the
          // recipient (blocked, chat gone) ends the notice for them.
          if (error.reason === 'bad-request') {
            logger.error({ reportId, notice, error: error.description }, 'Telegram rejected one message of a notice');
            outcome = 'failed';
            continue;
          }
          return status;
        }
        await markNotificationFailed(db, row.id, 'pending', error instanceof Error ? error.message : String(error));
        throw error;
      }
    }
    return outcome;
  }

  const evidenceOf = async (reportId: string, messageId: string | null) =>
    (await readAttachments(db, vault, reportId, messageId)).map(({ kind, data, fileName }) => ({ type: kind, data, fileName }));

  async function notifyOfficer(key: string, officer: Officer, facts: ReportFacts, input: NotifyInput) {
    const { params } = input;
    const t = i18n.forLanguage(officer.language);
    const finalDueAt = finalDueAtOf(facts, deps.policy);
    const assignee = params.assigneeId ? await officerById(db, params.assigneeId) : null;
    const other = params.officerId ? await officerById(db, params.officerId) : null;
    const notice = input.notice as OfficerNotice;
    let content;
    let evidence;
    let reply: string | null = null;
    let note: string | null = null;
    if (notice === 'assigned') {
      const view = await readReport(db, vault, facts.id);
      if (view) {
        content = {
          caseCode: view.caseCode,
          description: view.description,
          whenWhere: view.whenWhere,
          people: view.people,
          thread: await threadOf(db, vault, facts.id),
        };
      }
      evidence = await evidenceOf(facts.id, null);
    }
    if (notice === 'reporter-replied' && params.messageId) {
      const message = await readMessage(db, vault, params.messageId);
      reply = message?.body ?? null;
      evidence = await evidenceOf(facts.id, params.messageId);
    }
    if (notice === 'officer-declined' && params.reasonNoteId) {
      note = (await readMessage(db, vault, params.reasonNoteId))?.body ?? null;
    }
    const outgoing = officerMessages(t, notice, {
      facts,
      state: { phase: params.phase, assigneeId: params.assigneeId, extended: params.extended, finalDueAt },
      viewer: { officerId: officer.id, role: officer.role, unit: officer.unit },
      assigneeName: assignee?.displayName ?? null,
      otherName: other?.displayName ?? null,
      note,
      reminderFor: params.reminderFor ? new Date(params.reminderFor) : undefined,
      content,
      reply,
      evidence,
      ...(await caseCounts(db, facts.id)),
    });
    return deliver(`${key}/${officer.id}`, officer.telegramUserId, { kind: 'officer', officerId: officer.id }, facts.id, input.notice, outgoing);
  }

  async function notifyReporter(key: string, facts: ReportFacts, input: NotifyInput) {
    const { params } = input;
    const t = i18n.forLanguage(facts.language);
    const text = async (id: string | undefined) => (id ? ((await readMessage(db, vault, id))?.body ?? null) : null);
    const outgoing = reporterMessages(t, input.notice as ReporterNotice, facts.id, {
      caseCode: facts.caseCode,
      dueAt: new Date(params.dueAt),
      question: await text(params.questionId),
      summary: await text(params.summaryId),
      outcome: params.outcome ?? null,
      referredTo: params.referredTo ?? null,
    });
    const chatId = await reporterChatId(db, vault, facts.id);
    return deliver(`${key}/reporter`, chatId, { kind: 'reporter' }, facts.id, input.notice, outgoing);
  }

  const reconciler = deps.reconciler ? createReconciler(db, deps.reconciler, logger) : null;

  return {
    /** The workflow confirms it runs for this report; the reconciler leaves it alone from now on. */
    async caseOpened({ reportId }: { reportId: string }): Promise<void> {
      await markWorkflowStarted(db, [reportId]);
      await appendAudit(db, { actorKind: 'system', reportId, action: 'review-started', idempotencyKey: activityKey(), details: {} });
    },

    async chooseReviewer(input: { reportId: string; unit: string; exclude: string[] }): Promise<string | null> {
      return chooseReviewer(db, input);
    },

    async isEligibleReviewer(input: { officerId: string; unit: string }): Promise<boolean> {
      return isEligibleReviewer(db, input);
    },

    async recordTransition(input: {
      reportId: string;
      status: Phase;
      assigneeId: string | null;
      escalationLevel: number;
      extendedDueAt: string | null;
      action: string;
      actorOfficerId: string | null;
      details: Record<string, unknown>;
    }): Promise<void> {
      await recordTransition(db, {
        ...input,
        status: input.status satisfies ReportStatus,
        extendedDueAt: input.extendedDueAt ? new Date(input.extendedDueAt) : null,
        idempotencyKey: activityKey(),
      });
    },

    async recordDecision(input: { reportId: string; outcome: string; referredTo: string | null; summaryId: string; decidedBy: string }): Promise<void> {
      await recordDecision(db, input);
    },

    async appendAudit(input: { reportId: string; action: string; actorOfficerId: string | null; details: Record<string, unknown> }): Promise<void> {
      await appendAudit(db, {
        actorKind: input.actorOfficerId ? 'officer' : 'system',
        actorOfficerId: input.actorOfficerId,
        reportId: input.reportId,
        action: input.action,
        idempotencyKey: activityKey(),
        details: input.details,
      });
    },

    /** Tells the audience of a notice, each recipient once, in their own language. */
    async notify(input: NotifyInput): Promise<{ sent: number; refused: number }> {
      const key = activityKey();
      const facts = await reportFacts(db, input.reportId);
      if (!facts) {
        logger.error({ reportId: input.reportId, notice: input.notice }, 'notice for a report that does not exist');
        return { sent: 0, refused: 0 };
      }
      const outcomes: string[] = [];
      if (input.audience.kind === 'reporter') {
        if (!REPORTER_NOTICES.has(input.notice)) throw new Error(`${input.notice} is not a notice for the whistleblower`);
        outcomes.push(await notifyReporter(key, facts, input));
      } else {
        const recipients =
          input.audience.kind === 'officer'
            ? [await officerById(db, input.audience.officerId)].filter((o): o is Officer => o !== null)
            : await leadsOf(db, input.audience.unit, input.audience.roles);
        for (const officer of recipients) {
          if (!officer.active && input.audience.kind !== 'officer') continue;
          outcomes.push(await notifyOfficer(key, officer, facts, input));
        }
        if (recipients.length === 0) {
          logger.warn({ reportId: facts.id, notice: input.notice, audience: input.audience.kind }, 'nobody to notify');
        }
      }
      return { sent: outcomes.filter((o) => o === 'sent').length, refused: outcomes.filter((o) => o !== 'sent').length };
    },

    async reconcileReports(): Promise<{ started: number }> {
      if (!reconciler) throw new Error('this worker has no Temporal client for the reconciler');
      return reconciler.reconcile();
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
