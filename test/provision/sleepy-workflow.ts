// A workflow that only sleeps: on the time-skipping test server it completes as soon as the
// worker is idle, which is what proves time skipping works (30 days in well under a second).
import { sleep } from '@temporalio/workflow';

export async function sleepyWorkflow(days: number): Promise<string> {
  await sleep(`${days} days`);
  return `slept ${days} days`;
}
