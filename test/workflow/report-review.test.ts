// Every path of the review lifecycle at its real length (15 and 30 days), on the Java
// time-skipping test server with recorded activities: who is told what, and when.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  type Rejection,
} from '../../workflows/messages.js';
import { AnticorAssignee, AnticorDueAt, AnticorEscalation, AnticorStatus, AnticorUnit } from '../../workflows/search-attributes.js';
import { DAY, HOUR, createTimeSkippingEnv, head, reviewer, supervisor, until, withCase } from '../helpers/workflow-env.js';

let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
});

afterAll(async () => {
  await env?.teardown();
});

const handleOf = (workflowId: string): WorkflowHandle => env.client.workflow.getHandle(workflowId);

async function rejection(promise: Promise<unknown>): Promise<Rejection | string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure && error.cause.type === REJECTION_ERROR_TYPE) {
      return error.cause.message as Rejection;
    }
    return `unexpected: ${String(error)}`;
  }
  return 'accepted';
}

const decision = { outcome: 'substantiated' as const, summaryId: 'summary-1' };

describe('the review of a report', () => {
  it('tells the whistleblower of receipt and outcome when the assigned officer accepts and decides', async () => {
    await withCase(env, {}, async ({ rec, workflowId, receivedAt }) => {
      const handle = handleOf(workflowId);
      await until(() => rec.to('officer', 'r1').some((n) => n.notice === 'assigned'), 'assignment');
      expect(rec.to('reporter').map((n) => n.notice)).toEqual(['received']);
      expect(new Date(rec.to('reporter')[0]!.params.dueAt).getTime()).toBe(receivedAt + 15 * DAY);

      const accepted = await handle.executeUpdate(acceptUpdate, { args: [{ actor: reviewer('r1') }] });
      expect(accepted.phase).toBe('in_review');
      await env.sleep('3 days');
      const decided = await handle.executeUpdate(decideUpdate, { args: [{ actor: reviewer('r1'), ...decision }] });
      expect(decided.phase).toBe('decided');

      const status = await handle.result();
      expect(status).toMatchObject({ phase: 'decided', outcome: 'substantiated', assigneeId: 'r1', escalationLevel: 0, extended: false });
      expect(rec.decisions).toEqual([{ outcome: 'substantiated', referredTo: null, decidedBy: 'r1' }]);
      const told = rec.to('reporter');
      expect(told.map((n) => n.notice)).toEqual(['received', 'decided']);
      expect(told[1]!.day).toBeCloseTo(3, 1);
      expect(told[1]!.params).toMatchObject({ outcome: 'substantiated', summaryId: 'summary-1' });
      const sa = (await handle.describe()).typedSearchAttributes;
      expect(sa.get(AnticorStatus)).toBe('decided');
      expect(sa.get(AnticorAssignee)).toBe('r1');
      expect(sa.get(AnticorUnit)).toBe('police');
      expect(sa.get(AnticorEscalation)).toBe(0);
    });
  });

  it('passes over an officer who does not accept within 24 hours and tells the supervisor', async () => {
    await withCase(env, {}, async ({ rec, workflowId }) => {
      const handle = handleOf(workflowId);
      await until(() => rec.to('officer', 'r1').length > 0, 'assignment to r1');
      await env.sleep(24 * HOUR - 60_000);
      expect((await handle.query(statusQuery)).assigneeId).toBe('r1');
      await env.sleep('2 minutes');
      await until(() => rec.to('officer', 'r2').some((n) => n.notice === 'assigned'), 'assignment to r2');
      const status = await handle.query(statusQuery);
      expect(status).toMatchObject({ phase: 'awaiting_acceptance', assigneeId: 'r2', passedOver: ['r1'] });
      expect(rec.to('leads').map((n) => n.notice)).toContain('officer-no-answer');
      expect(rec.to('officer', 'r1').map((n) => n.notice)).toEqual(['assigned', 'case-moved-away']);
      expect((await handle.describe()).typedSearchAttributes.get(AnticorAssignee)).toBe('r2');
    });
  });

  it('moves a declined case to the next officer, never back, and waits for a supervisor when nobody is left', async () => {
    await withCase(env, {}, async ({ rec, workflowId }) => {
      const handle = handleOf(workflowId);
      await until(() => rec.to('officer', 'r1').length > 0, 'assignment');
      const declined = await handle.executeUpdate(declineUpdate, { args: [{ actor: reviewer('r1'), reasonNoteId: 'note-1' }] });
      expect(declined.assigneeId).toBe('r2');
      expect(rec.to('leads').find((n) => n.notice === 'officer-declined')?.params).toMatchObject({ officerId: 'r1', reasonNoteId: 'note-1' });
      await handle.executeUpdate(acceptUpdate, { args: [{ actor: reviewer('r2') }] });
      const second = await handle.executeUpdate(declineUpdate, { args: [{ actor: reviewer('r2'), reasonNoteId: 'note-2' }] });
      expect(second).toMatchObject({ phase: 'unassigned', assigneeId: null });
      expect(rec.to('leads').map((n) => n.notice)).toContain('nobody-available');
      const auto = await handle.executeUpdate(reassignUpdate, { args: [{ actor: supervisor('s1') }] });
      expect(auto).toMatchObject({ phase: 'unassigned', assigneeId: null });
      const chosen = await handle.executeUpdate(reassignUpdate, { args: [{ actor: supervisor('s1'), toOfficerId: 'r1' }] });
      expect(chosen).toMatchObject({ phase: 'awaiting_acceptance', assigneeId: 'r1' });
      expect(rec.transitions.filter((t) => t.action === 'assigned').map((t) => t.actorOfficerId)).toEqual([null, 'r1', 's1']);
    });
  });

  it('reminds the officer 5 days and 1 day before the review due date', async () => {
    await withCase(env, {}, async ({ rec, workflowId }) => {
      const handle = handleOf(workflowId);
      await until(() => rec.to('officer', 'r1').length > 0, 'assignment');
      await handle.executeUpdate(acceptUpdate, { args: [{ actor: reviewer('r1') }] });
      await env.sleep('14 days');
      await env.sleep('1 hour');
      await until(() => rec.to('officer', 'r1').filter((n) => n.notice === 'reminder').length === 2, 'two reminders');
      const reminders = rec.to('officer', 'r1').filter((n) => n.notice === 'reminder');
      expect(reminders.map((n) => Math.round(n.day))).toEqual([10, 14]);
      expect(rec.to('officer', 'r1').some((n) => n.notice === 'decide-or-extend')).toBe(false);
    });
  });

  it('asks to decide or extend on day 15, then extends by itself after the grace day, telling the whistleblower and escalating to the supervisor', async () => {
    await withCase(env, {}, async ({ rec, workflowId, receivedAt }) => {
      const handle = handleOf(workflowId);
      await until(() => rec.to('officer', 'r1').length > 0, 'assignment');
      await handle.executeUpdate(acceptUpdate, { args: [{ actor: reviewer('r1') }] });
      await env.sleep(15 * DAY + HOUR);
      await until(() => rec.to('officer', 'r1').some((n) => n.notice === 'decide-or-extend'), 'decide-or-extend');
      expect(Math.round(rec.to('officer', 'r1').find((n) => n.notice === 'decide-or-extend')!.day)).toBe(15);
      expect((await handle.query(statusQuery)).extended).toBe(false);
      await env.sleep(DAY);
      await until(() => rec.to('reporter').some((n) => n.notice === 'extended'), 'extension notice');
      const extended = rec.to('reporter').find((n) => n.notice === 'extended')!;
      expect(Math.round(extended.day)).toBe(16);
      expect(new Date(extended.params.dueAt).getTime()).toBe(receivedAt + 30 * DAY);
      expect(rec.to('leads').find((n) => n.notice === 'escalated-auto-extended')?.audience).toMatchObject({ roles: ['supervisor'] });
      const status = await handle.query(statusQuery);
      expect(status).toMatchObject({ phase: 'extended', extended: true, escalationLevel: 1 });
      const sa = (await handle.describe()).typedSearchAttributes;
      expect(sa.get(AnticorEscalation)).toBe(1);
      expect(sa.get(AnticorDueAt)?.getTime()).toBe(receivedAt + 30 * DAY);
    });
  });

  it("tells the whistleblower of an officer's extension and refuses a second one", async () => {
    await withCase(env, {}, async ({ rec, workflowId, receivedAt }) => {
      const handle = handleOf(workflowId);
      await until(() => rec.to('officer', 'r1').length > 0, 'assignment');
      expect(await rejection(handle.executeUpdate(extendUpdate, { args: [{ actor: reviewer('r1'), reasonNoteId: 'n' }] }))).toBe('not-accepted-yet');
      await handle.executeUpdate(acceptUpdate, { args: [{ actor: reviewer('r1') }] });
      await env.sleep('2 days');
      const result = await handle.executeUpdate(extendUpdate, { args: [{ actor: reviewer('r1'), reasonNoteId: 'n' }] });
      expect(new Date(result.dueAt).getTime()).toBe(receivedAt + 30 * DAY);
      await until(() => rec.to('reporter').some((n) => n.notice === 'extended'), 'extension notice');
      expect(Math.round(rec.to('reporter').find((n) => n.notice === 'extended')!.day)).toBe(2);
      expect(await rejection(handle.executeUpdate(extendUpdate, { args: [{ actor: reviewer('r1'), reasonNoteId: 'n' }] }))).toBe('already-extended');
      // Reminders now count towards day 30: days 25 and 29, and nothing at day 15 or 16.
      await env.sleep('27 days');
      await until(() => rec.to('officer', 'r1').filter((n) => n.notice === 'reminder').length === 2, 'reminders before day 30');
      expect(rec.to('officer', 'r1').filter((n) => n.notice === 'reminder').map((n) => Math.round(n.day))).toEqual([25, 29]);
      expect(rec.to('officer', 'r1').some((n) => n.notice === 'decide-or-extend' || n.notice === 'auto-extended')).toBe(false);
    });
  });

  it('escalates to the head on day 30 and repeats daily until a decision; it never closes by itself', async () => {
    await withCase(env, {}, async ({ rec, workflowId }) => {
      const handle = handleOf(workflowId);
      await until(() => rec.to('officer', 'r1').length > 0, 'assignment');
      await handle.executeUpdate(acceptUpdate, { args: [{ actor: reviewer('r1') }] });
      await env.sleep(30 * DAY + HOUR);
      await until(() => rec.to('leads').some((n) => n.notice === 'escalated-overdue'), 'overdue escalation');
      const overdue = rec.to('leads').find((n) => n.notice === 'escalated-overdue')!;
      expect(Math.round(overdue.day)).toBe(30);
      expect(overdue.audience).toMatchObject({ roles: ['head', 'supervisor'] });
      expect(rec.to('officer', 'r1').some((n) => n.notice === 'escalated-overdue')).toBe(true);
      await env.sleep('10 days');
      await until(() => rec.to('leads').filter((n) => n.notice === 'overdue-repeat').length === 10, 'ten daily repeats');
      expect(rec.to('leads').filter((n) => n.notice === 'overdue-repeat').map((n) => Math.round(n.day))).toEqual([31, 32, 33, 34, 35, 36, 37, 38, 39, 40]);
      const status = await handle.query(statusQuery);
      expect(status).toMatchObject({ phase: 'overdue', escalationLevel: 2, outcome: null });
      expect((await handle.describe()).status.name).toBe('RUNNING');
      expect((await handle.describe()).typedSearchAttributes.get(AnticorStatus)).toBe('overdue');
      await handle.executeUpdate(decideUpdate, { args: [{ actor: head('h1'), outcome: 'not_substantiated', summaryId: 's' }] });
      expect(await handle.result()).toMatchObject({ phase: 'decided', outcome: 'not_substantiated' });
      expect(rec.to('officer', 'r1').some((n) => n.notice === 'decided-by-lead')).toBe(true);
    });
  });

  it("relays an officer's question to the whistleblower and the reply back to the officer", async () => {
    await withCase(env, {}, async ({ rec, workflowId }) => {
      const handle = handleOf(workflowId);
      await until(() => rec.to('officer', 'r1').length > 0, 'assignment');
      expect(await rejection(handle.executeUpdate(requestInfoUpdate, { args: [{ actor: reviewer('r1'), questionId: 'q1' }] }))).toBe('not-accepted-yet');
      await handle.executeUpdate(acceptUpdate, { args: [{ actor: reviewer('r1') }] });
      await handle.executeUpdate(requestInfoUpdate, { args: [{ actor: reviewer('r1'), questionId: 'q1' }] });
      expect(rec.to('reporter').find((n) => n.notice === 'question')?.params.questionId).toBe('q1');
      await handle.signal(reporterRepliedSignal, { messageId: 'a1' });
      await until(() => rec.to('officer', 'r1').some((n) => n.notice === 'reporter-replied'), 'reply notice');
      expect(rec.to('officer', 'r1').find((n) => n.notice === 'reporter-replied')?.params.messageId).toBe('a1');
    });
  });

  it("moves a deactivated officer's case to the next reviewer", async () => {
    await withCase(env, {}, async ({ rec, workflowId }) => {
      const handle = handleOf(workflowId);
      await until(() => rec.to('officer', 'r1').length > 0, 'assignment');
      await handle.executeUpdate(acceptUpdate, { args: [{ actor: reviewer('r1') }] });
      await handle.signal(officerDeactivatedSignal, { officerId: 'r1' });
      await until(() => rec.to('officer', 'r2').some((n) => n.notice === 'assigned'), 'assignment to r2');
      expect(await handle.query(statusQuery)).toMatchObject({ assigneeId: 'r2', phase: 'awaiting_acceptance', passedOver: ['r1'] });
    });
  });
});

