/**
 * Provisions the two Temporal servers the project runs locally, cached outside the repo:
 *
 * - the Temporal CLI (`temporal server start-dev`: dev server + Web UI), built with `go install`;
 * - the Java time-skipping test server, resolved from Maven Central with a small pom and started
 *   through a generated wrapper script that the Temporal SDK can launch as an `existing-path`
 *   executable.
 *
 * Why not the SDK's own download: it fetches from temporal.download, which machines without
 * general internet access cannot reach. Where neither an explicit path, a binary on PATH, a
 * cached copy nor the toolchain to build one exists, the functions answer `sdk-download` so the
 * caller leaves the SDK's default in place (it works on machines with internet).
 *
 * Configuration comes only through ToolsOptions (the caller reads env vars); the functions never
 * take settings from process.env. Child processes (go, mvn, java) get `opts.env` (the caller's
 * environment, from loadToolsConfig) with PATH replaced, because go and mvn need HOME, GOPROXY,
 * proxies etc.
 */
import { spawn } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Connection } from '@temporalio/client';

/** Newest CLI tag whose go.mod has no replace directive (which `go install pkg@version` refuses). */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';

/**
 * Newest io.temporal:temporal-test-server on Maven Central at the time of writing. All classes
 * of it and its runtime dependencies are Java 8 bytecode (class major <= 52, checked), so it runs
 * on the Java 17 installed here. Its dependency tree resolves with plain Maven even though the
 * artifact is published with Gradle module metadata.
 */
export const TEST_SERVER_VERSION = '1.38.0';
export const TEST_SERVER_MAIN_CLASS = 'io.temporal.testserver.TestServer';

/**
 * JVM flags for the test server. The Temporal SDK launches it and polls it only 50 x 100 ms (5 s,
 * fixed in sdk-core) before giving up, so start-up time is what matters, not peak throughput.
 * Measured on this 2-core machine (OpenJDK 17.0.15, test server 1.38.0), ms from spawn until a
 * gRPC GetSystemInfo answered, 5 runs each:
 *
 *                                       idle        2 x `yes`     4 x `yes`
 *   default flags                       660-760     1320-1470     1930-2250
 *   TieredStopAtLevel=1 + SerialGC      580-630     1110-1410     1580-2000
 *   the above + AppCDS archive          270-300      530-570       730-900
 *
 * The AppCDS archive (-XX:SharedArchiveFile, dumped at provision time with
 * -XX:ArchiveClassesAtExit after one gRPC call) is the big win: ~2.5x faster, < 1 s even with
 * 3 busy processes per core. C1-only and SerialGC are kept because they help without it too
 * (a stale archive, e.g. after a JDK update, is ignored by -Xshare:auto with a one-line warning).
 * -XX:-UsePerfData measured within noise, so it is left out. Through the SDK itself
 * (TestWorkflowEnvironment.createTimeSkipping with this wrapper) the environment was ready in
 * 0.3 s idle and 0.6 s with 2 or 4 busy processes: far inside the 5 s, so the SDK can launch it.
 */
export const TEST_SERVER_JVM_FLAGS: readonly string[] = [
  '-XX:TieredStopAtLevel=1',
  '-XX:+UseSerialGC',
  '-Xshare:auto',
];

export interface ToolsOptions {
  /** Cache directory, e.g. defaultToolsDir(os.homedir(), XDG_CACHE_HOME) or ANTICOR_TOOLS_DIR. */
  toolsDir: string;
  /** From TEMPORAL_CLI_PATH: used as-is; must exist and be executable. */
  temporalCliPath?: string;
  /** From TEMPORAL_TEST_SERVER_PATH: used as-is; must exist and be executable. */
  testServerPath?: string;
  /** The PATH to search (also for go, mvn and java, plus a few common install dirs). */
  pathEnv?: string;
  /** Progress notices, one line each. Default: stderr. */
  log?: (line: string) => void;
  /** Environment for go/mvn/java child processes (PATH is replaced): the caller's, from loadToolsConfig. */
  env?: NodeJS.ProcessEnv;
}

