import { describe, expect, it } from 'vitest';
import type { Actor, DecideArgs, Phase, Rejection } from '../../workflows/messages.js';
import { REJECTIONS } from '../../workflows/messages.js';
import { actionsFor, checkAction, checkDecision, checkReassignTarget, type Action, type RuleContext } from '../../workflows/rules.js';

const DAY = 24 * 60 * 60 * 1000;
const UNIT = 'police';
const RECEIVED = Date.parse('2026-03-02T09:15:00Z');
const FINAL_DUE = RECEIVED + 30 * DAY;

const ACTORS = {
  assigned: { officerId: 'reviewer-1', role: 'reviewer', unit: UNIT },
  otherReviewer: { officerId: 'reviewer-2', role: 'reviewer', unit: UNIT },
  supervisor: { officerId: 'supervisor-1', role: 'supervisor', unit: UNIT },
  head: { officerId: 'head-1', role: 'head', unit: UNIT },
  foreignSupervisor: { officerId: 'supervisor-9', role: 'supervisor', unit: 'border' },
  admin: { officerId: 'admin-1', role: 'admin', unit: UNIT },
} as const satisfies Record<string, Actor>;
type ActorName = keyof typeof ACTORS;
const ACTOR_NAMES = Object.keys(ACTORS) as ActorName[];

/** A realistic state and time for each phase: overdue lies past the final due date, after the extension. */
const CONTEXTS: Record<Phase, RuleContext> = {
  unassigned: { state: { phase: 'unassigned', assigneeId: null, extended: false }, unit: UNIT, now: RECEIVED + DAY, finalDueAt: FINAL_DUE },
  awaiting_acceptance: {
    state: { phase: 'awaiting_acceptance', assigneeId: 'reviewer-1', extended: false },
    unit: UNIT,
    now: RECEIVED + 2 * 60 * 60 * 1000,
    finalDueAt: FINAL_DUE,
  },
  in_review: { state: { phase: 'in_review', assigneeId: 'reviewer-1', extended: false }, unit: UNIT, now: RECEIVED + 5 * DAY, finalDueAt: FINAL_DUE },
  extended: { state: { phase: 'extended', assigneeId: 'reviewer-1', extended: true }, unit: UNIT, now: RECEIVED + 20 * DAY, finalDueAt: FINAL_DUE },
  overdue: { state: { phase: 'overdue', assigneeId: 'reviewer-1', extended: true }, unit: UNIT, now: RECEIVED + 31 * DAY, finalDueAt: FINAL_DUE },
  decided: { state: { phase: 'decided', assigneeId: 'reviewer-1', extended: false }, unit: UNIT, now: RECEIVED + 9 * DAY, finalDueAt: FINAL_DUE },
};
const PHASES = Object.keys(CONTEXTS) as Phase[];

// Button order of the officer's card.
const ACTIONS: Action[] = ['accept', 'decline', 'requestInfo', 'extend', 'decide', 'reassign'];

type Row = Record<ActorName, Rejection | null>;
const all = (reason: Rejection | null): Row => ({
  assigned: reason,
  otherReviewer: reason,
  supervisor: reason,
  head: reason,
  foreignSupervisor: reason,
  admin: reason,
});
/** Only the assigned officer may; everyone else is told the case is not theirs. */
const assignee = (reason: Rejection | null): Row => ({ ...all('not-assigned'), assigned: reason });
/** Supervisors and heads of the case's unit decide in place of an absent officer. */
const decide = (assigned: Rejection | null): Row => ({
  ...all('not-assigned'),
  assigned,
  supervisor: null,
  head: null,
  foreignSupervisor: 'other-unit',
});
const REASSIGN: Row = { ...all('not-permitted'), supervisor: null, head: null, foreignSupervisor: 'other-unit' };
const DECIDED = all('already-decided');

