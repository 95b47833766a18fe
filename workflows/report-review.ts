// One workflow per report keeps the legal clock: a decision within the review period (15 days by
// law), one extension to at most the final period (30 days), the whistleblower told of both, and
// escalation up the chain whenever a case stalls. It never closes a case by itself.
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../activities/index.js';
import type { NoticeKind } from '../activities/notices.js';
import { Lock } from './lock.js';
import {
  REJECTION_ERROR_TYPE,
  acceptUpdate,
  decideUpdate,
  declineUpdate,
  extendUpdate,
  officerDeactivatedSignal,
  reassignUpdate,
  reporterRepliedSignal,
  requestInfoUpdate,
  statusQuery,
  type ActionResult,
  type Actor,
  type CaseStatus,
  type Rejection,
  type ReportReviewInput,
  type ReviewState,
} from './messages.js';
import { dueDates } from './policy.js';
import { checkAction, checkDecision, checkReassignTarget, type Action, type RuleContext } from './rules.js';
import { currentDueAt, pendingEvents, type Clock, type TimedEvent } from './schedule.js';
import { AnticorAssignee, AnticorDueAt, AnticorEscalation, AnticorStatus, AnticorUnit, ESCALATION } from './search-attributes.js';

type Activities = ReturnType<typeof createActivities>;

// Database work is local and quick; retries cover a restarting Postgres.
const db = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * Telegram sends run on their own task queue, whose rate limit keeps the bot under Telegram's cap.
 * A 429 sets the next retry from retry_after; other failures back off up to ten minutes. There is
 * no maximum of attempts: a notice the law requires must eventually go out.
 */
function telegramActivities(taskQueue: string) {
  return proxyActivities<Activities>({
    taskQueue,
    startToCloseTimeout: '1 minute',
    retry: { initialInterval: '2 seconds', maximumInterval: '10 minutes', backoffCoefficient: 2 },
  });
}

