import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadToolsConfig } from '../../lib/config.js';
import {
  defaultToolsDir,
  ensureTemporalCli,
  ensureTestServer,
  toolsOptionsFrom,
  type ToolsOptions,
  withLock,
} from '../../scripts/provision/index.js';
import { sleepyWorkflow } from './sleepy-workflow.js';

const execFileAsync = promisify(execFile);

// The real configuration, read the way the project's processes read it.
function realOptions(): ToolsOptions {
  return toolsOptionsFrom(loadToolsConfig(), (line) => console.log(line));
}

let scratch: string;
beforeAll(async () => {
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'anticor-provision-test-'));
});
afterAll(async () => {
  await fs.rm(scratch, { recursive: true, force: true });
});

async function writeExecutable(file: string, mode = 0o755): Promise<string> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, '#!/bin/sh\necho fake\n', { mode });
  return file;
}

describe('defaultToolsDir', () => {
  it('uses an absolute XDG_CACHE_HOME, else ~/.cache', () => {
    expect(defaultToolsDir('/home/u', '/xdg')).toBe('/xdg/anticor');
    expect(defaultToolsDir('/home/u')).toBe('/home/u/.cache/anticor');
    expect(defaultToolsDir('/home/u', '')).toBe('/home/u/.cache/anticor');
    expect(defaultToolsDir('/home/u', 'relative')).toBe('/home/u/.cache/anticor');
  });

  it('toolsOptionsFrom prefers ANTICOR_TOOLS_DIR and treats an empty one as unset', () => {
    expect(toolsOptionsFrom({ toolsDir: '/t', homeDir: '/home/u' }).toolsDir).toBe('/t');
    expect(toolsOptionsFrom({ toolsDir: '', homeDir: '/home/u' }).toolsDir).toBe('/home/u/.cache/anticor');
    expect(toolsOptionsFrom({ homeDir: '/home/u', xdgCacheHome: '/xdg' }).toolsDir).toBe('/xdg/anticor');
  });
});

describe('explicit paths', () => {
  it('rejects a TEMPORAL_CLI_PATH that does not exist, naming the variable', async () => {
    const opts = { toolsDir: scratch, temporalCliPath: path.join(scratch, 'nope', 'temporal'), log: () => {} };
    await expect(ensureTemporalCli(opts)).rejects.toThrow(/TEMPORAL_CLI_PATH.*does not exist/);
  });

  it('rejects a TEMPORAL_TEST_SERVER_PATH that does not exist, naming the variable', async () => {
    const opts = { toolsDir: scratch, testServerPath: path.join(scratch, 'nope', 'ts'), log: () => {} };
    await expect(ensureTestServer(opts)).rejects.toThrow(/TEMPORAL_TEST_SERVER_PATH.*does not exist/);
  });

  it('rejects an explicit path that is not executable', async () => {
    const file = await writeExecutable(path.join(scratch, 'not-exec', 'temporal'), 0o644);
    await expect(ensureTemporalCli({ toolsDir: scratch, temporalCliPath: file })).rejects.toThrow(
      /TEMPORAL_CLI_PATH.*not executable/,
    );
  });

  it('uses an explicit executable as-is, before PATH and cache', async () => {
    const cli = await writeExecutable(path.join(scratch, 'explicit', 'my-temporal'));
    const ts = await writeExecutable(path.join(scratch, 'explicit', 'my-test-server'));
    const onPath = path.join(scratch, 'on-path');
    await writeExecutable(path.join(onPath, 'temporal'));
    await writeExecutable(path.join(onPath, 'temporal-test-server'));
    const base = { toolsDir: scratch, pathEnv: onPath };
    await expect(ensureTemporalCli({ ...base, temporalCliPath: cli })).resolves.toEqual({ path: cli, source: 'env' });
    await expect(ensureTestServer({ ...base, testServerPath: ts })).resolves.toEqual({ path: ts, source: 'env' });
  });

  it('falls back to PATH when no explicit path is given', async () => {
    const onPath = path.join(scratch, 'on-path-2');
    const cli = await writeExecutable(path.join(onPath, 'temporal'));
    const ts = await writeExecutable(path.join(onPath, 'temporal-test-server'));
    const base = { toolsDir: scratch, pathEnv: `/nonexistent:${onPath}`, temporalCliPath: '' };
    await expect(ensureTemporalCli(base)).resolves.toEqual({ path: cli, source: 'path' });
    await expect(ensureTestServer(base)).resolves.toEqual({ path: ts, source: 'path' });
  });
});

