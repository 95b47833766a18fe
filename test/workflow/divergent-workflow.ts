// A stand-in for a careless change: same workflow type, different commands. The replay test
// proves that replaying a recorded history against it is caught.
import { sleep } from '@temporalio/workflow';

export async function reportReviewWorkflow(): Promise<void> {
  await sleep('1 day');
}