// The rulebook of workflows/rules.ts, written out case by case.
const EXPECTED: Record<Action, Record<Phase, Row>> = {
  accept: {
    unassigned: all('no-assignee'),
    awaiting_acceptance: assignee(null),
    in_review: assignee('already-accepted'),
    extended: assignee('already-accepted'),
    overdue: assignee('already-accepted'),
    decided: DECIDED,
  },
  decline: {
    unassigned: all('no-assignee'),
    awaiting_acceptance: assignee(null),
    in_review: assignee(null),
    extended: assignee(null),
    overdue: assignee(null),
    decided: DECIDED,
  },
  requestInfo: {
    unassigned: all('no-assignee'),
    awaiting_acceptance: assignee('not-accepted-yet'),
    in_review: assignee(null),
    extended: assignee(null),
    overdue: assignee(null),
    decided: DECIDED,
  },
  extend: {
    unassigned: all('no-assignee'),
    awaiting_acceptance: assignee('not-accepted-yet'),
    in_review: assignee(null),
    extended: assignee('already-extended'),
    overdue: assignee('already-extended'),
    decided: DECIDED,
  },
  decide: {
    unassigned: decide('not-assigned'),
    awaiting_acceptance: decide('not-accepted-yet'),
    in_review: decide(null),
    extended: decide(null),
    overdue: decide(null),
    decided: DECIDED,
  },
  reassign: {
    unassigned: REASSIGN,
    awaiting_acceptance: REASSIGN,
    in_review: REASSIGN,
    extended: REASSIGN,
    overdue: REASSIGN,
    decided: DECIDED,
  },
};

const MATRIX = ACTIONS.flatMap((action) =>
  PHASES.flatMap((phase) => ACTOR_NAMES.map((actor) => ({ action, phase, actor, expected: EXPECTED[action][phase][actor] }))),
);

describe('checkAction matrix', () => {
  it('covers every action, phase and actor', () => {
    expect(MATRIX).toHaveLength(6 * 6 * 6);
  });

  it('every refusal in the table is a known rejection', () => {
    for (const { expected } of MATRIX) if (expected !== null) expect(REJECTIONS).toContain(expected);
  });

  it.each(MATRIX)('$action in $phase by $actor → $expected', ({ action, phase, actor, expected }) => {
    expect(checkAction(action, ACTORS[actor], CONTEXTS[phase])).toBe(expected);
  });
});

describe('checkAction: the clock and the single extension', () => {
  const inReview = CONTEXTS.in_review;

  it('extending at the final due date is refused as past-final-due', () => {
    expect(checkAction('extend', ACTORS.assigned, { ...inReview, now: FINAL_DUE })).toBe('past-final-due');
  });

  it('extending after the final due date is refused as past-final-due', () => {
    expect(checkAction('extend', ACTORS.assigned, { ...inReview, now: FINAL_DUE + DAY })).toBe('past-final-due');
  });

  it('extending a moment before the final due date is allowed', () => {
    expect(checkAction('extend', ACTORS.assigned, { ...inReview, now: FINAL_DUE - 1 })).toBeNull();
  });

  it('extending twice is refused as already-extended', () => {
    const once = { ...inReview, state: { ...inReview.state, phase: 'extended' as const, extended: true } };
    expect(checkAction('extend', ACTORS.assigned, once)).toBe('already-extended');
  });

  it('an extended case handed to a new officer cannot be extended again once accepted', () => {
    const reassigned = { ...inReview, state: { phase: 'in_review' as const, assigneeId: 'reviewer-1', extended: true } };
    expect(checkAction('extend', ACTORS.assigned, reassigned)).toBe('already-extended');
  });

  it('the already-extended refusal wins over past-final-due', () => {
    expect(checkAction('extend', ACTORS.assigned, CONTEXTS.overdue)).toBe('already-extended');
  });

  it('a lead of the unit still decides when the assignee is somebody else entirely', () => {
    const ctx = { ...inReview, state: { ...inReview.state, assigneeId: 'reviewer-7' } };
    expect(checkAction('decide', ACTORS.supervisor, ctx)).toBeNull();
    expect(checkAction('decide', ACTORS.assigned, ctx)).toBe('not-assigned');
  });
});

