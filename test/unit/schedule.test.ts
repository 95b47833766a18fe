import { describe, expect, it } from 'vitest';
import type { ReviewState } from '../../workflows/messages.js';
import { defaultPolicy, dueDates, type ReviewPolicy } from '../../workflows/policy.js';
import { currentDueAt, pendingEvents, type Clock } from '../../workflows/schedule.js';

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const R = Date.parse('2026-03-02T09:15:00Z');
const clockFor = (policy: ReviewPolicy, receivedAt = R): Clock => ({ receivedAt, ...dueDates(policy, receivedAt) });
const CLOCK = clockFor(defaultPolicy);

const state = (overrides: Partial<ReviewState> = {}): ReviewState => ({
  phase: 'awaiting_acceptance',
  assigneeId: 'officer-1',
  assignedAt: R,
  passedOver: [],
  extended: false,
  escalationLevel: 0,
  fired: [],
  outcome: null,
  referredTo: null,
  revision: 1,
  ...overrides,
});

const reviewReminder = (day: number) => `reminder:${R + 15 * DAY}:${R + day * DAY}`;
const finalReminder = (day: number) => `reminder:${R + 30 * DAY}:${R + day * DAY}`;

describe('pendingEvents at real durations', () => {
  it('a fresh case awaiting acceptance plans acceptance timeout, two reminders, review due and auto-extension in order', () => {
    expect(pendingEvents(state(), CLOCK, defaultPolicy)).toEqual([
      { key: `acceptance-timeout:officer-1:${R}`, kind: 'acceptance-timeout', at: R + 24 * HOUR },
      { key: reviewReminder(10), kind: 'reminder', at: R + 10 * DAY, dueAt: R + 15 * DAY },
      { key: reviewReminder(14), kind: 'reminder', at: R + 14 * DAY, dueAt: R + 15 * DAY },
      { key: 'review-due', kind: 'review-due', at: R + 15 * DAY },
      { key: 'auto-extend', kind: 'auto-extend', at: R + 16 * DAY },
    ]);
  });

  it('the acceptance timeout counts from the assignment, not from receipt', () => {
    const assignedAt = R + 3 * HOUR;
    const [first] = pendingEvents(state({ assigneeId: 'officer-2', assignedAt }), CLOCK, defaultPolicy);
    expect(first).toEqual({ key: `acceptance-timeout:officer-2:${assignedAt}`, kind: 'acceptance-timeout', at: assignedAt + 24 * HOUR });
  });

  it('an accepted case has no acceptance timeout', () => {
    const events = pendingEvents(state({ phase: 'in_review' }), CLOCK, defaultPolicy);
    expect(events.map((e) => e.kind)).toEqual(['reminder', 'reminder', 'review-due', 'auto-extend']);
  });

  it('an unassigned case has no acceptance timeout but keeps the legal clock', () => {
    const events = pendingEvents(state({ phase: 'unassigned', assigneeId: null, assignedAt: null }), CLOCK, defaultPolicy);
    expect(events.map((e) => [e.kind, e.at])).toEqual([
      ['reminder', R + 10 * DAY],
      ['reminder', R + 14 * DAY],
      ['review-due', R + 15 * DAY],
      ['auto-extend', R + 16 * DAY],
    ]);
  });

  it('after an extension: reminders on days 25 and 29, then overdue on day 30', () => {
    const extended = state({ phase: 'extended', extended: true, fired: [reviewReminder(10), reviewReminder(14), 'review-due'] });
    expect(pendingEvents(extended, CLOCK, defaultPolicy)).toEqual([
      { key: finalReminder(25), kind: 'reminder', at: R + 25 * DAY, dueAt: R + 30 * DAY },
      { key: finalReminder(29), kind: 'reminder', at: R + 29 * DAY, dueAt: R + 30 * DAY },
      { key: 'overdue', kind: 'overdue', at: R + 30 * DAY },
    ]);
  });

  it('an extended case plans no review-due or auto-extension even when they never fired', () => {
    const kinds = pendingEvents(state({ phase: 'extended', extended: true }), CLOCK, defaultPolicy).map((e) => e.kind);
    expect(kinds).not.toContain('review-due');
    expect(kinds).not.toContain('auto-extend');
  });

  it("once 'overdue' fired, the first repeat comes a day after the final due date", () => {
    const overdue = state({ phase: 'overdue', extended: true, fired: ['review-due', 'auto-extend', finalReminder(25), finalReminder(29), 'overdue'] });
    expect(pendingEvents(overdue, CLOCK, defaultPolicy)).toEqual([{ key: 'overdue-repeat:1', kind: 'overdue-repeat', at: R + 31 * DAY }]);
  });

  it('the second repeat follows once the first is in fired, on day 32', () => {
    const overdue = state({
      phase: 'overdue',
      extended: true,
      fired: ['review-due', 'auto-extend', finalReminder(25), finalReminder(29), 'overdue', 'overdue-repeat:1'],
    });
    expect(pendingEvents(overdue, CLOCK, defaultPolicy)).toEqual([{ key: 'overdue-repeat:2', kind: 'overdue-repeat', at: R + 32 * DAY }]);
  });

  it('the n-th repeat is counted from the final due date', () => {
    const fired = ['overdue', 'overdue-repeat:1', 'overdue-repeat:2', 'overdue-repeat:3', finalReminder(25), finalReminder(29)];
    expect(pendingEvents(state({ phase: 'overdue', extended: true, fired }), CLOCK, defaultPolicy)).toEqual([
      { key: 'overdue-repeat:4', kind: 'overdue-repeat', at: R + 34 * DAY },
    ]);
  });

  it('no repeat is planned before overdue has fired', () => {
    const kinds = pendingEvents(state({ phase: 'extended', extended: true }), CLOCK, defaultPolicy).map((e) => e.kind);
    expect(kinds).not.toContain('overdue-repeat');
  });

  it('fired keys are not returned', () => {
    const fired = [`acceptance-timeout:officer-1:${R}`, reviewReminder(10)];
    expect(pendingEvents(state({ fired }), CLOCK, defaultPolicy).map((e) => e.key)).toEqual([reviewReminder(14), 'review-due', 'auto-extend']);
  });

  it('a timeout fired for an earlier assignment does not hide the new one', () => {
    const assignedAt = R + 2 * DAY;
    const events = pendingEvents(state({ assigneeId: 'officer-2', assignedAt, fired: [`acceptance-timeout:officer-1:${R}`] }), CLOCK, defaultPolicy);
    expect(events[0]).toEqual({ key: `acceptance-timeout:officer-2:${assignedAt}`, kind: 'acceptance-timeout', at: assignedAt + 24 * HOUR });
  });

  it('a decided case has no events', () => {
    expect(pendingEvents(state({ phase: 'decided', outcome: 'substantiated' }), CLOCK, defaultPolicy)).toEqual([]);
    expect(pendingEvents(state({ phase: 'decided', extended: true, fired: ['overdue'] }), CLOCK, defaultPolicy)).toEqual([]);
  });

  it('every event is in time order', () => {
    for (const s of [state(), state({ phase: 'extended', extended: true }), state({ phase: 'overdue', extended: true, fired: ['overdue'] })]) {
      const times = pendingEvents(s, CLOCK, defaultPolicy).map((e) => e.at);
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
  });
});

describe('pendingEvents with a compressed policy', () => {
  const demo: ReviewPolicy = {
    ...defaultPolicy,
    reviewDue: 'PT10M',
    extendedDue: 'PT20M',
    acceptWithin: 'PT2M',
    remindBefore: ['PT15M', 'PT5M'],
    graceAfterReviewDue: 'PT1M',
    overdueRepeat: 'PT1M',
  };
  const clock = clockFor(demo);

  it('a reminder already in the past at receipt is not planned', () => {
    const reminders = pendingEvents(state(), clock, demo).filter((e) => e.kind === 'reminder');
    // 15 minutes before a 10-minute due date is before receipt; only the 5-minute one remains.
    expect(reminders).toEqual([{ key: `reminder:${R + 10 * MINUTE}:${R + 5 * MINUTE}`, kind: 'reminder', at: R + 5 * MINUTE, dueAt: R + 10 * MINUTE }]);
  });

  it('after extension both reminders of the final due date lie after receipt and are planned', () => {
    const reminders = pendingEvents(state({ phase: 'extended', extended: true }), clock, demo).filter((e) => e.kind === 'reminder');
    expect(reminders.map((e) => e.at)).toEqual([R + 5 * MINUTE, R + 15 * MINUTE]);
  });

  it('plans the whole compressed timeline in order', () => {
    expect(pendingEvents(state(), clock, demo).map((e) => [e.kind, e.at - R])).toEqual([
      ['acceptance-timeout', 2 * MINUTE],
      ['reminder', 5 * MINUTE],
      ['review-due', 10 * MINUTE],
      ['auto-extend', 11 * MINUTE],
    ]);
  });
});

describe('currentDueAt', () => {
  it('is the review due date until extended, then the final due date', () => {
    expect(currentDueAt({ extended: false }, CLOCK)).toBe(R + 15 * DAY);
    expect(currentDueAt({ extended: true }, CLOCK)).toBe(R + 30 * DAY);
  });
});