export type ToolSource = 'env' | 'path' | 'cache' | 'built';

export type ToolResult =
  | { path: string; source: ToolSource }
  | { path: undefined; source: 'sdk-download' };

/** $XDG_CACHE_HOME/anticor, or ~/.cache/anticor; a relative XDG_CACHE_HOME is ignored (XDG spec). */
export function defaultToolsDir(homeDir: string, xdgCacheHome?: string): string {
  const base =
    xdgCacheHome !== undefined && xdgCacheHome !== '' && path.isAbsolute(xdgCacheHome)
      ? xdgCacheHome
      : path.join(homeDir, '.cache');
  return path.join(base, 'anticor');
}

/** The shape lib/config.ts's loadToolsConfig() returns (kept structural so this file does not import it). */
export interface ToolsSettings {
  toolsDir?: string | undefined;
  temporalCliPath?: string | undefined;
  testServerPath?: string | undefined;
  pathEnv?: string | undefined;
  homeDir?: string | undefined;
  xdgCacheHome?: string | undefined;
  env?: NodeJS.ProcessEnv | undefined;
}

/**
 * ToolsOptions from the tools settings: an empty ANTICOR_TOOLS_DIR counts as unset, and without
 * HOME the OS's idea of the home directory is used.
 */
export function toolsOptionsFrom(settings: ToolsSettings, log?: (line: string) => void): ToolsOptions {
  const toolsDir =
    settings.toolsDir !== undefined && settings.toolsDir !== ''
      ? path.resolve(settings.toolsDir)
      : defaultToolsDir(settings.homeDir || os.homedir(), settings.xdgCacheHome);
  return {
    toolsDir,
    temporalCliPath: settings.temporalCliPath,
    testServerPath: settings.testServerPath,
    pathEnv: settings.pathEnv,
    ...(settings.env !== undefined ? { env: settings.env } : {}),
    ...(log !== undefined ? { log } : {}),
  };
}

/** Where ensureTemporalCli keeps the built binary; the directory name carries the version. */
export function temporalCliCachePath(toolsDir: string): string {
  return path.join(toolsDir, `temporal-cli-${TEMPORAL_CLI_VERSION}`, 'temporal');
}

/** Where ensureTestServer writes the wrapper script. */
export function testServerCachePath(toolsDir: string): string {
  return path.join(toolsDir, `temporal-test-server-${TEST_SERVER_VERSION}`, 'temporal-test-server');
}

// `go` and `mvn` are often missing from a non-login shell's PATH (e.g. /usr/local/go/bin is added
// by /etc/profile); look in the usual install places too.
const COMMON_BIN_DIRS = ['/usr/local/go/bin', '/usr/local/bin', '/usr/bin', '/bin', '/opt/homebrew/bin'];

const defaultLog = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

// ---------------------------------------------------------------------------------------------
// Temporal CLI
// ---------------------------------------------------------------------------------------------

export async function ensureTemporalCli(opts: ToolsOptions): Promise<ToolResult> {
  const log = opts.log ?? defaultLog;
  if (opts.temporalCliPath !== undefined && opts.temporalCliPath !== '') {
    return { path: await requireExecutable(opts.temporalCliPath, 'TEMPORAL_CLI_PATH'), source: 'env' };
  }
  const onPath = await findExecutable('temporal', splitPath(opts.pathEnv));
  if (onPath !== undefined) return { path: onPath, source: 'path' };

  const cached = temporalCliCachePath(opts.toolsDir);
  if (await isExecutableFile(cached)) return { path: cached, source: 'cache' };

  const go = await findExecutable('go', [...splitPath(opts.pathEnv), ...COMMON_BIN_DIRS]);
  if (go === undefined) {
    log('Temporal CLI: not found and no `go` to build it; leaving it to the Temporal SDK download.');
    return { path: undefined, source: 'sdk-download' };
  }

  await fs.mkdir(opts.toolsDir, { recursive: true });
  return withLock(opts.toolsDir, `temporal-cli-${TEMPORAL_CLI_VERSION}`, log, async () => {
    // Another process may have finished the build while we waited for the lock.
    if (await isExecutableFile(cached)) return { path: cached, source: 'cache' } as const;
    await buildTemporalCli(opts, go, cached, log);
    return { path: cached, source: 'built' } as const;
  });
}