describe('building with go (a fake go on PATH)', () => {
  async function fakeGo(dir: string, body: string): Promise<string> {
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'go'), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    return dir;
  }

  it('installs what go built into the cache, then finds it there', async () => {
    const toolsDir = path.join(scratch, 'tools-go-ok');
    const bin = await fakeGo(
      path.join(scratch, 'go-ok'),
      'printf \'#!/bin/sh\\necho built\\n\' > "$GOBIN/temporal" && chmod +x "$GOBIN/temporal"',
    );
    const lines: string[] = [];
    const opts = { toolsDir, pathEnv: bin, log: (l: string) => lines.push(l) };
    const first = await ensureTemporalCli(opts);
    expect(first).toEqual({ path: path.join(toolsDir, 'temporal-cli-v1.5.1', 'temporal'), source: 'built' });
    expect(lines.join('\n')).toMatch(/first time only/);
    await expect(ensureTemporalCli(opts)).resolves.toEqual({ ...first, source: 'cache' });
    // No temp dir or lock is left behind.
    expect((await fs.readdir(toolsDir)).sort()).toEqual(['temporal-cli-v1.5.1']);
  });

  it('reports the tail of go output and what to check when the build fails', async () => {
    const toolsDir = path.join(scratch, 'tools-go-fail');
    const bin = await fakeGo(
      path.join(scratch, 'go-fail'),
      'i=1; while [ $i -le 60 ]; do echo "go line $i" >&2; i=$((i+1)); done; exit 1',
    );
    const err = await ensureTemporalCli({ toolsDir, pathEnv: bin, log: () => {} }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    const msg = (err as Error).message;
    expect(msg).toMatch(/go line 60/);
    expect(msg).not.toMatch(/go line 1\n/);
    expect(msg).toMatch(/go env GOPROXY/);
    expect(msg).toMatch(/TEMPORAL_CLI_PATH/);
    expect(await fs.readdir(toolsDir)).toEqual([]);
  });
});

describe('withLock', () => {
  it('serialises concurrent holders', async () => {
    const events: string[] = [];
    const hold = (id: string) =>
      withLock(scratch, 'lock-test', () => {}, async () => {
        events.push(`${id}+`);
        await new Promise((r) => setTimeout(r, 200));
        events.push(`${id}-`);
      });
    await Promise.all([hold('a'), hold('b')]);
    expect([events.join(' ')]).toContainEqual(expect.stringMatching(/^(a\+ a- b\+ b-|b\+ b- a\+ a-)$/));
  });

  it('breaks a lock left by a dead process', async () => {
    const lockDir = path.join(scratch, '.stale-test.lock');
    await fs.mkdir(lockDir);
    // pid 2^22+1 is above Linux's pid_max default, so it cannot be alive.
    const owner = { pid: 4194305, host: os.hostname(), startedAt: Date.now() };
    await fs.writeFile(path.join(lockDir, 'owner.json'), JSON.stringify(owner));
    const lines: string[] = [];
    await expect(withLock(scratch, 'stale-test', (l) => lines.push(l), async () => 'ran')).resolves.toBe('ran');
    expect(lines.join('\n')).toMatch(/stale/);
    await expect(fs.stat(lockDir)).rejects.toThrow();
  });
});

describe('real tools (cache under ANTICOR_TOOLS_DIR or ~/.cache/anticor)', () => {
  // A first run may build the CLI with `go install` (about 3 min on 2 cores).
  it('ensureTemporalCli returns a working temporal binary', { timeout: 15 * 60_000 }, async (ctx) => {
    const res = await ensureTemporalCli(realOptions());
    if (res.path === undefined) {
      ctx.skip('no temporal CLI and no go: the SDK download would be used');
      return;
    }
    const { stdout } = await execFileAsync(res.path, ['--version']);
    expect(stdout).toMatch(/^temporal version .*\(Server \d+\.\d+/);
  });

  it(
    'ensureTestServer returns a wrapper the SDK starts, with time skipping',
    { timeout: 5 * 60_000 },
    async (ctx) => {
      const res = await ensureTestServer(realOptions());
      if (res.path === undefined) {
        ctx.skip('no test server and no mvn/java: the SDK download would be used');
        return;
      }

      // Keep the worker's INFO lines (bundle stats etc.) out of the test output.
      try {
        Runtime.install({ logger: new DefaultLogger('WARN') });
      } catch {
        // A setup file already installed the Runtime in this worker; its logger is fine too.
      }

      const t0 = performance.now();
      const env = await TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: { type: 'existing-path', path: res.path } },
      });
      const startMs = performance.now() - t0;
      try {
        expect(env.supportsTimeSkipping).toBe(true);
        const taskQueue = `provision-test-${Date.now()}`;
        const worker = await Worker.create({
          connection: env.nativeConnection,
          taskQueue,
          workflowsPath: fileURLToPath(new URL('./sleepy-workflow.ts', import.meta.url)),
        });
        const serverBefore = await env.currentTimeMs();
        const w0 = performance.now();
        const result = await worker.runUntil(
          env.client.workflow.execute(sleepyWorkflow, { args: [30], taskQueue, workflowId: taskQueue }),
        );
        const wallMs = performance.now() - w0;
        const serverAdvancedDays = ((await env.currentTimeMs()) - serverBefore) / 86_400_000;
        console.log(
          `test server: env ready in ${Math.round(startMs)} ms; 30-day sleep took ${Math.round(wallMs)} ms ` +
            `wall, server clock advanced ${serverAdvancedDays.toFixed(2)} days`,
        );
        expect(result).toBe('slept 30 days');
        // Generous for a loaded CI box: a real 30-day sleep could never finish; measured 0.5-1.3 s here.
        expect(wallMs).toBeLessThan(10_000);
        expect(serverAdvancedDays).toBeGreaterThanOrEqual(30);
      } finally {
        await env.teardown();
      }
    },
  );
});