describe('the rules an officer meets when pressing a button', () => {
  it('refuses actors who may not act, with a reason', async () => {
    await withCase(env, {}, async ({ rec, workflowId }) => {
      const handle = handleOf(workflowId);
      await until(() => rec.to('officer', 'r1').length > 0, 'assignment');
      const update = <A>(def: UpdateDefinition<ActionResult, [A]>, arg: A) => rejection(handle.executeUpdate(def, { args: [arg] }));
      expect(await update(acceptUpdate, { actor: reviewer('r2') })).toBe('not-assigned');
      expect(await update(acceptUpdate, { actor: supervisor('s1') })).toBe('not-assigned');
      expect(await update(declineUpdate, { actor: reviewer('r2'), reasonNoteId: 'n' })).toBe('not-assigned');
      expect(await update(declineUpdate, { actor: reviewer('r1'), reasonNoteId: '' })).toBe('missing-reason');
      expect(await update(reassignUpdate, { actor: reviewer('r1') })).toBe('not-permitted');
      expect(await update(reassignUpdate, { actor: supervisor('s9', 'border') })).toBe('other-unit');
      expect(await update(reassignUpdate, { actor: supervisor('s1'), toOfficerId: 'r1' })).toBe('same-officer');
      expect(await update(reassignUpdate, { actor: supervisor('s1'), toOfficerId: 'stranger' })).toBe('target-not-eligible');
      expect(await update(decideUpdate, { actor: reviewer('r1'), ...decision })).toBe('not-accepted-yet');
      expect(await update(decideUpdate, { actor: head('h9', 'migration'), ...decision })).toBe('other-unit');
      await handle.executeUpdate(acceptUpdate, { args: [{ actor: reviewer('r1') }] });
      expect(await update(acceptUpdate, { actor: reviewer('r1') })).toBe('already-accepted');
      expect(await update(decideUpdate, { actor: reviewer('r1'), outcome: 'referred', summaryId: 's' })).toBe('missing-competent-body');
      expect(await update(decideUpdate, { actor: reviewer('r1'), outcome: 'substantiated', referredTo: 'nabu', summaryId: 's' })).toBe('unexpected-competent-body');
      expect(await update(decideUpdate, { actor: reviewer('r1'), outcome: 'substantiated', summaryId: '' })).toBe('missing-summary');
      expect(await update(decideUpdate, { actor: reviewer('r1'), outcome: 'guilty' as 'substantiated', summaryId: 's' })).toBe('unknown-outcome');
      expect(await update(requestInfoUpdate, { actor: reviewer('r1'), questionId: '' })).toBe('missing-question');
      expect(await update(extendUpdate, { actor: reviewer('r1'), reasonNoteId: '' })).toBe('missing-reason');
      expect(await update(extendUpdate, { actor: supervisor('s1'), reasonNoteId: 'n' })).toBe('not-assigned');
      // None of the refusals changed the case.
      expect(await handle.query(statusQuery)).toMatchObject({ phase: 'in_review', assigneeId: 'r1', extended: false });
      expect(rec.transitions.filter((t) => t.action !== 'assigned').map((t) => t.action)).toEqual(['accepted']);
      await handle.executeUpdate(decideUpdate, { args: [{ actor: reviewer('r1'), outcome: 'referred', referredTo: 'nabu', summaryId: 's' }] });
      await handle.result();
      expect(await update(decideUpdate, { actor: reviewer('r1'), ...decision })).toMatch(/unexpected/);
      expect(rec.decisions).toHaveLength(1);
    });
  });

  it('applies a repeated update id once and returns the first result', async () => {
    await withCase(env, {}, async ({ rec, workflowId }) => {
      const handle = handleOf(workflowId);
      await until(() => rec.to('officer', 'r1').length > 0, 'assignment');
      const first = await handle.executeUpdate(acceptUpdate, { args: [{ actor: reviewer('r1') }], updateId: 'tg-cb-1' });
      const again = await handle.executeUpdate(acceptUpdate, { args: [{ actor: reviewer('r1') }], updateId: 'tg-cb-1' });
      expect(again).toEqual(first);
      expect(rec.transitions.filter((t) => t.action === 'accepted')).toHaveLength(1);
      await handle.executeUpdate(requestInfoUpdate, { args: [{ actor: reviewer('r1'), questionId: 'q' }], updateId: 'tg-msg-5' });
      await handle.executeUpdate(requestInfoUpdate, { args: [{ actor: reviewer('r1'), questionId: 'q' }], updateId: 'tg-msg-5' });
      expect(rec.to('reporter').filter((n) => n.notice === 'question')).toHaveLength(1);
    });
  });
});
