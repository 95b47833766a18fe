// Records the histories that test/workflow/replay.test.ts replays. Run `npm run record-histories`
// after an intended change of workflow behaviour, and commit the files with the change; a change
// that makes old histories fail to replay needs patched() instead.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, it } from 'vitest';
import { acceptUpdate, declineUpdate, decideUpdate, extendUpdate, reporterRepliedSignal, requestInfoUpdate } from '../../workflows/messages.js';
import { createTimeSkippingEnv, head, reviewer, until, withCase, type CaseRun } from '../helpers/workflow-env.js';

const HISTORIES = fileURLToPath(new URL('../histories/', import.meta.url));
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

async function save(name: string, run: CaseRun) {
  const history = await env.client.workflow.getHandle(run.workflowId).fetchHistory();
  await writeFile(`${HISTORIES}${name}.json`, `${historyToJSON(history)}\n`);
}

it('records a case accepted, questioned, extended and decided', async () => {
  await withCase(env, {}, async (run) => {
    const handle = env.client.workflow.getHandle(run.workflowId);
    await until(() => run.rec.to('officer', 'r1').length > 0, 'assignment');
    await handle.executeUpdate(acceptUpdate, { args: [{ actor: reviewer('r1') }] });
    await handle.executeUpdate(requestInfoUpdate, { args: [{ actor: reviewer('r1'), questionId: 'q1' }] });
    await handle.signal(reporterRepliedSignal, { messageId: 'a1' });
    await env.sleep('11 days');
    await handle.executeUpdate(extendUpdate, { args: [{ actor: reviewer('r1'), reasonNoteId: 'n1' }] });
    await env.sleep('3 days');
    await handle.executeUpdate(decideUpdate, { args: [{ actor: reviewer('r1'), outcome: 'referred', referredTo: 'nabu', summaryId: 's1' }] });
    await handle.result();
    await save('accepted-questioned-extended-decided', run);
  });
});

it('records a case declined, passed over, auto-extended, overdue and decided by the head', async () => {
  await withCase(env, { reviewers: ['r1', 'r2', 'r3'] }, async (run) => {
    const handle = env.client.workflow.getHandle(run.workflowId);
    await until(() => run.rec.to('officer', 'r1').length > 0, 'assignment');
    await handle.executeUpdate(declineUpdate, { args: [{ actor: reviewer('r1'), reasonNoteId: 'n1' }] });
    await env.sleep('25 hours');
    await until(() => run.rec.to('officer', 'r3').length > 0, 'assignment to r3');
    await handle.executeUpdate(acceptUpdate, { args: [{ actor: reviewer('r3') }] });
    await env.sleep('32 days');
    await until(() => run.rec.to('leads').filter((n) => n.notice === 'overdue-repeat').length >= 1, 'overdue repeat');
    await handle.executeUpdate(decideUpdate, { args: [{ actor: head('h1'), outcome: 'no_grounds', summaryId: 's1' }] });
    await handle.result();
    await save('declined-passed-over-overdue-decided-by-head', run);
  });
});
