// Who may do what, and when. Pure functions of the workflow state, so the update validators, the
// bot (which shows only the buttons that fit) and the tests share one rulebook.
import { COMPETENT_BODIES, OUTCOMES, type Actor, type DecideArgs, type Phase, type ReassignArgs, type Rejection, type ReviewState } from './messages.js';

export type Action = 'accept' | 'decline' | 'extend' | 'requestInfo' | 'decide' | 'reassign';

export interface RuleContext {
  state: Pick<ReviewState, 'phase' | 'assigneeId' | 'extended'>;
  unit: string;
  now: number;
  finalDueAt: number;
}

const OPEN_REVIEW: readonly Phase[] = ['in_review', 'extended', 'overdue'];

const isLead = (actor: Actor) => actor.role === 'supervisor' || actor.role === 'head';

function assigneeOnly(actor: Actor, ctx: RuleContext): Rejection | null {
  return actor.officerId === ctx.state.assigneeId ? null : 'not-assigned';
}

function leadOnly(actor: Actor, ctx: RuleContext): Rejection | null {
  if (!isLead(actor)) return 'not-permitted';
  return actor.unit === ctx.unit ? null : 'other-unit';
}

/** Whether `actor` may take `action` now; null when allowed, else the reason for the refusal. */
export function checkAction(action: Action, actor: Actor, ctx: RuleContext): Rejection | null {
  const { phase } = ctx.state;
  if (phase === 'decided') return 'already-decided';
  switch (action) {
    case 'accept':
      if (phase === 'unassigned') return 'no-assignee';
      return assigneeOnly(actor, ctx) ?? (phase === 'awaiting_acceptance' ? null : 'already-accepted');
    case 'decline':
      if (phase === 'unassigned') return 'no-assignee';
      return assigneeOnly(actor, ctx);
    case 'extend':
      if (phase === 'unassigned') return 'no-assignee';
      return (
        assigneeOnly(actor, ctx) ??
        (phase === 'awaiting_acceptance'
          ? 'not-accepted-yet'
          : ctx.state.extended
            ? 'already-extended'
            : ctx.now >= ctx.finalDueAt
              ? 'past-final-due'
              : null)
      );
    case 'requestInfo':
      if (phase === 'unassigned') return 'no-assignee';
      return assigneeOnly(actor, ctx) ?? (OPEN_REVIEW.includes(phase) ? null : 'not-accepted-yet');
    case 'decide':
      // The assigned officer decides once they have accepted; a supervisor or head of the unit may
      // decide in place of an absent officer at any point.
      if (isLead(actor)) return leadOnly(actor, ctx);
      return assigneeOnly(actor, ctx) ?? (OPEN_REVIEW.includes(phase) ? null : 'not-accepted-yet');
    case 'reassign':
      return leadOnly(actor, ctx);
  }
}

export function checkDecision(args: Pick<DecideArgs, 'outcome' | 'referredTo' | 'summaryId'>): Rejection | null {
  if (!OUTCOMES.includes(args.outcome)) return 'unknown-outcome';
  if (args.outcome === 'referred') {
    if (!args.referredTo || !COMPETENT_BODIES.includes(args.referredTo)) return 'missing-competent-body';
  } else if (args.referredTo !== undefined) {
    return 'unexpected-competent-body';
  }
  return args.summaryId ? null : 'missing-summary';
}

export function checkReassignTarget(args: ReassignArgs, ctx: RuleContext): Rejection | null {
  return args.toOfficerId !== undefined && args.toOfficerId === ctx.state.assigneeId ? 'same-officer' : null;
}

/** The actions an officer's card offers in a phase, in button order. */
export function actionsFor(actor: Actor, ctx: RuleContext): Action[] {
  const all: Action[] = ['accept', 'decline', 'requestInfo', 'extend', 'decide', 'reassign'];
  return all.filter((action) => checkAction(action, actor, ctx) === null);
}
