// The report workflow's public interface. Callers (bot, api, tests) import these constants; nobody
// names an update, signal or query by a string. Free text (reasons, questions, summaries, replies)
// never travels here: it is stored encrypted in Postgres first and referenced by id.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ReviewPolicy } from './policy.js';

export const OUTCOMES = ['substantiated', 'not_substantiated', 'referred', 'no_grounds'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Competent bodies a case can be referred to. */
export const COMPETENT_BODIES = ['nabu', 'sbi', 'nazk', 'police'] as const;
export type CompetentBody = (typeof COMPETENT_BODIES)[number];

export type Phase = 'unassigned' | 'awaiting_acceptance' | 'in_review' | 'extended' | 'overdue' | 'decided';

export type Role = 'reviewer' | 'supervisor' | 'head' | 'admin';

/** Who presses a button: read from the officers table by the caller, never from callback data. */
export interface Actor {
  officerId: string;
  role: Role;
  unit: string;
}

export interface ReportReviewInput {
  reportId: string;
  unit: string;
  /** ISO-8601 instant of receipt: the legal clock starts here. */
  receivedAt: string;
  policy: ReviewPolicy;
  /** Where Telegram notices are sent from: a task queue with its own rate limit. */
  telegramTaskQueue: string;
  /** Carried over by continue-as-new; absent on a first start. */
  resume?: ReviewState;
}

export interface ReviewState {
  phase: Phase;
  assigneeId: string | null;
  assignedAt: number | null;
  /** Officers who declined this report or let the acceptance window pass: never assigned again. */
  passedOver: string[];
  extended: boolean;
  escalationLevel: number;
  /** Timed events already handled (reminders, escalations), by key. */
  fired: string[];
  outcome: Outcome | null;
  referredTo: CompetentBody | null;
  /** Incremented by each officer's action and each arrival, so timers re-plan. */
  revision: number;
}

export interface CaseStatus {
  reportId: string;
  phase: Phase;
  assigneeId: string | null;
  receivedAt: string;
  reviewDueAt: string;
  finalDueAt: string;
  /** The due date that applies now: the review due date, or the final one once extended. */
  dueAt: string;
  extended: boolean;
  escalationLevel: number;
  outcome: Outcome | null;
  referredTo: CompetentBody | null;
  passedOver: string[];
}

export interface AcceptArgs {
  actor: Actor;
}
export interface DeclineArgs {
  actor: Actor;
  /** A stored internal note (messages table) with the conflict of interest. */
  reasonNoteId: string;
}
export interface ExtendArgs {
  actor: Actor;
  reasonNoteId: string;
}
export interface RequestInfoArgs {
  actor: Actor;
  /** The stored question (messages table, to the whistleblower). */
  questionId: string;
}
export interface DecideArgs {
  actor: Actor;
  outcome: Outcome;
  referredTo?: CompetentBody;
  /** The stored summary for the whistleblower (messages table). */
  summaryId: string;
}
export interface ReassignArgs {
  actor: Actor;
  /** A specific reviewer; without it the least-loaded eligible reviewer is chosen. */
  toOfficerId?: string;
}

/** What an accepted action returns to the officer's button press. */
export interface ActionResult {
  phase: Phase;
  assigneeId: string | null;
  dueAt: string;
}

export const acceptUpdate = defineUpdate<ActionResult, [AcceptArgs]>('accept');
export const declineUpdate = defineUpdate<ActionResult, [DeclineArgs]>('decline');
export const extendUpdate = defineUpdate<ActionResult, [ExtendArgs]>('extend');
export const requestInfoUpdate = defineUpdate<ActionResult, [RequestInfoArgs]>('requestInfo');
export const decideUpdate = defineUpdate<ActionResult, [DecideArgs]>('decide');
export const reassignUpdate = defineUpdate<ActionResult, [ReassignArgs]>('reassign');

/** The whistleblower answered a question; the answer is stored, the signal carries its id. */
export const reporterRepliedSignal = defineSignal<[{ messageId: string }]>('reporterReplied');
/** An admin deactivated an officer; open cases assigned to them move on. */
export const officerDeactivatedSignal = defineSignal<[{ officerId: string }]>('officerDeactivated');

export const statusQuery = defineQuery<CaseStatus>('status');

/** Reasons a validator gives; the bot translates each into the officer's language. */
export const REJECTIONS = [
  'not-assigned',
  'not-permitted',
  'other-unit',
  'already-accepted',
  'not-accepted-yet',
  'already-extended',
  'past-final-due',
  'already-decided',
  'missing-reason',
  'missing-summary',
  'missing-question',
  'target-not-eligible',
  'missing-competent-body',
  'unexpected-competent-body',
  'unknown-outcome',
  'same-officer',
  'no-assignee',
] as const;
export type Rejection = (typeof REJECTIONS)[number];

export const REJECTION_ERROR_TYPE = 'ActionRejected';

export const workflowIdFor = (reportId: string): string => `report-${reportId}`;