async function buildTemporalCli(
  opts: ToolsOptions,
  go: string,
  target: string,
  log: (line: string) => void,
): Promise<void> {
  const finalDir = path.dirname(target);
  // Build into a private temp dir and rename it into place, so a reader never sees a half-written
  // binary even if this process dies mid-build.
  const tmp = await makeTempDir(opts.toolsDir, 'temporal-cli');
  try {
    log(
      `Temporal CLI: building ${TEMPORAL_CLI_MODULE}@${TEMPORAL_CLI_VERSION} with ${go} ` +
        '(first time only; takes a few minutes on a small machine)...',
    );
    const res = await run(go, ['install', `${TEMPORAL_CLI_MODULE}@${TEMPORAL_CLI_VERSION}`], {
      cwd: tmp, // outside any module, so the project's go.mod (if one ever appears) cannot interfere
      env: { ...childEnv(opts, go), GOBIN: tmp },
    });
    if (res.code !== 0) {
      throw new Error(
        `Building the Temporal CLI failed: \`go install ${TEMPORAL_CLI_MODULE}@${TEMPORAL_CLI_VERSION}\` ` +
          `exited with ${describeExit(res)}. Last lines of its output:\n${tailLines(res.output, 30)}\n` +
          'Check that the Go module proxy is reachable (`go env GOPROXY GOSUMDB`), ' +
          'or set TEMPORAL_CLI_PATH to an existing `temporal` binary.',
      );
    }
    const built = path.join(tmp, 'temporal');
    if (!(await isExecutableFile(built))) {
      throw new Error(`go install succeeded but ${built} is missing; set TEMPORAL_CLI_PATH instead.`);
    }
    await fs.chmod(tmp, 0o755);
    // We hold the lock and the binary is missing, so whatever is at finalDir is debris.
    await fs.rm(finalDir, { recursive: true, force: true });
    await fs.rename(tmp, finalDir);
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Java time-skipping test server
// ---------------------------------------------------------------------------------------------

export async function ensureTestServer(opts: ToolsOptions): Promise<ToolResult> {
  const log = opts.log ?? defaultLog;
  if (opts.testServerPath !== undefined && opts.testServerPath !== '') {
    return {
      path: await requireExecutable(opts.testServerPath, 'TEMPORAL_TEST_SERVER_PATH'),
      source: 'env',
    };
  }
  const onPath = await findExecutable('temporal-test-server', splitPath(opts.pathEnv));
  if (onPath !== undefined) return { path: onPath, source: 'path' };

  const cached = testServerCachePath(opts.toolsDir);
  if (await isExecutableFile(cached)) return { path: cached, source: 'cache' };

  const dirs = [...splitPath(opts.pathEnv), ...COMMON_BIN_DIRS];
  const [mvn, java] = await Promise.all([findExecutable('mvn', dirs), findExecutable('java', dirs)]);
  if (mvn === undefined || java === undefined) {
    log(
      `Temporal test server: not found and no ${mvn === undefined ? '`mvn`' : '`java`'} to set it up; ` +
        'leaving it to the Temporal SDK download.',
    );
    return { path: undefined, source: 'sdk-download' };
  }

  await fs.mkdir(opts.toolsDir, { recursive: true });
  return withLock(opts.toolsDir, `temporal-test-server-${TEST_SERVER_VERSION}`, log, async () => {
    if (await isExecutableFile(cached)) return { path: cached, source: 'cache' } as const;
    await buildTestServer(opts, mvn, java, cached, log);
    return { path: cached, source: 'built' } as const;
  });
}

const TEST_SERVER_POM = fileURLToPath(new URL('./test-server-pom.xml', import.meta.url));

async function buildTestServer(
  opts: ToolsOptions,
  mvn: string,
  java: string,
  wrapper: string,
  log: (line: string) => void,
): Promise<void> {
  const finalDir = path.dirname(wrapper);
  // The Maven local repository lives in the tools cache rather than ~/.m2: everything provisioning
  // downloads is then in one place that `rm -rf` resets, and the user's own ~/.m2 is left alone
  // (~/.m2/settings.xml, e.g. a mirror, is still honoured). Cost: ~40 MB duplicated with lib/.
  const m2 = path.join(opts.toolsDir, 'm2');
  const env = childEnv(opts, java, mvn);
  const tmp = await makeTempDir(opts.toolsDir, 'temporal-test-server');
  try {
    log(`Temporal test server: resolving io.temporal:temporal-test-server:${TEST_SERVER_VERSION} with Maven...`);
    const res = await run(
      mvn,
      [
        '-B',
        '-q',
        '-f',
        TEST_SERVER_POM,
        `-Dtemporal.test-server.version=${TEST_SERVER_VERSION}`,
        `-Dmaven.repo.local=${m2}`,
        'dependency:copy-dependencies',
        '-DincludeScope=runtime',
        `-DoutputDirectory=${path.join(tmp, 'lib')}`,
      ],
      { cwd: tmp, env },
    );
    if (res.code !== 0) {
      throw new Error(
        `Resolving the Temporal test server with Maven failed (${describeExit(res)}). ` +
          `Last lines of its output:\n${tailLines(res.output, 30)}\n` +
          'Check that Maven Central is reachable (or a mirror in ~/.m2/settings.xml), ' +
          'or set TEMPORAL_TEST_SERVER_PATH to an existing test server executable.',
      );
    }
    await fs.chmod(tmp, 0o755);
    // The jars must be at their final path before the CDS archive is dumped: JDK 17 records the
    // class path in the archive and ignores the archive when it differs.
    await fs.rm(finalDir, { recursive: true, force: true });
    await fs.rename(tmp, finalDir);
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }

  const libDir = path.join(finalDir, 'lib');
  const jars = (await fs.readdir(libDir)).filter((f) => f.endsWith('.jar')).sort();
  if (!jars.some((j) => j.startsWith('temporal-test-server-'))) {
    throw new Error(`Maven finished but no temporal-test-server jar is in ${libDir}.`);
  }
  // An explicit, sorted class path (not lib/*): the CDS archive only matches the same class path.
  const classPath = jars.map((j) => path.join(libDir, j)).join(path.delimiter);
  const jsa = path.join(finalDir, 'app-cds.jsa');
  const cdsMs = await dumpCdsArchive(java, classPath, jsa, env, log);
  if (cdsMs !== undefined) log(`Temporal test server: class-data archive written in ${cdsMs} ms.`);

  // Written last and renamed into place: its presence is what marks the cache as complete.
  const script = renderWrapper(java, classPath, jsa);
  const tmpWrapper = `${wrapper}.tmp-${process.pid}`;
  await fs.writeFile(tmpWrapper, script, { mode: 0o755 });
  await fs.rename(tmpWrapper, wrapper);
}

function renderWrapper(java: string, classPath: string, jsa: string): string {
  const flags = TEST_SERVER_JVM_FLAGS.map(shQuote).join(' ');
  const tail = `-cp ${shQuote(classPath)} ${TEST_SERVER_MAIN_CLASS} "$@"`;
  return [
    '#!/bin/sh',
    `# Generated by scripts/provision (Anticor): Temporal Java time-skipping test server ${TEST_SERVER_VERSION}.`,
    '# The Temporal SDK runs it as `<this> <port> [extraArgs...]`. `exec` keeps the PID, so the',
    "# SDK's kill on teardown reaches the JVM itself. See TEST_SERVER_JVM_FLAGS for the flags.",
    `if [ -r ${shQuote(jsa)} ]; then`,
    `  exec ${shQuote(java)} ${flags} ${shQuote(`-XX:SharedArchiveFile=${jsa}`)} ${tail}`,
    'fi',
    `exec ${shQuote(java)} ${flags} ${tail}`,
    '',
  ].join('\n');
}

/**
 * Starts the server once with -XX:ArchiveClassesAtExit, makes one gRPC call so the request path's
 * classes are loaded too, then stops it so the JVM writes the archive. Best effort: without the
 * archive the server still works, only slower to start, so failures are logged, not thrown.
 */
async function dumpCdsArchive(
  java: string,
  classPath: string,
  jsa: string,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<number | undefined> {
  const started = performance.now();
  const tmpJsa = `${jsa}.tmp-${process.pid}`;
  const port = await freePort();
  const grpc = await loadGrpcClient();
  const child = spawn(
    java,
    [...TEST_SERVER_JVM_FLAGS, `-XX:ArchiveClassesAtExit=${tmpJsa}`, '-cp', classPath, TEST_SERVER_MAIN_CLASS, String(port)],
    { env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const output = collectOutput(child.stderr);
  const exited = new Promise<void>((resolve) => {
    child.on('close', () => resolve());
    child.on('error', () => resolve());
  });
  try {
    await waitForGrpc(grpc, port, 60_000, exited);
    child.kill('SIGTERM'); // a normal JVM exit is what triggers ArchiveClassesAtExit
    if (!(await settlesWithin(exited, 60_000))) {
      child.kill('SIGKILL');
      throw new Error('the JVM did not exit within 60 s of SIGTERM');
    }
    const st = await fs.stat(tmpJsa);
    if (!st.isFile() || st.size === 0) throw new Error('the JVM wrote no archive');
    await fs.rename(tmpJsa, jsa);
    return Math.round(performance.now() - started);
  } catch (err) {
    child.kill('SIGKILL');
    log(
      `Temporal test server: could not create the class-data archive (${(err as Error).message}); ` +
        `it will start without one (slower). JVM output:\n${tailLines(output(), 10)}`,
    );
    await fs.rm(tmpJsa, { force: true });
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Start-up probe (used by cli.ts and the tests to report how fast a server answers)
// ---------------------------------------------------------------------------------------------

/**
 * Spawns `exe ...argsFor(port)` on a free port, measures the ms until a gRPC GetSystemInfo
 * answers, then kills it (SIGKILL, as the SDK does) and waits for it to exit.
 */
export async function measureStartup(
  exe: string,
  argsFor: (port: number) => string[],
  timeoutMs = 60_000,
): Promise<number> {
  const port = await freePort();
  const grpc = await loadGrpcClient(); // before the clock starts: the first import takes ~0.4 s
  const started = performance.now();
  const child = spawn(exe, argsFor(port), { stdio: ['ignore', 'ignore', 'pipe'] });
  const output = collectOutput(child.stderr);
  const exited = new Promise<void>((resolve) => {
    child.on('close', () => resolve());
    child.on('error', () => resolve());
  });
  try {
    await waitForGrpc(grpc, port, timeoutMs, exited);
    return Math.round(performance.now() - started);
  } catch (err) {
    throw new Error(`${exe} did not answer: ${(err as Error).message}\n${tailLines(output(), 10)}`);
  } finally {
    child.kill('SIGKILL');
    await exited;
  }
}

type GrpcClient = { Connection: typeof Connection };

// Loaded lazily: only the build and the probe need a gRPC client, and it is slow to import.
function loadGrpcClient(): Promise<GrpcClient> {
  return import('@temporalio/client');
}

async function waitForGrpc(
  grpc: GrpcClient,
  port: number,
  timeoutMs: number,
  exited: Promise<void>,
): Promise<void> {
  // Probe TCP first: a gRPC connect to a closed port backs off for ~1 s, which would inflate the
  // measured start-up time.
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const deadline = performance.now() + timeoutMs;
  let lastError: unknown;
  while (performance.now() < deadline) {
    if (gone) throw new Error('the process exited before answering');
    if (await acceptsTcp(port)) {
      try {
        const conn = await grpc.Connection.connect({ address: `127.0.0.1:${port}`, connectTimeout: 2_000 });
        try {
          await conn.workflowService.getSystemInfo({});
          return;
        } finally {
          await conn.close();
        }
      } catch (err) {
        lastError = err;
      }
    }
    await delay(25);
  }
  throw new Error(`no gRPC answer on port ${port} within ${timeoutMs} ms (${String(lastError)})`);
}

function acceptsTcp(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => {
        if (addr !== null && typeof addr === 'object') resolve(addr.port);
        else reject(new Error('could not get a free port'));
      });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Lock: a directory created with mkdir (atomic), holding the owner's pid/host/start time.
// ---------------------------------------------------------------------------------------------

const LOCK_POLL_MS = 500;
/** Longer than any sane build (the CLI took ~3 min here); a lock this old is abandoned. */
const LOCK_STALE_MS = 60 * 60_000;
const LOCK_WAIT_MS = 30 * 60_000;

interface LockOwner {
  pid: number;
  host: string;
  startedAt: number;
}

/**
 * Runs fn while holding `<toolsDir>/.<name>.lock`, so two processes provisioning at once (test
 * setup and `npm start`) do not build twice into the same place. A lock whose owner is dead (same
 * host) or older than LOCK_STALE_MS is broken. Builds also go through temp dirs and renames, so
 * even a wrongly broken lock cannot leave a half-written tool where a reader looks.
 */
export async function withLock<T>(
  toolsDir: string,
  name: string,
  log: (line: string) => void,
  fn: () => Promise<T>,
): Promise<T> {
  const lockDir = path.join(toolsDir, `.${name}.lock`);
  const deadline = Date.now() + LOCK_WAIT_MS;
  let announced = false;
  for (;;) {
    try {
      await fs.mkdir(lockDir);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = await readLockOwner(lockDir);
    if (await isLockStale(lockDir, owner)) {
      log(`Breaking a stale provisioning lock ${lockDir} (pid ${owner?.pid ?? 'unknown'}).`);
      await breakLock(lockDir);
      continue;
    }
    if (!announced) {
      log(`Waiting for another process (pid ${owner?.pid ?? 'unknown'}) that is provisioning ${name}...`);
      announced = true;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out waiting for the provisioning lock ${lockDir}; remove it if no other process is provisioning.`,
      );
    }
    await delay(LOCK_POLL_MS);
  }
  const me: LockOwner = { pid: process.pid, host: os.hostname(), startedAt: Date.now() };
  await fs.writeFile(path.join(lockDir, 'owner.json'), JSON.stringify(me));
  try {
    return await fn();
  } finally {
    await fs.rm(lockDir, { recursive: true, force: true });
  }
}

async function readLockOwner(lockDir: string): Promise<LockOwner | undefined> {
  try {
    const parsed = JSON.parse(await fs.readFile(path.join(lockDir, 'owner.json'), 'utf8')) as Partial<LockOwner>;
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string' && typeof parsed.startedAt === 'number') {
      return { pid: parsed.pid, host: parsed.host, startedAt: parsed.startedAt };
    }
  } catch {
    // Missing or half-written: judged by the directory's age below.
  }
  return undefined;
}

async function isLockStale(lockDir: string, owner: LockOwner | undefined): Promise<boolean> {
  if (owner === undefined) {
    // The owner writes owner.json right after mkdir; give it a few seconds before calling it dead.
    try {
      const st = await fs.stat(lockDir);
      return Date.now() - st.mtimeMs > 10_000;
    } catch {
      return false; // released meanwhile: the next mkdir will tell
    }
  }
  if (Date.now() - owner.startedAt > LOCK_STALE_MS) return true;
  return owner.host === os.hostname() && !isPidAlive(owner.pid);
}

function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function breakLock(lockDir: string): Promise<void> {
  // Rename first (atomic) so only one of several waiters removes it.
  const trash = `${lockDir}.stale-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    await fs.rename(lockDir, trash);
  } catch {
    return; // someone else broke it
  }
  await fs.rm(trash, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

async function requireExecutable(p: string, envVar: string): Promise<string> {
  const abs = path.resolve(p);
  let st;
  try {
    st = await fs.stat(abs);
  } catch {
    throw new Error(`${envVar} is set to ${JSON.stringify(p)}, but that file does not exist.`);
  }
  if (!st.isFile()) throw new Error(`${envVar} is set to ${JSON.stringify(p)}, but that is not a file.`);
  try {
    await fs.access(abs, fsConstants.X_OK);
  } catch {
    throw new Error(`${envVar} is set to ${JSON.stringify(p)}, but that file is not executable.`);
  }
  return abs;
}

async function isExecutableFile(p: string): Promise<boolean> {
  try {
    const st = await fs.stat(p);
    if (!st.isFile()) return false;
    await fs.access(p, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function splitPath(pathEnv: string | undefined): string[] {
  // Empty PATH entries mean the cwd in POSIX shells; skip them rather than pick up ./temporal.
  return (pathEnv ?? '').split(path.delimiter).filter((d) => d !== '' && path.isAbsolute(d));
}

async function findExecutable(name: string, dirs: readonly string[]): Promise<string | undefined> {
  for (const dir of new Set(dirs)) {
    const candidate = path.join(dir, name);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

/** The caller's PATH plus the dirs of the tools we found, so mvn finds the same java, etc. */
function childEnv(opts: ToolsOptions, ...tools: string[]): NodeJS.ProcessEnv {
  const dirs = [...tools.map((t) => path.dirname(t)), ...splitPath(opts.pathEnv), ...COMMON_BIN_DIRS];
  const base = opts.env ?? {};
  return { ...base, PATH: [...new Set(dirs)].join(path.delimiter) };
}

/**
 * A private build dir named after our pid. Called under the lock, so it also clears the dirs of
 * builds whose process died (a dead go build leaves ~250 MB behind).
 */
async function makeTempDir(toolsDir: string, name: string): Promise<string> {
  const prefix = `.tmp-${name}-`;
  for (const entry of await fs.readdir(toolsDir)) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(entry.slice(prefix.length).split('-')[0]);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !isPidAlive(pid)) {
      await fs.rm(path.join(toolsDir, entry), { recursive: true, force: true });
    }
  }
  return fs.mkdtemp(path.join(toolsDir, `${prefix}${process.pid}-`));
}

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** Runs a command without a shell, keeping only the tail of its combined output. */
function run(cmd: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = collectOutput(child.stdout, child.stderr);
    child.once('error', (err) => resolve({ code: -1, signal: null, output: `${out()}\n${err.message}` }));
    child.once('close', (code, signal) => resolve({ code, signal, output: out() }));
  });
}

const OUTPUT_KEEP = 64 * 1024;

function collectOutput(...streams: (NodeJS.ReadableStream | null)[]): () => string {
  let buf = '';
  for (const s of streams) {
    s?.setEncoding('utf8');
    s?.on('data', (chunk: string) => {
      buf += chunk;
      if (buf.length > 2 * OUTPUT_KEEP) buf = buf.slice(-OUTPUT_KEEP);
    });
  }
  return () => buf;
}

function tailLines(text: string, n: number): string {
  const lines = text.trimEnd().split('\n');
  return lines.slice(-n).join('\n');
}

function describeExit(res: RunResult): string {
  return res.signal !== null ? `signal ${res.signal}` : `code ${String(res.code)}`;
}

function shQuote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

/** Whether p settles within ms; the timer is cleared so it never holds the process open. */
async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([p.then(() => true as const), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
