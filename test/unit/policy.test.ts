import { describe, expect, it } from 'vitest';
import { defaultPolicy, dueDates, parseDuration, policyProblems, remindersBefore, type ReviewPolicy } from '../../workflows/policy.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const policy = (overrides: Partial<ReviewPolicy>): ReviewPolicy => ({ ...defaultPolicy, ...overrides });

describe('parseDuration', () => {
  it.each([
    ['P15D', 15 * DAY],
    ['P30D', 30 * DAY],
    ['PT24H', 24 * HOUR],
    ['PT30S', 30 * SECOND],
    ['PT1M', MINUTE],
    ['PT90M', 90 * MINUTE],
    ['P1W', 7 * DAY],
    ['P2W', 14 * DAY],
    ['P1DT12H', 36 * HOUR],
    ['P1W2DT3H4M5S', 9 * DAY + 3 * HOUR + 4 * MINUTE + 5 * SECOND],
    ['PT1.5H', 90 * MINUTE],
    ['P0.5D', 12 * HOUR],
    ['PT0.25S', 250],
    ['PT0S', 0],
    ['P0D', 0],
  ])('%s lasts %d ms', (value, ms) => {
    expect(parseDuration(value)).toBe(ms);
  });

  it.each(['P1M', 'P1Y', 'P1Y2M', 'P2M10D', 'garbage', '', 'P', 'PT', 'P1DT', '15D', 'P15', 'P-1D', 'P15D ', ' P15D', 'PT24H30'])(
    'refuses %j with a RangeError naming the value',
    (value) => {
      expect(() => parseDuration(value)).toThrow(RangeError);
      expect(() => parseDuration(value)).toThrow(`"${value}"`);
    },
  );

  it('explains that years and months are not accepted', () => {
    expect(() => parseDuration('P1M')).toThrow(/years and months are not accepted/);
  });
});

describe('policyProblems', () => {
  it('the default policy has none', () => {
    expect(policyProblems(defaultPolicy)).toEqual([]);
  });

  it('the default policy is the law: 15 days, extendable to 30', () => {
    expect(parseDuration(defaultPolicy.reviewDue)).toBe(15 * DAY);
    expect(parseDuration(defaultPolicy.extendedDue)).toBe(30 * DAY);
  });

  it('a compressed demo policy in minutes has none', () => {
    expect(
      policyProblems(
        policy({ reviewDue: 'PT10M', extendedDue: 'PT20M', acceptWithin: 'PT2M', remindBefore: ['PT5M', 'PT1M'], graceAfterReviewDue: 'PT1M', overdueRepeat: 'PT1M' }),
      ),
    ).toEqual([]);
  });

  it('an extended due date before the review due date is a problem', () => {
    const problems = policyProblems(policy({ extendedDue: 'P10D' }));
    expect(problems).toContain('extendedDue (P10D) cannot come before reviewDue (P15D)');
  });

  it('an acceptance window as long as the review period is a problem', () => {
    expect(policyProblems(policy({ acceptWithin: 'P15D' }))).toEqual(['acceptWithin (P15D) must be shorter than reviewDue (P15D)']);
  });

  it('an acceptance window longer than the review period is a problem', () => {
    expect(policyProblems(policy({ acceptWithin: 'P16D' }))).toEqual(['acceptWithin (P16D) must be shorter than reviewDue (P15D)']);
  });

  it('an acceptance window just under the review period is fine', () => {
    expect(policyProblems(policy({ acceptWithin: 'P14DT23H' }))).toEqual([]);
  });

  it('a grace period pushing the automatic extension past the extended due date is a problem', () => {
    expect(policyProblems(policy({ graceAfterReviewDue: 'P16D' }))).toEqual([
      'reviewDue plus graceAfterReviewDue (P15D + P16D) cannot pass extendedDue (P30D)',
    ]);
  });

  it('a grace period ending exactly at the extended due date is allowed', () => {
    expect(policyProblems(policy({ graceAfterReviewDue: 'P15D' }))).toEqual([]);
  });

  it.each(['reviewDue', 'extendedDue', 'acceptWithin', 'graceAfterReviewDue', 'overdueRepeat'] as const)('a zero %s is a problem', (key) => {
    expect(policyProblems(policy({ [key]: 'PT0S' }))).toContain(`${key} must be longer than zero`);
  });

  it('a zero reminder is a problem', () => {
    expect(policyProblems(policy({ remindBefore: ['P5D', 'PT0S'] }))).toEqual(['remindBefore entries must be longer than zero']);
  });

  it('no reminders at all is fine', () => {
    expect(policyProblems(policy({ remindBefore: [] }))).toEqual([]);
  });

  it('an unreadable duration is a problem naming the field and the value', () => {
    const problems = policyProblems(policy({ overdueRepeat: 'P1M' }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^overdueRepeat: "P1M" is not an ISO-8601 duration/);
  });

  it('an unreadable reminder is a problem naming the value', () => {
    const problems = policyProblems(policy({ remindBefore: ['soon'] }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^remindBefore: "soon"/);
  });

  it('reports every problem at once', () => {
    const problems = policyProblems(policy({ reviewDue: 'P20D', extendedDue: 'P10D', acceptWithin: 'P25D', remindBefore: ['x'] }));
    expect(problems).toHaveLength(4);
  });
});

describe('dueDates', () => {
  it('counts 15 and 30 days from receipt under the default policy', () => {
    const receivedAt = Date.parse('2026-03-02T09:15:00Z');
    expect(dueDates(defaultPolicy, receivedAt)).toEqual({
      reviewDueAt: Date.parse('2026-03-17T09:15:00Z'),
      finalDueAt: Date.parse('2026-04-01T09:15:00Z'),
    });
  });

  it('follows the policy it is given', () => {
    const receivedAt = 1_000_000;
    expect(dueDates(policy({ reviewDue: 'PT10M', extendedDue: 'PT20M' }), receivedAt)).toEqual({
      reviewDueAt: receivedAt + 10 * MINUTE,
      finalDueAt: receivedAt + 20 * MINUTE,
    });
  });
});

describe('remindersBefore', () => {
  const receivedAt = Date.parse('2026-03-02T09:15:00Z');
  const { reviewDueAt, finalDueAt } = dueDates(defaultPolicy, receivedAt);

  it('reminds on days 10 and 14 before the 15-day due date', () => {
    expect(remindersBefore(defaultPolicy, reviewDueAt, receivedAt)).toEqual([receivedAt + 10 * DAY, receivedAt + 14 * DAY]);
  });

  it('reminds on days 25 and 29 before the 30-day due date', () => {
    expect(remindersBefore(defaultPolicy, finalDueAt, receivedAt)).toEqual([receivedAt + 25 * DAY, receivedAt + 29 * DAY]);
  });

  it('leaves out reminders that are not after now', () => {
    expect(remindersBefore(defaultPolicy, reviewDueAt, receivedAt + 10 * DAY)).toEqual([receivedAt + 14 * DAY]);
    expect(remindersBefore(defaultPolicy, reviewDueAt, receivedAt + 12 * DAY)).toEqual([receivedAt + 14 * DAY]);
    expect(remindersBefore(defaultPolicy, reviewDueAt, receivedAt + 14 * DAY)).toEqual([]);
  });

  it('returns the earliest first whatever the order in the policy', () => {
    expect(remindersBefore(policy({ remindBefore: ['P1D', 'P5D', 'P3D'] }), reviewDueAt, receivedAt)).toEqual([
      receivedAt + 10 * DAY,
      receivedAt + 12 * DAY,
      receivedAt + 14 * DAY,
    ]);
  });
});
