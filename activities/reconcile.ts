// A report is committed to Postgres before its workflow starts. If the process dies between the
// two, this finds the report and starts its review, so no submission is lost. Starting is
// idempotent (USE_EXISTING), so racing a normal submission is harmless.
import type { Client } from '@temporalio/client';
import type { Db } from '../db/client.js';
import { unstartedReports } from '../db/repositories/reports.js';
import { pruneEphemeral } from '../db/repositories/sessions.js';
import type { Logger } from '../lib/logger.js';
import { startReview } from '../lib/temporal.js';
import type { ReviewPolicy } from '../workflows/policy.js';

export interface ReconcilerDeps {
  client: Client;
  policy: ReviewPolicy;
  taskQueue: string;
  telegramTaskQueue: string;
  /** Reports younger than this are left to the submission that is starting them. */
  graceMs?: number;
}

export function createReconciler(db: Db, deps: ReconcilerDeps, logger: Logger) {
  return {
    async reconcile(): Promise<{ started: number }> {
      const pending = await unstartedReports(db, new Date(Date.now() - (deps.graceMs ?? 30_000)));
      let started = 0;
      for (const report of pending) {
        const result = await startReview(deps.client, {
          reportId: report.id,
          unit: report.unit,
          receivedAt: report.receivedAt,
          policy: deps.policy,
          taskQueue: deps.taskQueue,
          telegramTaskQueue: deps.telegramTaskQueue,
        });
        if (result.started) started += 1;
      }
      if (started > 0) logger.warn({ started }, 'reconciler started reviews that had no workflow');
      await pruneEphemeral(db);
      return { started };
    },
  };
}
