// Recorded histories of finished cases must replay against today's workflow code: a change that
// would break running cases fails here and needs patched() (see test/workflow/histories.record.ts).
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';

const HISTORIES = fileURLToPath(new URL('../histories/', import.meta.url));

describe('recorded histories', async () => {
  const files = (await readdir(HISTORIES)).filter((f) => f.endsWith('.json')).sort();

  it('exist, so the replay below guards something', () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
  });

  it.each(files)('%s replays without non-determinism', async (file) => {
    const history = historyFromJSON(JSON.parse(await readFile(`${HISTORIES}${file}`, 'utf8')));
    await Worker.runReplayHistory({ workflowBundle: { codePath: inject('workflowBundlePath') } }, history, file);
  });

  it('fail to replay when the workflow code takes a different path', async () => {
    // A guard that cannot fail guards nothing: the same history against a workflow that schedules
    // different commands must be reported as non-deterministic.
    const history = historyFromJSON(JSON.parse(await readFile(`${HISTORIES}${files[0]}`, 'utf8')));
    await expect(
      Worker.runReplayHistory({ workflowsPath: fileURLToPath(new URL('./divergent-workflow.ts', import.meta.url)) }, history, files[0]),
    ).rejects.toThrow(/[Nn]ondetermin/);
  });
});
