// Run by a Temporal Schedule: starts the review of any committed report that has no workflow.
import { proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../activities/index.js';

const { reconcileReports } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '5 minutes',
  retry: { maximumAttempts: 3 },
});

export async function reconcileReportsWorkflow(): Promise<{ started: number }> {
  return reconcileReports();
}
