// Temporal clients for the processes. Every client and worker uses the same data converter, so
// payloads and failure messages are encrypted before they reach the server.
import { Client, Connection, WorkflowExecutionAlreadyStartedError, type DataConverter } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { fileURLToPath } from 'node:url';
import type { KeyRing } from './crypto.js';
import { EncryptionCodec } from './payload-codec.js';
import { workflowIdFor, type ReportReviewInput } from '../workflows/messages.js';
import type { ReviewPolicy } from '../workflows/policy.js';
import type { reportReviewWorkflow } from '../workflows/report-review.js';
import { AnticorAssignee, AnticorDueAt, AnticorEscalation, AnticorStatus, AnticorUnit } from '../workflows/search-attributes.js';
import { dueDates } from '../workflows/policy.js';

/** Loaded by clients in-process and by workers into the workflow sandbox. */
export const FAILURE_CONVERTER_PATH = fileURLToPath(new URL('./failure-converter.ts', import.meta.url));

export function dataConverter(keys: KeyRing): DataConverter {
  return { payloadCodecs: [new EncryptionCodec(keys)], failureConverterPath: FAILURE_CONVERTER_PATH };
}

export interface TemporalSettings {
  address: string;
  namespace: string;
}

export async function connectClient(settings: TemporalSettings, keys: KeyRing): Promise<Client> {
  const connection = await Connection.connect({ address: settings.address });
  return new Client({ connection, namespace: settings.namespace, dataConverter: dataConverter(keys) });
}

export interface StartReviewInput {
  reportId: string;
  unit: string;
  receivedAt: Date;
  policy: ReviewPolicy;
  taskQueue: string;
  telegramTaskQueue: string;
}

/**
 * Starts the review of a committed report. A repeated start (a retried submission, the reconciler)
 * returns the running workflow instead of starting a second one; a report whose review already
 * closed is never reopened.
 */
export async function startReview(client: Client, input: StartReviewInput): Promise<{ workflowId: string; started: boolean }> {
  const workflowId = workflowIdFor(input.reportId);
  const args: ReportReviewInput = {
    reportId: input.reportId,
    unit: input.unit,
    receivedAt: input.receivedAt.toISOString(),
    policy: input.policy,
    telegramTaskQueue: input.telegramTaskQueue,
  };
  try {
    await client.workflow.start<typeof reportReviewWorkflow>('reportReviewWorkflow', {
      workflowId,
      taskQueue: input.taskQueue,
      args: [args],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: new TypedSearchAttributes([
        { key: AnticorStatus, value: 'unassigned' },
        { key: AnticorAssignee, value: 'none' },
        { key: AnticorDueAt, value: new Date(dueDates(input.policy, input.receivedAt.getTime()).reviewDueAt) },
        { key: AnticorEscalation, value: 0 },
        { key: AnticorUnit, value: input.unit },
      ]),
    });
    return { workflowId, started: true };
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, started: false };
    throw error;
  }
}