describe('checkDecision', () => {
  const decision = (args: Partial<DecideArgs>) => checkDecision({ outcome: 'substantiated', summaryId: 'summary-1', ...args });

  it.each(['substantiated', 'not_substantiated', 'no_grounds'] as const)('%s with a summary and no body is accepted', (outcome) => {
    expect(decision({ outcome })).toBeNull();
  });

  it.each(['nabu', 'sbi', 'nazk', 'police'] as const)('a referral to %s is accepted', (referredTo) => {
    expect(decision({ outcome: 'referred', referredTo })).toBeNull();
  });

  it('a referral needs a competent body', () => {
    expect(decision({ outcome: 'referred' })).toBe('missing-competent-body');
  });

  it('a referral to an unknown body is refused', () => {
    expect(decision({ outcome: 'referred', referredTo: 'fbi' as never })).toBe('missing-competent-body');
  });

  it.each(['substantiated', 'not_substantiated', 'no_grounds'] as const)('%s must not name a competent body', (outcome) => {
    expect(decision({ outcome, referredTo: 'nabu' })).toBe('unexpected-competent-body');
  });

  it('a summary is required', () => {
    expect(decision({ summaryId: '' })).toBe('missing-summary');
    expect(decision({ outcome: 'referred', referredTo: 'sbi', summaryId: '' })).toBe('missing-summary');
  });

  it('an unknown outcome is refused before anything else', () => {
    expect(decision({ outcome: 'maybe' as never, summaryId: '' })).toBe('unknown-outcome');
    expect(decision({ outcome: 'Referred' as never, referredTo: 'nabu' })).toBe('unknown-outcome');
  });
});

describe('checkReassignTarget', () => {
  const ctx = CONTEXTS.in_review;

  it('refuses handing the case to the officer who has it', () => {
    expect(checkReassignTarget({ actor: ACTORS.supervisor, toOfficerId: 'reviewer-1' }, ctx)).toBe('same-officer');
  });

  it('accepts another officer', () => {
    expect(checkReassignTarget({ actor: ACTORS.supervisor, toOfficerId: 'reviewer-2' }, ctx)).toBeNull();
  });

  it('accepts leaving the choice to the least-loaded rule', () => {
    expect(checkReassignTarget({ actor: ACTORS.supervisor }, ctx)).toBeNull();
    expect(checkReassignTarget({ actor: ACTORS.supervisor }, CONTEXTS.unassigned)).toBeNull();
  });

  it('accepts any named officer for an unassigned case', () => {
    expect(checkReassignTarget({ actor: ACTORS.supervisor, toOfficerId: 'reviewer-1' }, CONTEXTS.unassigned)).toBeNull();
  });
});

describe('actionsFor', () => {
  it.each(PHASES.flatMap((phase) => ACTOR_NAMES.map((actor) => ({ phase, actor }))))(
    'offers $actor in $phase exactly the allowed actions, in button order',
    ({ phase, actor }) => {
      const allowed = ACTIONS.filter((action) => EXPECTED[action][phase][actor] === null);
      expect(actionsFor(ACTORS[actor], CONTEXTS[phase])).toEqual(allowed);
    },
  );

  it('the assigned officer sees accept and decline before accepting', () => {
    expect(actionsFor(ACTORS.assigned, CONTEXTS.awaiting_acceptance)).toEqual(['accept', 'decline']);
  });

  it('the assigned officer sees decline, question, extend and decide while reviewing', () => {
    expect(actionsFor(ACTORS.assigned, CONTEXTS.in_review)).toEqual(['decline', 'requestInfo', 'extend', 'decide']);
  });

  it('a supervisor of the unit sees decide and reassign', () => {
    expect(actionsFor(ACTORS.supervisor, CONTEXTS.in_review)).toEqual(['decide', 'reassign']);
  });

  it('nobody sees a button on a decided case', () => {
    for (const actor of ACTOR_NAMES) expect(actionsFor(ACTORS[actor], CONTEXTS.decided)).toEqual([]);
  });
});
