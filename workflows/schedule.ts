// The timed events of a case, derived from its state alone. The workflow sleeps until the earliest
// one not yet handled; any action re-plans. Keeping this pure makes the legal clock testable
// without a server and keeps the workflow loop short.
import type { ReviewState } from './messages.js';
import { parseDuration, remindersBefore, type ReviewPolicy } from './policy.js';

export type TimedEventKind =
  | 'acceptance-timeout'
  | 'reminder'
  | 'review-due'
  | 'auto-extend'
  | 'overdue'
  | 'overdue-repeat';

export interface TimedEvent {
  /** Unique per case; remembered in `fired` so each event happens once. */
  key: string;
  kind: TimedEventKind;
  at: number;
  /** For reminders: the due date being reminded of. */
  dueAt?: number;
}

export interface Clock {
  receivedAt: number;
  reviewDueAt: number;
  finalDueAt: number;
}

export function currentDueAt(state: Pick<ReviewState, 'extended'>, clock: Clock): number {
  return state.extended ? clock.finalDueAt : clock.reviewDueAt;
}

/** Every event still to come for this state, earliest first. */
export function pendingEvents(state: ReviewState, clock: Clock, policy: ReviewPolicy): TimedEvent[] {
  if (state.phase === 'decided') return [];
  const events: TimedEvent[] = [];
  const fired = new Set(state.fired);
  const add = (event: TimedEvent) => {
    if (!fired.has(event.key)) events.push(event);
  };

  if (state.phase === 'awaiting_acceptance' && state.assigneeId && state.assignedAt !== null) {
    add({
      key: `acceptance-timeout:${state.assigneeId}:${state.assignedAt}`,
      kind: 'acceptance-timeout',
      at: state.assignedAt + parseDuration(policy.acceptWithin),
    });
  }

  const dueAt = currentDueAt(state, clock);
  // Reminders are planned from receipt, so a reminder whose time had already passed when the case
  // arrived (a short demo policy) is never sent late.
  for (const at of remindersBefore(policy, dueAt, clock.receivedAt)) {
    add({ key: `reminder:${dueAt}:${at}`, kind: 'reminder', at, dueAt });
  }

  if (!state.extended) {
    add({ key: 'review-due', kind: 'review-due', at: clock.reviewDueAt });
    add({ key: 'auto-extend', kind: 'auto-extend', at: clock.reviewDueAt + parseDuration(policy.graceAfterReviewDue) });
  } else {
    add({ key: 'overdue', kind: 'overdue', at: clock.finalDueAt });
    if (fired.has('overdue')) {
      // Repeats are counted from the final due date, so the n-th repeat has a stable key and time.
      const every = parseDuration(policy.overdueRepeat);
      const done = state.fired.filter((key) => key.startsWith('overdue-repeat:')).length;
      const n = done + 1;
      add({ key: `overdue-repeat:${n}`, kind: 'overdue-repeat', at: clock.finalDueAt + n * every });
    }
  }
  return events.sort((a, b) => a.at - b.at || a.key.localeCompare(b.key));
}
