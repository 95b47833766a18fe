// Two workers share one connection: the review queue runs workflows and database activities; the
// Telegram queue runs only the notice activity, rate-limited across all workers below Telegram's cap.
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import type { Activities } from '../activities/index.js';
import type { KeyRing } from '../lib/crypto.js';
import { dataConverter } from '../lib/temporal.js';
import { parseDuration } from '../workflows/policy.js';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));
export const RECONCILE_SCHEDULE_ID = 'anticor-reconciler';

export interface WorkerSettings {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  telegramTaskQueue: string;
  maxMessagesPerSecond: number;
  keys: KeyRing;
  activities: Activities;
  /** A prebuilt bundle (tests build one per run); otherwise the worker bundles workflows/ itself. */
  workflowBundle?: { codePath: string };
}

export async function createWorkers(settings: WorkerSettings): Promise<Worker[]> {
  const common: Partial<WorkerOptions> = {
    connection: settings.connection,
    namespace: settings.namespace,
    dataConverter: dataConverter(settings.keys),
  };
  const review = await Worker.create({
    ...common,
    taskQueue: settings.taskQueue,
    ...(settings.workflowBundle ? { workflowBundle: settings.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    activities: settings.activities,
  });
  const telegram = await Worker.create({
    ...common,
    taskQueue: settings.telegramTaskQueue,
    activities: { notify: settings.activities.notify },
    // A server-side limit for the whole queue, so N workers together stay under it.
    maxTaskQueueActivitiesPerSecond: settings.maxMessagesPerSecond,
  });
  return [review, telegram];
}

/** Creates the reconciler's schedule, or brings an existing one to the configured interval. */
export async function ensureReconcileSchedule(client: Client, settings: { taskQueue: string; every: string }): Promise<void> {
  const spec = { intervals: [{ every: parseDuration(settings.every) }] };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: 'reconcileReportsWorkflow',
    taskQueue: settings.taskQueue,
    args: [],
  };
  try {
    await client.schedule.create({
      scheduleId: RECONCILE_SCHEDULE_ID,
      spec,
      action,
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
    });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(RECONCILE_SCHEDULE_ID).update((previous) => ({ ...previous, spec, action }));
  }
}
