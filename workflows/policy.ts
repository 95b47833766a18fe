// The review policy travels in the workflow input, so a running case keeps the clock it started
// with even when the defaults or the configuration change later. Durations stay ISO-8601 strings
// in the input so that an admin reading the case in the Temporal UI sees "P15D", not 1296000000.

export const POLICY_VERSION = 1;

export interface ReviewPolicy {
  version: typeof POLICY_VERSION;
  /** Decision due this long after receipt (the law: 15 days). */
  reviewDue: string;
  /** The one extension may move the due date to at most this long after receipt (the law: 30 days). */
  extendedDue: string;
  /** An assigned officer must accept within this window, or the case moves on. */
  acceptWithin: string;
  /** Reminders this long before each due date, longest first. */
  remindBefore: string[];
  /** After the review due date passes undecided, wait this long before extending automatically. */
  graceAfterReviewDue: string;
  /** Once overdue, escalations repeat at this interval until a decision arrives. */
  overdueRepeat: string;
}

export const defaultPolicy: ReviewPolicy = {
  version: POLICY_VERSION,
  reviewDue: 'P15D',
  extendedDue: 'P30D',
  acceptWithin: 'PT24H',
  remindBefore: ['P5D', 'P1D'],
  graceAfterReviewDue: 'P1D',
  overdueRepeat: 'P1D',
};

const DURATION =
  /^P(?!$)(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?!$)(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Milliseconds of an ISO-8601 duration with weeks, days, hours, minutes and seconds. Years and
 * months are refused on purpose: their length depends on the calendar, and a legal clock measured
 * in days must not.
 */
export function parseDuration(value: string): number {
  const match = DURATION.exec(value);
  if (!match) {
    throw new RangeError(
      `"${value}" is not an ISO-8601 duration such as P15D, PT24H or PT30S (years and months are not accepted)`,
    );
  }
  const [, weeks, days, hours, minutes, seconds] = match;
  const ms =
    Number(weeks ?? 0) * 7 * DAY +
    Number(days ?? 0) * DAY +
    Number(hours ?? 0) * HOUR +
    Number(minutes ?? 0) * MINUTE +
    Number(seconds ?? 0) * SECOND;
  return Math.round(ms);
}

/** Every reason a policy cannot be used; empty when it is sound. */
export function policyProblems(policy: ReviewPolicy): string[] {
  const problems: string[] = [];
  const ms: Partial<Record<keyof ReviewPolicy, number>> = {};
  for (const key of ['reviewDue', 'extendedDue', 'acceptWithin', 'graceAfterReviewDue', 'overdueRepeat'] as const) {
    try {
      ms[key] = parseDuration(policy[key]);
      if (ms[key] <= 0) problems.push(`${key} must be longer than zero`);
    } catch (error) {
      problems.push(`${key}: ${(error as Error).message}`);
    }
  }
  for (const value of policy.remindBefore) {
    try {
      if (parseDuration(value) <= 0) problems.push('remindBefore entries must be longer than zero');
    } catch (error) {
      problems.push(`remindBefore: ${(error as Error).message}`);
    }
  }
  if (ms.reviewDue !== undefined && ms.extendedDue !== undefined && ms.extendedDue < ms.reviewDue) {
    problems.push(`extendedDue (${policy.extendedDue}) cannot come before reviewDue (${policy.reviewDue})`);
  }
  if (ms.reviewDue !== undefined && ms.acceptWithin !== undefined && ms.acceptWithin >= ms.reviewDue) {
    problems.push(`acceptWithin (${policy.acceptWithin}) must be shorter than reviewDue (${policy.reviewDue})`);
  }
  if (
    ms.reviewDue !== undefined &&
    ms.extendedDue !== undefined &&
    ms.graceAfterReviewDue !== undefined &&
    ms.reviewDue + ms.graceAfterReviewDue > ms.extendedDue
  ) {
    problems.push(
      `reviewDue plus graceAfterReviewDue (${policy.reviewDue} + ${policy.graceAfterReviewDue}) cannot pass extendedDue (${policy.extendedDue})`,
    );
  }
  return problems;
}

/** Absolute due dates (epoch ms) of a case received at `receivedAt`. */
export function dueDates(policy: ReviewPolicy, receivedAt: number): { reviewDueAt: number; finalDueAt: number } {
  return {
    reviewDueAt: receivedAt + parseDuration(policy.reviewDue),
    finalDueAt: receivedAt + parseDuration(policy.extendedDue),
  };
}

/** Reminder times before `dueAt` that are still ahead of `now`, earliest first. */
export function remindersBefore(policy: ReviewPolicy, dueAt: number, now: number): number[] {
  return policy.remindBefore
    .map((before) => dueAt - parseDuration(before))
    .filter((at) => at > now)
    .sort((a, b) => a - b);
}
