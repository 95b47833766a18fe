// An officer's press becomes a Temporal Update of the case's workflow. The answer must reach the
// officer inside Telegram's callback window, so the call has a deadline: a case whose worker is
// down answers "not confirmed, try again" instead of hanging.
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import type { UpdateDefinition } from '@temporalio/common';
import { REJECTIONS, REJECTION_ERROR_TYPE, workflowIdFor, type ActionResult, type Rejection } from '../workflows/messages.js';

/** Long enough for a healthy worker (tens of ms), short enough to answer the button press in time. */
export const UPDATE_DEADLINE_MS = 7000;

export type ActionOutcome =
  | { ok: true; result: ActionResult }
  | { ok: false; reason: Rejection }
  | { ok: false; reason: 'case-closed' | 'not-confirmed' };

export async function runCaseUpdate<Arg>(
  temporal: Client,
  reportId: string,
  update: UpdateDefinition<ActionResult, [Arg]>,
  args: [Arg],
  updateId: string,
  deadlineMs = UPDATE_DEADLINE_MS,
): Promise<ActionOutcome> {
  const handle = temporal.workflow.getHandle(workflowIdFor(reportId));
  try {
    const result = await temporal.withDeadline(Date.now() + deadlineMs, () =>
      handle.executeUpdate(update, { args, updateId }),
    );
    return { ok: true, result };
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) {
      const cause = error.cause;
      if (cause instanceof ApplicationFailure && cause.type === REJECTION_ERROR_TYPE) {
        const reason = REJECTIONS.find((r) => r === cause.message);
        if (reason) return { ok: false, reason };
      }
      return { ok: false, reason: 'not-confirmed' };
    }
    if (error instanceof WorkflowNotFoundError || isCompletedError(error)) return { ok: false, reason: 'case-closed' };
    return { ok: false, reason: 'not-confirmed' };
  }
}

function isCompletedError(error: unknown): boolean {
  return error instanceof Error && /already completed|workflow execution already finished/i.test(error.message);
}