function initialState(): ReviewState {
  return {
    phase: 'unassigned',
    assigneeId: null,
    assignedAt: null,
    passedOver: [],
    extended: false,
    escalationLevel: ESCALATION.none,
    fired: [],
    outcome: null,
    referredTo: null,
    revision: 0,
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

export async function reportReviewWorkflow(input: ReportReviewInput): Promise<CaseStatus> {
  const { reportId, unit, policy } = input;
  const receivedAt = Date.parse(input.receivedAt);
  const clock: Clock = { receivedAt, ...dueDates(policy, receivedAt) };
  const state: ReviewState = input.resume ? { ...input.resume } : initialState();
  const { notify } = telegramActivities(input.telegramTaskQueue);
  // Handlers and timed events take turns: an officer's press never interleaves with an automatic
  // reassignment half-way through.
  const lock = new Lock();
  const replies: string[] = [];
  const deactivated: string[] = [];

  const dueAt = () => currentDueAt(state, clock);
  const status = (): CaseStatus => ({
    reportId,
    phase: state.phase,
    assigneeId: state.assigneeId,
    receivedAt: iso(clock.receivedAt),
    reviewDueAt: iso(clock.reviewDueAt),
    finalDueAt: iso(clock.finalDueAt),
    dueAt: iso(dueAt()),
    extended: state.extended,
    escalationLevel: state.escalationLevel,
    outcome: state.outcome,
    referredTo: state.referredTo,
    passedOver: [...state.passedOver],
  });
  const result = (): ActionResult => ({ phase: state.phase, assigneeId: state.assigneeId, dueAt: iso(dueAt()) });
  const ruleContext = (): RuleContext => ({ state, unit, now: Date.now(), finalDueAt: clock.finalDueAt });

  function publish(): void {
    upsertSearchAttributes([
      { key: AnticorStatus, value: state.phase },
      { key: AnticorAssignee, value: state.assigneeId ?? 'none' },
      { key: AnticorDueAt, value: new Date(dueAt()) },
      { key: AnticorEscalation, value: state.escalationLevel },
      { key: AnticorUnit, value: unit },
    ]);
  }

  /** Persists the phase with its audit row, then shows it in the Temporal UI. */
  async function transition(action: string, actor: Actor | null, details: Record<string, unknown> = {}): Promise<void> {
    state.revision += 1;
    await db.recordTransition({
      reportId,
      status: state.phase,
      assigneeId: state.assigneeId,
      escalationLevel: state.escalationLevel,
      extendedDueAt: state.extended ? iso(clock.finalDueAt) : null,
      action,
      actorOfficerId: actor?.officerId ?? null,
      details,
    });
    publish();
  }

  const snapshot = () => ({ phase: state.phase, assigneeId: state.assigneeId, dueAt: iso(dueAt()), extended: state.extended });
  const tellOfficer = (officerId: string, notice: NoticeKind, params: Record<string, unknown> = {}) =>
    notify({ reportId, audience: { kind: 'officer', officerId }, notice, params: { ...params, ...snapshot() } });
  const tellLeads = (roles: ('supervisor' | 'head')[], notice: NoticeKind, params: Record<string, unknown> = {}) =>
    notify({ reportId, audience: { kind: 'leads', unit, roles }, notice, params: { ...params, ...snapshot() } });
  const tellReporter = (notice: NoticeKind, params: Record<string, unknown> = {}) =>
    notify({ reportId, audience: { kind: 'reporter' }, notice, params: { ...params, ...snapshot() } });
  /** The assigned officer, or the supervisors while nobody is assigned. */
  const tellResponsible = (notice: NoticeKind, params: Record<string, unknown> = {}) =>
    state.assigneeId ? tellOfficer(state.assigneeId, notice, params) : tellLeads(['supervisor'], notice, params);

  /** Hands the case to the least-loaded eligible reviewer, or waits for a supervisor's reassign. */
  async function assignNext(actor: Actor | null, chosen?: string): Promise<void> {
    const previous = state.assigneeId;
    const next = chosen ?? (await db.chooseReviewer({ reportId, unit, exclude: state.passedOver }));
    state.assigneeId = next;
    state.assignedAt = next ? Date.now() : null;
    state.phase = next ? 'awaiting_acceptance' : 'unassigned';
    await transition(next ? 'assigned' : 'no-reviewer-available', actor, { assigneeId: next, previous });
    if (previous && previous !== next) await tellOfficer(previous, 'case-moved-away');
    if (next) await tellOfficer(next, 'assigned');
    else await tellLeads(['supervisor'], 'nobody-available');
  }

  const reject = (reason: Rejection): never => {
    throw ApplicationFailure.create({ type: REJECTION_ERROR_TYPE, message: reason, nonRetryable: true });
  };
  /** Validators answer at once; the same check runs again under the lock, as state may have moved. */
  const guard = (action: Action, actor: Actor) => {
    const reason = checkAction(action, actor, ruleContext());
    if (reason) reject(reason);
  };

  // The update id is the caller's idempotency key (the Telegram callback query id): Temporal
  // applies a repeated id once and returns the first result.
  setHandler(
    acceptUpdate,
    ({ actor }) =>
      lock.run(async () => {
        guard('accept', actor);
        // A case handed on after its final due date stays overdue: accepting it does not reset the clock.
        state.phase = state.fired.includes('overdue') ? 'overdue' : state.extended ? 'extended' : 'in_review';
        await transition('accepted', actor);
        return result();
      }),
    { validator: ({ actor }) => guard('accept', actor) },
  );

  setHandler(
    declineUpdate,
    ({ actor, reasonNoteId }) =>
      lock.run(async () => {
        guard('decline', actor);
        state.passedOver.push(actor.officerId);
        await transition('declined', actor, { reasonNoteId });
        await tellLeads(['supervisor'], 'officer-declined', { officerId: actor.officerId, reasonNoteId });
        await assignNext(actor);
        return result();
      }),
    {
      validator: ({ actor, reasonNoteId }) => {
        guard('decline', actor);
        if (!reasonNoteId) reject('missing-reason');
      },
    },
  );

  setHandler(
    extendUpdate,
    ({ actor, reasonNoteId }) =>
      lock.run(async () => {
        guard('extend', actor);
        state.extended = true;
        if (state.phase === 'in_review') state.phase = 'extended';
        await transition('extended', actor, { reasonNoteId, until: iso(clock.finalDueAt) });
        await tellReporter('extended');
        return result();
      }),
    {
      validator: ({ actor, reasonNoteId }) => {
        guard('extend', actor);
        if (!reasonNoteId) reject('missing-reason');
      },
    },
  );

  setHandler(
    requestInfoUpdate,
    ({ actor, questionId }) =>
      lock.run(async () => {
        guard('requestInfo', actor);
        state.revision += 1;
        await db.appendAudit({ reportId, action: 'question-asked', actorOfficerId: actor.officerId, details: { questionId } });
        await tellReporter('question', { questionId });
        return result();
      }),
    {
      validator: ({ actor, questionId }) => {
        guard('requestInfo', actor);
        if (!questionId) reject('missing-question');
      },
    },
  );

  setHandler(
    decideUpdate,
    (args) =>
      lock.run(async () => {
        guard('decide', args.actor);
        const { actor, outcome, summaryId } = args;
        const referredTo = args.referredTo ?? null;
        const assignee = state.assigneeId;
        state.phase = 'decided';
        state.outcome = outcome;
        state.referredTo = referredTo;
        state.revision += 1;
        await db.recordDecision({ reportId, outcome, referredTo, summaryId, decidedBy: actor.officerId });
        publish();
        await tellReporter('decided', { outcome, referredTo, summaryId });
        if (assignee && assignee !== actor.officerId) await tellOfficer(assignee, 'decided-by-lead', { outcome, referredTo });
        return result();
      }),
    {
      validator: (args) => {
        guard('decide', args.actor);
        const reason = checkDecision(args);
        if (reason) reject(reason);
      },
    },
  );

  setHandler(
    reassignUpdate,
    (args) =>
      lock.run(async () => {
        guard('reassign', args.actor);
        if (args.toOfficerId && !(await db.isEligibleReviewer({ officerId: args.toOfficerId, unit }))) {
          reject('target-not-eligible');
        }
        if (state.assigneeId) state.passedOver.push(state.assigneeId);
        await assignNext(args.actor, args.toOfficerId);
        return result();
      }),
    {
      validator: (args) => {
        guard('reassign', args.actor);
        const reason = checkReassignTarget(args, ruleContext());
        if (reason) reject(reason);
      },
    },
  );

  setHandler(reporterRepliedSignal, ({ messageId }) => {
    replies.push(messageId);
  });
  setHandler(officerDeactivatedSignal, ({ officerId }) => {
    deactivated.push(officerId);
  });
  setHandler(statusQuery, status);

  async function handleArrivals(): Promise<void> {
    for (let messageId = replies.shift(); messageId; messageId = replies.shift()) {
      await tellResponsible('reporter-replied', { messageId });
    }
    for (let officerId = deactivated.shift(); officerId; officerId = deactivated.shift()) {
      if (officerId !== state.assigneeId || state.phase === 'decided') continue;
      state.passedOver.push(officerId);
      await transition('assignee-deactivated', null, { officerId });
      await assignNext(null);
    }
  }

  async function handleTimedEvent(event: TimedEvent): Promise<void> {
    state.fired.push(event.key);
    switch (event.kind) {
      case 'acceptance-timeout': {
        const officerId = state.assigneeId;
        if (officerId) state.passedOver.push(officerId);
        await transition('acceptance-window-passed', null, { officerId });
        await tellLeads(['supervisor'], 'officer-no-answer', { officerId });
        await assignNext(null);
        return;
      }
      case 'reminder':
        await db.appendAudit({ reportId, action: 'reminder', actorOfficerId: null, details: { dueAt: iso(event.dueAt!) } });
        await tellResponsible('reminder', { reminderFor: iso(event.dueAt!) });
        return;
      case 'review-due':
        await db.appendAudit({ reportId, action: 'review-due', actorOfficerId: null, details: {} });
        await tellResponsible('decide-or-extend');
        return;
      case 'auto-extend':
        // The law lets the review run to the final period only with the whistleblower told; the
        // supervisor hears that the first period passed without a decision or an extension.
        state.extended = true;
        if (state.phase === 'in_review') state.phase = 'extended';
        state.escalationLevel = Math.max(state.escalationLevel, ESCALATION.supervisor);
        await transition('auto-extended', null, { until: iso(clock.finalDueAt) });
        await tellReporter('extended');
        await tellLeads(['supervisor'], 'escalated-auto-extended');
        if (state.assigneeId) await tellOfficer(state.assigneeId, 'auto-extended');
        return;
      case 'overdue':
      case 'overdue-repeat': {
        const first = event.kind === 'overdue';
        state.phase = 'overdue';
        state.escalationLevel = ESCALATION.head;
        await transition(first ? 'overdue' : 'overdue-reminder', null, {});
        await tellLeads(['head', 'supervisor'], first ? 'escalated-overdue' : 'overdue-repeat');
        if (state.assigneeId) await tellOfficer(state.assigneeId, first ? 'escalated-overdue' : 'overdue-repeat');
        return;
      }
    }
  }

  publish();
  if (!input.resume) {
    await lock.run(async () => {
      await db.caseOpened({ reportId });
      await tellReporter('received');
      await assignNext(null);
    });
  }

  while (state.phase !== 'decided') {
    if (replies.length > 0 || deactivated.length > 0) {
      await lock.run(handleArrivals);
      continue;
    }
    const next = pendingEvents(state, clock, policy)[0];
    if (next && next.at <= Date.now()) {
      await lock.run(async () => {
        // An officer's action may have landed while we waited for the lock; plan again if so.
        if (state.phase !== 'decided' && pendingEvents(state, clock, policy)[0]?.key === next.key) await handleTimedEvent(next);
      });
      continue;
    }
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      log.info('history is long; continuing as new', { reportId });
      await continueAsNew<typeof reportReviewWorkflow>({ ...input, resume: { ...state } });
    }
    const revision = state.revision;
    const changed = () => state.revision !== revision || replies.length > 0 || deactivated.length > 0;
    if (next) await condition(changed, next.at - Date.now());
    else await condition(changed);
  }

  await condition(allHandlersFinished);
  return status();
}
