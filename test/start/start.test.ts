// `npm start` as a user runs it: a real child process with its own data directory and ports. It
// refuses a wrong setting before starting anything, starts every component, refuses to start twice
// on the same ports, stops everything on Ctrl-C (also when start-up is cut short or a component
// fails to start), and keeps its keys and data across restarts.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadToolsConfig } from '../../lib/config.js';
import { FAKE_BOT_TOKEN, FAKE_BOT_USERNAME, PROJECT_ROOT } from '../../scripts/dev-env.js';
import { freePort, portInUse } from '../../scripts/services.js';

const execFileAsync = promisify(execFile);

const FIRST_START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 30_000;

interface Ports {
  api: number;
  postgres: number;
  temporal: number;
  temporalUi: number;
  fakeTelegram: number;
}

interface ProcessRow {
  pid: number;
  ppid: number;
  args: string;
}

/** One `npm start` (node --import tsx scripts/start.ts) in its own process group. */
class StartProcess {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly startedAt = Date.now();
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;

  constructor(env: Record<string, string>) {
    this.child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      cwd: PROJECT_ROOT,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (chunk: Buffer) => (this.stdout += chunk.toString('utf8')));
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.exit === null;
  }

  /** The last lines of both streams, for failure messages. */
  tail(lines = 40): string {
    return `--- stdout ---\n${this.stdout.split('\n').slice(-lines).join('\n')}\n--- stderr ---\n${this.stderr.split('\n').slice(-lines).join('\n')}`;
  }

  /** Resolves when stdout holds `pattern`; rejects when the process exits first or time runs out. */
  async waitForOutput(pattern: RegExp, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.stdout)) {
      if (!this.running) throw new Error(`npm start exited (${JSON.stringify(this.exit)}) before printing ${pattern}\n${this.tail()}`);
      if (Date.now() > deadline) throw new Error(`npm start did not print ${pattern} within ${timeoutMs} ms\n${this.tail()}`);
      await sleep(100);
    }
  }

  /** Resolves with the exit, or rejects when the process is still running after `timeoutMs`. */
  async waitForExit(timeoutMs: number) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`npm start still running after ${timeoutMs} ms\n${this.tail()}`)), timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Last resort: the whole process group, then anything of it that left the group. */
  kill(descendants: ProcessRow[]): void {
    if (this.running) {
      try {
        process.kill(-this.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    for (const row of descendants) {
      try {
        process.kill(row.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function processTable(): Promise<ProcessRow[]> {
  const { stdout } = await execFileAsync('ps', ['-eo', 'pid=,ppid=,args='], { maxBuffer: 16 * 1024 * 1024 });
  return stdout
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3]! }));
}

/** Every process below `root` in the process tree. */
async function descendantsOf(root: number): Promise<ProcessRow[]> {
  const table = await processTable();
  const found: ProcessRow[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const row of table) {
      if (row.ppid === parent) {
        found.push(row);
        queue.push(row.pid);
      }
    }
  }
  return found;
}

/** Processes still alive that are `rows` (same pid, same command line). */
async function stillAlive(rows: ProcessRow[]): Promise<ProcessRow[]> {
  const table = await processTable();
  return rows.filter((row) => table.some((t) => t.pid === row.pid && t.args === row.args));
}

/** Processes whose command line names the data directory or one of the ports. */
async function processesMentioning(dataDir: string, ports: Ports): Promise<ProcessRow[]> {
  const portPattern = new RegExp(`(^|[^0-9])(${Object.values(ports).join('|')})([^0-9]|$)`);
  return (await processTable()).filter((row) => row.pid !== process.pid && (row.args.includes(dataDir) || portPattern.test(row.args)));
}

async function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function distinctFreePorts(): Promise<Ports> {
  const taken = new Set<number>();
  const next = async () => {
    for (;;) {
      const port = await freePort();
      if (!taken.has(port)) {
        taken.add(port);
        return port;
      }
    }
  };
  return { api: await next(), postgres: await next(), temporal: await next(), temporalUi: await next(), fakeTelegram: await next() };
}

async function freshDataDir(name: string): Promise<string> {
  const made = await mkdtemp(path.join(scratch, `${name}-`));
  // As root, embedded Postgres runs as its own user, which must be able to enter this directory.
  await chmod(made, 0o755);
  return made;
}

/** The environment a user's shell would give `npm start`: tools, a data dir, ports; nothing else. */
function startEnv(dataDir: string, ports: Ports, extra: Record<string, string> = {}): Record<string, string> {
  const tools = loadToolsConfig();
  return {
    PATH: tools.pathEnv,
    ...(tools.homeDir ? { HOME: tools.homeDir } : {}),
    ...(tools.xdgCacheHome ? { XDG_CACHE_HOME: tools.xdgCacheHome } : {}),
    ...(tools.toolsDir ? { ANTICOR_TOOLS_DIR: tools.toolsDir } : {}),
    ...(tools.temporalCliPath ? { TEMPORAL_CLI_PATH: tools.temporalCliPath } : {}),
    ANTICOR_DATA_DIR: dataDir,
    API_PORT: String(ports.api),
    ANTICOR_POSTGRES_PORT: String(ports.postgres),
    ANTICOR_TEMPORAL_PORT: String(ports.temporal),
    ANTICOR_TEMPORAL_UI_PORT: String(ports.temporalUi),
    ANTICOR_FAKE_TELEGRAM_PORT: String(ports.fakeTelegram),
    ...extra,
  };
}

async function tokenIn(secretsFile: string, variable: 'ADMIN_TOKENS' | 'CODEC_TOKENS'): Promise<string> {
  const line = (await readFile(secretsFile, 'utf8')).split('\n').find((l) => l.startsWith(`${variable}=`));
  if (!line) throw new Error(`no ${variable} in ${secretsFile}`);
  return line.slice(variable.length + 1).split(',')[0]!.trim();
}
const adminTokenIn = (secretsFile: string) => tokenIn(secretsFile, 'ADMIN_TOKENS');

async function expectPortsFree(ports: Ports): Promise<void> {
  for (const [name, port] of Object.entries(ports)) {
    expect(await acceptsConnections(port), `${name} port ${port} accepts connections`).toBe(false);
    expect(await portInUse(port), `${name} port ${port} is in use`).toBe(false);
  }
}

/** Kills processes this file started (by pid) and waits until they are gone. */
async function killAndWait(rows: ProcessRow[]): Promise<void> {
  for (const row of rows) {
    try {
      process.kill(row.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && (await stillAlive(rows)).length > 0) await sleep(100);
}

let scratch: string;
const started: StartProcess[] = [];
const seenDescendants: ProcessRow[] = [];

function start(env: Record<string, string>): StartProcess {
  const process_ = new StartProcess(env);
  started.push(process_);
  return process_;
}

async function rememberDescendants(root: StartProcess): Promise<ProcessRow[]> {
  const rows = await descendantsOf(root.pid);
  seenDescendants.push(...rows);
  return rows;
}

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'anticor-start-test-'));
  await chmod(scratch, 0o755);
});

