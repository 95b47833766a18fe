// Two workers share one connection: the review queue runs workflows and database activities; the
// Telegram queue runs only the notice activity, rate-limited across all workers below Telegram's cap.
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import { createActivities, type Activities } from '../activities/index.js';
import { createTelegramApi, createTelegramSender } from '../activities/telegram.js';
import type { Db } from '../db/client.js';
import type { Config } from '../lib/config.js';
import { createVault } from '../lib/crypto.js';
import { createI18n } from '../lib/i18n.js';
import type { Logger } from '../lib/logger.js';
import type { KeyRing } from '../lib/crypto.js';
import { dataConverter } from '../lib/temporal.js';
import { parseDuration } from '../workflows/policy.js';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));
export const RECONCILE_SCHEDULE_ID = 'anticor-reconciler';

/** The settings of createWorkers that come from configuration. */
export function workerSettingsFrom(config: Config): Pick<WorkerSettings, 'namespace' | 'taskQueue' | 'telegramTaskQueue' | 'maxMessagesPerSecond' | 'keys'> {
  return {
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    telegramTaskQueue: config.temporal.telegramTaskQueue,
    maxMessagesPerSecond: config.telegram.maxMessagesPerSecond,
    keys: config.keys,
  };
}

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

/** The activities with their real dependencies, as the worker process (and the e2e tests) run them. */
export function activitiesFromConfig(config: Config, deps: { db: Db; logger: Logger; client: Client; reconcileGraceMs?: number }): Activities {
  return createActivities({
    db: deps.db,
    vault: createVault(config.keys, config.keys.hmacKey),
    i18n: createI18n(),
    telegram: createTelegramSender(createTelegramApi(config.telegram.token, config.telegram.apiRoot)),
    logger: deps.logger,
    policy: config.policy,
    reconciler: {
      client: deps.client,
      policy: config.policy,
      taskQueue: config.temporal.taskQueue,
      telegramTaskQueue: config.temporal.telegramTaskQueue,
      ...(deps.reconcileGraceMs !== undefined ? { graceMs: deps.reconcileGraceMs } : {}),
    },
  });
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
