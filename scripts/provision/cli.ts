/**
 * `tsx scripts/provision/cli.ts [--cli] [--test-server] [--no-probe]`
 *
 * Finds or builds the Temporal CLI and the Java time-skipping test server (both by default) and
 * prints where each came from, how long that took, and how fast the server answers once started
 * (the Temporal SDK gives a server it launches only 5 s). Settings come from lib/config.ts
 * (ANTICOR_TOOLS_DIR, TEMPORAL_CLI_PATH, TEMPORAL_TEST_SERVER_PATH, PATH, HOME, XDG_CACHE_HOME).
 */
import { parseArgs } from 'node:util';
import { loadToolsConfig } from '../../lib/config.js';
import {
  ensureTemporalCli,
  ensureTestServer,
  measureStartup,
  TEMPORAL_CLI_VERSION,
  TEST_SERVER_VERSION,
  toolsOptionsFrom,
  type ToolResult,
} from './index.js';

const { values } = parseArgs({
  options: {
    cli: { type: 'boolean', default: false },
    'test-server': { type: 'boolean', default: false },
    'no-probe': { type: 'boolean', default: false },
  },
  strict: true,
});
const wantAll = !values.cli && !values['test-server'];

const opts = toolsOptionsFrom(loadToolsConfig(), (line) => console.log(`  ${line}`));

function describe(name: string, res: ToolResult, ms: number): string {
  const where = res.path === undefined ? '(none: the Temporal SDK will download it)' : res.path;
  return `${name}: ${res.source} ${where} [${(ms / 1000).toFixed(1)} s]`;
}

async function main(): Promise<void> {
  console.log(`tools dir: ${opts.toolsDir}`);
  let failed = false;

  if (wantAll || values.cli) {
    const t0 = performance.now();
    try {
      const res = await ensureTemporalCli(opts);
      console.log(describe(`temporal CLI ${TEMPORAL_CLI_VERSION}`, res, performance.now() - t0));
      if (res.path !== undefined && !values['no-probe']) {
        const ms = await measureStartup(res.path, (port) => [
          'server',
          'start-dev',
          '--headless',
          '--ip',
          '127.0.0.1',
          '--port',
          String(port),
          '--log-level',
          'error',
        ]);
        console.log(`  dev server (in-memory) answered gRPC after ${ms} ms`);
      }
    } catch (err) {
      failed = true;
      console.error(`temporal CLI: FAILED: ${(err as Error).message}`);
    }
  }

  if (wantAll || values['test-server']) {
    const t0 = performance.now();
    try {
      const res = await ensureTestServer(opts);
      console.log(describe(`temporal test server ${TEST_SERVER_VERSION}`, res, performance.now() - t0));
      if (res.path !== undefined && !values['no-probe']) {
        const ms = await measureStartup(res.path, (port) => [String(port)]);
        const note = ms > 3000 ? ' (WARNING: close to the SDK 5 s start-up limit)' : '';
        console.log(`  test server answered gRPC after ${ms} ms${note}`);
      }
    } catch (err) {
      failed = true;
      console.error(`temporal test server: FAILED: ${(err as Error).message}`);
    }
  }

  process.exitCode = failed ? 1 : 0;
}

await main();