afterAll(async () => {
  for (const process_ of started) process_.kill(await stillAlive(seenDescendants));
  // Anything a run left behind names this file's scratch directory (data dirs live inside it).
  for (const row of (await processTable()).filter((r) => r.pid !== process.pid && r.args.includes(scratch))) {
    try {
      process.kill(row.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await Promise.all(started.map((p) => p.waitForExit(10_000).catch(() => undefined)));
  await rm(scratch, { recursive: true, force: true });
}, 60_000);

describe.sequential('npm start with a wrong setting', () => {
  it('stops with exit code 78 naming API_PORT when it is not a port, before creating or starting anything', async () => {
    const dataDir = await freshDataDir('bad-port');
    const ports = await distinctFreePorts();
    const run = start(startEnv(dataDir, ports, { API_PORT: '99999' }));
    const { code } = await run.waitForExit(60_000);
    expect(code, run.tail()).toBe(78);
    expect(run.stderr).toMatch(/API_PORT/);
    expect(run.stderr).toMatch(/99999/);
    expect(run.stdout).not.toMatch(/Anticor is running/);
    const entries = await readdir(dataDir);
    expect(entries.filter((e) => e !== 'dev-secrets.env')).toEqual([]);
    await expectPortsFree(ports);
  });

  it('stops with exit code 78 naming POLICY_REVIEW_DUE when it is not a duration, before starting anything', async () => {
    const dataDir = await freshDataDir('bad-policy');
    const ports = await distinctFreePorts();
    const run = start(startEnv(dataDir, ports, { POLICY_REVIEW_DUE: 'banana' }));
    const { code } = await run.waitForExit(60_000);
    expect(code, run.tail()).toBe(78);
    expect(run.stderr).toMatch(/POLICY_REVIEW_DUE/);
    expect(run.stderr).toMatch(/banana/);
    expect(run.stdout).not.toMatch(/Anticor is running/);
    // Only the generated keys may exist: no Postgres data, no Temporal state.
    const entries = await readdir(dataDir);
    expect(entries.filter((e) => e !== 'dev-secrets.env')).toEqual([]);
    if (entries.includes('dev-secrets.env')) expect((await stat(path.join(dataDir, 'dev-secrets.env'))).mode & 0o777).toBe(0o600);
    await expectPortsFree(ports);
  });

  it('names a wrong secret variable without echoing its value', async () => {
    const dataDir = await freshDataDir('bad-secret');
    const ports = await distinctFreePorts();
    const run = start(startEnv(dataDir, ports, { ADMIN_TOKENS: 'too-short-secret-value' }));
    const { code } = await run.waitForExit(60_000);
    expect(code, run.tail()).toBe(78);
    expect(run.stderr).toMatch(/ADMIN_TOKENS/);
    expect(run.stderr + run.stdout).not.toContain('too-short-secret-value');
    expect((await readdir(dataDir)).filter((e) => e !== 'dev-secrets.env')).toEqual([]);
    await expectPortsFree(ports);
  });
});

describe.sequential('npm start stopped while it is still starting', () => {
  it('stops what it already started when SIGTERM arrives before everything is up', async () => {
    // A fresh data dir: Postgres initialises for seconds while the Temporal dev server is already up.
    const dataDir = await freshDataDir('interrupted');
    const ports = await distinctFreePorts();
    const run = start(startEnv(dataDir, ports));
    const deadline = Date.now() + FIRST_START_TIMEOUT_MS;
    while (!(await acceptsConnections(ports.temporal))) {
      if (!run.running) throw new Error(`npm start exited early\n${run.tail()}`);
      if (Date.now() > deadline) throw new Error(`the Temporal dev server never listened\n${run.tail()}`);
      await sleep(50);
    }
    const descendants = await rememberDescendants(run);
    expect(descendants.map((d) => d.args).join('\n')).toMatch(/temporal server start-dev/);

    run.child.kill('SIGTERM');
    const { code, signal } = await run.waitForExit(STOP_TIMEOUT_MS);
    expect({ code, signal }, run.tail()).toEqual({ code: 0, signal: null });

    // Give whatever is still shutting down a moment; what is left after that was abandoned.
    const settle = Date.now() + 10_000;
    while (Date.now() < settle && (await processesMentioning(dataDir, ports)).length > 0) await sleep(250);
    const abandoned = [...(await processesMentioning(dataDir, ports)), ...(await stillAlive(descendants))];
    await killAndWait(abandoned);
    expect(abandoned).toEqual([]);
    await expectPortsFree(ports);
  }, FIRST_START_TIMEOUT_MS + 60_000);
});

describe.sequential('npm start when a component fails to start', () => {
  it('stops the components it already started and exits non-zero, naming the one that failed', async () => {
    // A Postgres data directory that looks initialised but is not: Postgres refuses to start,
    // while the Temporal dev server, started beside it, comes up.
    const dataDir = await freshDataDir('broken-postgres');
    await mkdir(path.join(dataDir, 'postgres'), { mode: 0o700 });
    await writeFile(path.join(dataDir, 'postgres', 'PG_VERSION'), '15\n');
    // Keys beside the data, as a first run leaves them: the failure is Postgres's, not the keys'.
    const key = () => randomBytes(32).toString('base64');
    await writeFile(
      path.join(dataDir, 'dev-secrets.env'),
      `ANTICOR_KEYS=dev1:${key()}\nANTICOR_HMAC_KEY=${key()}\nADMIN_TOKENS=${'b'.repeat(40)}\nCODEC_TOKENS=${'c'.repeat(40)}\n`,
      { mode: 0o600 },
    );
    const ports = await distinctFreePorts();
    const run = start(startEnv(dataDir, ports));
    const { code } = await run.waitForExit(FIRST_START_TIMEOUT_MS);
    expect(code, run.tail()).toBe(1);
    expect(run.stderr).toMatch(/start-up failed: embedded Postgres did not start/);
    expect(run.stdout).not.toMatch(/Anticor is running/);

    const settle = Date.now() + 10_000;
    while (Date.now() < settle && (await processesMentioning(dataDir, ports)).length > 0) await sleep(250);
    const abandoned = await processesMentioning(dataDir, ports);
    await killAndWait(abandoned);
    expect(abandoned).toEqual([]);
    await expectPortsFree(ports);
  }, FIRST_START_TIMEOUT_MS + 60_000);
});

describe.sequential('npm start, stopped and started again on the same data', () => {
  let dataDir: string;
  let ports: Ports;
  let first: StartProcess;
  let firstDescendants: ProcessRow[] = [];
  let keysFile: string;
  let keysContent: string;
  let adminToken: string;
  let inviteId: string;

  beforeAll(async () => {
    dataDir = await freshDataDir('stack');
    ports = await distinctFreePorts();
    keysFile = path.join(dataDir, 'dev-secrets.env');
  });

  it('starts every component and says so', async () => {
    first = start(startEnv(dataDir, ports));
    await first.waitForOutput(/Anticor is running/, FIRST_START_TIMEOUT_MS);
    console.info(`[start test] first start (with Postgres initdb): ${((Date.now() - first.startedAt) / 1000).toFixed(1)} s`);
    expect(first.stdout).toMatch(/first run: generated local keys/);

    const ready = await fetch(`http://127.0.0.1:${ports.api}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', postgres: { ok: true }, temporal: { ok: true } });

    const ui = await fetch(`http://127.0.0.1:${ports.temporalUi}/`);
    expect(ui.status).toBe(200);
    expect(ui.headers.get('content-type')).toMatch(/text\/html/);
    await ui.arrayBuffer();

    const getMe = await fetch(`http://127.0.0.1:${ports.fakeTelegram}/bot${FAKE_BOT_TOKEN}/getMe`);
    expect(getMe.status).toBe(200);
    expect(await getMe.json()).toMatchObject({ ok: true, result: { is_bot: true, username: FAKE_BOT_USERNAME } });

    // Postgres and the Temporal dev server answer on their own ports too.
    expect(await acceptsConnections(ports.postgres)).toBe(true);
    expect(await acceptsConnections(ports.temporal)).toBe(true);

    firstDescendants = await rememberDescendants(first);
    const commands = firstDescendants.map((d) => d.args).join('\n');
    expect(commands).toMatch(/worker\/main\.ts/);
    expect(commands).toMatch(/api\/server\.ts/);
    expect(commands).toMatch(/bot\/main\.ts/);
    expect(commands).toMatch(/temporal server start-dev/);
    expect(commands).toContain(path.join(dataDir, 'postgres'));
  }, FIRST_START_TIMEOUT_MS + 60_000);

  it('keeps its generated keys beside the data, readable only by its owner', async () => {
    const info = await stat(keysFile);
    expect(info.isFile()).toBe(true);
    expect(info.mode & 0o777).toBe(0o600);
    keysContent = await readFile(keysFile, 'utf8');
    expect(keysContent).toMatch(/^ANTICOR_KEYS=\S+$/m);
    expect(keysContent).toMatch(/^ANTICOR_HMAC_KEY=\S+$/m);
    expect(keysContent).toMatch(/^ADMIN_TOKENS=\S{32,}$/m);
    adminToken = await adminTokenIn(keysFile);
  });

  it('serves the admin API with the generated token, and the codec to the Temporal UI', async () => {
    const refused = await fetch(`http://127.0.0.1:${ports.api}/api/officers`);
    expect(refused.status).toBe(401);
    await refused.arrayBuffer();

    const created = await fetch(`http://127.0.0.1:${ports.api}/api/officers/invites`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'reviewer', unit: 'police', displayName: 'Persistent Officer' }),
    });
    expect(created.status).toBe(201);
    const invite = (await created.json()) as { inviteId: string; link: string };
    expect(invite.link).toMatch(new RegExp(`^https://t\\.me/${FAKE_BOT_USERNAME}\\?start=inv_`));
    inviteId = invite.inviteId;

    // The UI is configured with the codec token in its path and calls from its own origin; that
    // token is not an admin token.
    const codecToken = await tokenIn(keysFile, 'CODEC_TOKENS');
    expect(codecToken).not.toBe(adminToken);
    const origin = `http://localhost:${ports.temporalUi}`;
    const codec = await fetch(`http://127.0.0.1:${ports.api}/codec/${codecToken}/decode`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json', 'x-namespace': 'default' },
      body: JSON.stringify({ payloads: [] }),
    });
    expect(codec.status).toBe(200);
    expect(codec.headers.get('access-control-allow-origin')).toBe(origin);
    expect(await codec.json()).toEqual({ payloads: [] });
  });

  it('refuses a second start on the same ports, saying the port is in use, and leaves the first running', async () => {
    const second = start(startEnv(dataDir, ports));
    const { code } = await second.waitForExit(60_000);
    expect(code, second.tail()).not.toBe(0);
    expect(code).not.toBeNull();
    expect(second.stderr).toMatch(new RegExp(`Port ${ports.api} .*already in use`));
    expect(second.stderr).toMatch(/API_PORT/);
    expect(second.stdout).not.toMatch(/Anticor is running/);

    expect(first.running).toBe(true);
    const ready = await fetch(`http://127.0.0.1:${ports.api}/readyz`);
    expect(ready.status).toBe(200);
    await ready.arrayBuffer();
    expect(await readFile(keysFile, 'utf8')).toBe(keysContent);
  }, 90_000);

  it('refuses a second start on the same data dir with other ports, and leaves the first running', async () => {
    const otherPorts = await distinctFreePorts();
    const second = start(startEnv(dataDir, otherPorts));
    try {
      const { code } = await second.waitForExit(90_000);
      expect(code, second.tail()).not.toBe(0);
      expect(second.stdout).not.toMatch(/Anticor is running/);
      expect(second.stderr).toMatch(/Postgres/);

      expect(first.running).toBe(true);
      const ready = await fetch(`http://127.0.0.1:${ports.api}/readyz`);
      expect(ready.status).toBe(200);
      await ready.arrayBuffer();
      expect(await readFile(keysFile, 'utf8')).toBe(keysContent);
    } finally {
      // What it may have abandoned on its own ports (see the start-up failure test below) shares
      // this data dir: stop it so the next tests see only the first run.
      const pattern = new RegExp(`(^|[^0-9])(${Object.values(otherPorts).join('|')})([^0-9]|$)`);
      await killAndWait((await processTable()).filter((r) => pattern.test(r.args)));
    }
  }, 150_000);

  it('stops everything on SIGINT with exit code 0, freeing every port and leaving no process behind', async () => {
    expect(first.running).toBe(true);
    first.child.kill('SIGINT');
    const { code, signal } = await first.waitForExit(STOP_TIMEOUT_MS);
    expect({ code, signal }, first.tail()).toEqual({ code: 0, signal: null });
    expect(first.stdout).toMatch(/stopped\./);

    await expectPortsFree(ports);
    expect(await stillAlive(firstDescendants)).toEqual([]);
    expect(await processesMentioning(dataDir, ports)).toEqual([]);
  }, STOP_TIMEOUT_MS + 30_000);

  it('starts again on the same data dir with the same keys and the data of the first run', async () => {
    const again = start(startEnv(dataDir, ports));
    await again.waitForOutput(/Anticor is running/, FIRST_START_TIMEOUT_MS);
    console.info(`[start test] second start (existing data): ${((Date.now() - again.startedAt) / 1000).toFixed(1)} s`);
    await rememberDescendants(again);
    expect(again.stdout).not.toMatch(/first run: generated local keys/);
    expect(again.stdout).toMatch(/local keys: /);
    expect(await readFile(keysFile, 'utf8')).toBe(keysContent);

    const ready = await fetch(`http://127.0.0.1:${ports.api}/readyz`);
    expect(ready.status).toBe(200);
    await ready.arrayBuffer();

    // The token of the first run still opens the admin API, and its invite is still there.
    const audit = await fetch(`http://127.0.0.1:${ports.api}/api/audit?limit=500`, { headers: { authorization: `Bearer ${adminToken}` } });
    expect(audit.status).toBe(200);
    const { entries } = (await audit.json()) as { entries: { action: string; details: Record<string, unknown> }[] };
    expect(entries.filter((e) => e.action === 'invite-created').map((e) => e.details.inviteId)).toContain(inviteId);
  }, FIRST_START_TIMEOUT_MS + 60_000);

  it('stops everything when Ctrl-C reaches the whole process group, with exit code 0', async () => {
    const again = started[started.length - 1]!;
    expect(again.running).toBe(true);
    const descendants = await rememberDescendants(again);
    expect(descendants.length).toBeGreaterThan(0);
    // A terminal's Ctrl-C signals the foreground process group: npm start and all it started.
    process.kill(-again.pid, 'SIGINT');
    const { code, signal } = await again.waitForExit(STOP_TIMEOUT_MS);
    expect({ code, signal }, again.tail()).toEqual({ code: 0, signal: null });

    await expectPortsFree(ports);
    expect(await stillAlive(descendants)).toEqual([]);
    expect(await processesMentioning(dataDir, ports)).toEqual([]);
  }, STOP_TIMEOUT_MS + 30_000);
});
