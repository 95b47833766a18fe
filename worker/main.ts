// The worker process: Temporal + Postgres + the Telegram Bot API, until SIGINT or SIGTERM.
import { NativeConnection, Runtime, DefaultLogger } from '@temporalio/worker';
import { createDb } from '../db/client.js';
import { loadConfigOrExit } from '../lib/config.js';
import { createLogger } from '../lib/logger.js';
import { connectClient } from '../lib/temporal.js';
import { activitiesFromConfig, createWorkers, ensureReconcileSchedule, workerSettingsFrom } from './workers.js';

const config = loadConfigOrExit();
const logger = createLogger({ level: config.logLevel, name: 'worker' });
Runtime.install({ logger: new DefaultLogger(config.logLevel === 'debug' ? 'DEBUG' : 'WARN') });

// Until the workers run, a stop signal has nothing to drain: leave at once instead of finishing
// the workflow bundle first (the Temporal runtime handles the signals once the workers run).
let running = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (!running) process.exit(0);
  });
}

const db = createDb(config.databaseUrl, { applicationName: 'anticor-worker' });
const connection = await NativeConnection.connect({ address: config.temporal.address });
const client = await connectClient(config.temporal, config.keys);
try {
  const activities = activitiesFromConfig(config, { db, logger, client });
  const workers = await createWorkers({
    ...workerSettingsFrom(config),
    connection,
    activities,
  });
  await ensureReconcileSchedule(client, { taskQueue: config.temporal.taskQueue, every: config.reconcileEvery });
  logger.info({ taskQueues: [config.temporal.taskQueue, config.temporal.telegramTaskQueue] }, 'worker running');
  // Each worker stops on SIGINT/SIGTERM by itself, finishing the tasks it holds.
  running = true;
  await Promise.all(workers.map((w) => w.run()));
  logger.info('worker stopped');
} finally {
  await client.connection.close();
  await connection.close();
  await db.close();
}
