// Starts what the whole test run shares, once: the provisioned Temporal tools, an embedded Postgres
// on its own port and data directory with a migrated template database, a Temporal dev server, and
// one workflow bundle. Test files receive their addresses through vitest's provide/inject.
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { migrateDatabase } from '../db/migrate.js';
import { loadToolsConfig } from '../lib/config.js';
import { FAILURE_CONVERTER_PATH } from '../lib/temporal.js';
import { ensureTemporalCli, ensureTestServer, toolsOptionsFrom } from '../scripts/provision/index.js';
import { ensurePgDump } from '../scripts/provision/pg-dump.js';
import { ensureDatabase, freePort, startPostgres, startTemporalDevServer } from '../scripts/services.js';
import { WORKFLOWS_PATH } from '../worker/workers.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
    templateDatabase: string;
    temporalAddress: string;
    workflowBundlePath: string;
    testServerPath: string;
    temporalCliPath: string;
    pgDumpPath: string;
  }
}

export const TEMPLATE_DATABASE = 'anticor_template';

export default async function setup(project: TestProject) {
  const log = (line: string) => process.stderr.write(`[test setup] ${line}\n`);
  const toolsConfig = loadToolsConfig();
  const tools = toolsOptionsFrom(toolsConfig, log);
  const [cli, testServer] = await Promise.all([ensureTemporalCli(tools), ensureTestServer(tools)]);
  if (!cli.path || !testServer.path) {
    // The tests must prove both servers run; a silent skip would hide a broken machine.
    throw new Error('The Temporal CLI and the Java test server are needed for the tests; see the messages above.');
  }

  const scratch = await mkdtemp(path.join(os.tmpdir(), 'anticor-test-'));
  // As root, Postgres runs as its own user, which must be able to reach its data directory inside.
  await chmod(scratch, 0o755);
  const [pgPort, temporalPort] = await Promise.all([freePort(), freePort()]);
  const started = Date.now();
  const [pg, temporal, bundle] = await Promise.all([
    startPostgres({ dataDir: path.join(scratch, 'postgres'), port: pgPort, persistent: false, log }),
    startTemporalDevServer({ cliPath: cli.path, port: temporalPort, log }),
    bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, failureConverterPath: FAILURE_CONVERTER_PATH, logger: quietLogger }),
  ]);
  await ensureDatabase(pg.adminUrl, TEMPLATE_DATABASE);
  const pgDump = await ensurePgDump(await serverMajor(pg.adminUrl), { pathEnv: toolsConfig.pathEnv, isRoot: process.getuid?.() === 0, log });
  await migrateDatabase(pg.urlFor(TEMPLATE_DATABASE));
  const bundlePath = path.join(scratch, 'workflow-bundle.js');
  await writeFile(bundlePath, bundle.code);
  log(`Postgres :${pgPort}, Temporal dev server :${temporalPort}, workflow bundle ready in ${Date.now() - started} ms`);

  project.provide('postgresAdminUrl', pg.adminUrl);
  project.provide('templateDatabase', TEMPLATE_DATABASE);
  project.provide('temporalAddress', temporal.address);
  project.provide('workflowBundlePath', bundlePath);
  project.provide('testServerPath', testServer.path);
  project.provide('temporalCliPath', cli.path);
  project.provide('pgDumpPath', pgDump);

  return async () => {
    await Promise.allSettled([temporal.stop(), pg.stop()]);
    await rm(scratch, { recursive: true, force: true });
  };
}

async function serverMajor(url: string): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ v: string }[]>`select current_setting('server_version_num') as v`;
    return Math.floor(Number(row!.v) / 10000);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

const quietLogger = {
  log: () => {},
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: (message: string) => process.stderr.write(`[bundler] ${message}\n`),
  error: (message: string) => process.stderr.write(`[bundler] ${message}\n`),
};
