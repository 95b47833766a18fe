// The time-skipping test environment and recorded stand-ins for the workflow's activities, so a
// test can run the legal clock at its real length (15 and 30 days) in a second and check what
// each party was told, and when.
import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import type { Activities } from '../../activities/index.js';
import type { NotifyInput } from '../../activities/notices.js';
import { SEARCH_ATTRIBUTES } from '../../workflows/search-attributes.js';
import proto from '@temporalio/proto';
import { workflowIdFor, type Actor, type ReportReviewInput } from '../../workflows/messages.js';
import { defaultPolicy, type ReviewPolicy } from '../../workflows/policy.js';

const { temporal } = proto;

export const DAY = 24 * 3600_000;
export const HOUR = 3600_000;

const INDEXED_VALUE_TYPES = {
  TEXT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  INT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
  DOUBLE: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  BOOL: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  DATETIME: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  KEYWORD_LIST: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
} as const;

export async function createTimeSkippingEnv(testServerPath = inject('testServerPath')): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: testServerPath } },
  });
  // The test server knows no custom search attributes until told, like any fresh server.
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(SEARCH_ATTRIBUTES.map((key) => [key.name, INDEXED_VALUE_TYPES[key.type]])),
  });
  return env;
}

export interface Notice extends NotifyInput {
  /** Days since receipt when the notice was sent. */
  day: number;
}

export interface Transition {
  status: string;
  action: string;
  assigneeId: string | null;
  escalationLevel: number;
  actorOfficerId: string | null;
  day: number;
}

export interface Recorder {
  activities: Activities;
  notices: Notice[];
  transitions: Transition[];
  decisions: { outcome: string; referredTo: string | null; decidedBy: string }[];
  audits: { action: string; day: number }[];
  /** Notices for one audience, e.g. to('reporter') or to('officer', 'r1') or to('leads'). */
  to(kind: 'reporter' | 'officer' | 'leads', officerId?: string): Notice[];
}

/**
 * Activities that record instead of acting. `reviewers` are the unit's reviewers, least loaded
 * first; chooseReviewer returns the first not excluded.
 */
export function recorder(env: TestWorkflowEnvironment, reviewers: string[], receivedAt: number): Recorder {
  const notices: Notice[] = [];
  const transitions: Transition[] = [];
  const decisions: Recorder['decisions'] = [];
  const audits: Recorder['audits'] = [];
  const day = async () => Math.round(((await env.currentTimeMs()) - receivedAt) / 36e5) / 24;
  const activities = {
    caseOpened: async () => {},
    chooseReviewer: async ({ exclude }: { exclude: string[] }) => reviewers.find((r) => !exclude.includes(r)) ?? null,
    isEligibleReviewer: async ({ officerId }: { officerId: string }) => reviewers.includes(officerId),
    recordTransition: async (input: Omit<Transition, 'day'>) => {
      transitions.push({ status: input.status, action: input.action, assigneeId: input.assigneeId, escalationLevel: input.escalationLevel, actorOfficerId: input.actorOfficerId, day: await day() });
    },
    recordDecision: async (input: { outcome: string; referredTo: string | null; decidedBy: string }) => {
      decisions.push({ outcome: input.outcome, referredTo: input.referredTo, decidedBy: input.decidedBy });
    },
    appendAudit: async (input: { action: string }) => {
      audits.push({ action: input.action, day: await day() });
    },
    notify: async (input: NotifyInput) => {
      notices.push({ ...input, day: await day() });
      return { sent: 1, refused: 0 };
    },
    reconcileReports: async () => ({ started: 0 }),
  } as unknown as Activities;
  return {
    activities,
    notices,
    transitions,
    decisions,
    audits,
    to: (kind, officerId) =>
      notices.filter((n) => n.audience.kind === kind && (officerId === undefined || (n.audience.kind === 'officer' && n.audience.officerId === officerId))),
  };
}

export const reviewer = (officerId: string, unit = 'police'): Actor => ({ officerId, role: 'reviewer', unit });
export const supervisor = (officerId: string, unit = 'police'): Actor => ({ officerId, role: 'supervisor', unit });
export const head = (officerId: string, unit = 'police'): Actor => ({ officerId, role: 'head', unit });

export interface CaseRun {
  env: TestWorkflowEnvironment;
  rec: Recorder;
  workflowId: string;
  receivedAt: number;
}

/**
 * Starts a review workflow on a fresh task queue with recorded activities and runs `scenario`
 * while a worker serves it.
 */
export async function withCase(
  env: TestWorkflowEnvironment,
  options: { reviewers?: string[]; policy?: ReviewPolicy; workflowBundlePath?: string },
  scenario: (run: CaseRun & { input: ReportReviewInput }) => Promise<void>,
): Promise<void> {
  const taskQueue = `review-test-${randomUUID()}`;
  const receivedAt = await env.currentTimeMs();
  const rec = recorder(env, options.reviewers ?? ['r1', 'r2'], receivedAt);
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { codePath: options.workflowBundlePath ?? inject('workflowBundlePath') },
    activities: rec.activities,
  });
  const reportId = randomUUID();
  const input: ReportReviewInput = {
    reportId,
    unit: 'police',
    receivedAt: new Date(receivedAt).toISOString(),
    policy: options.policy ?? defaultPolicy,
    telegramTaskQueue: taskQueue,
  };
  const handle = await env.client.workflow.start('reportReviewWorkflow', { taskQueue, workflowId: workflowIdFor(reportId), args: [input] });
  try {
    await worker.runUntil(scenario({ env, rec, workflowId: workflowIdFor(reportId), receivedAt, input }));
  } finally {
    // Time skipping is global to the test server, and it never skips while a workflow task waits
    // for a worker: a case left running without its worker would stall every later test.
    await handle.terminate('test finished').catch(() => undefined);
  }
}

/** Waits until `predicate` holds over recorded calls (activities run asynchronously to the test). */
export async function until(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
