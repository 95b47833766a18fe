// A test-only workflow: one durable timer, to prove the dev server runs timers.
import { sleep } from '@temporalio/workflow';

export async function timerWorkflow(ms: number): Promise<number> {
  const before = Date.now();
  await sleep(ms);
  return Date.now() - before;
}
