// `npm start`: the whole system on one machine. Embedded Postgres (unless DATABASE_URL), migrations,
// the Temporal dev server with its Web UI (unless TEMPORAL_ADDRESS), the Telegram emulator (unless
// TELEGRAM_BOT_TOKEN), then the worker, the api and the bot as child processes. Ctrl-C stops all.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { migrateDatabase } from '../db/migrate.js';
import { ConfigError, loadConfig, loadLocalStackConfig, loadToolsConfig } from '../lib/config.js';
import { createFakeTelegram } from '../test/fake-telegram/server.js';
import { DEV_DATABASE, FAKE_BOT_TOKEN, FAKE_BOT_USERNAME, PROJECT_ROOT, dataDirOf, devProcessEnv, devSecrets } from './dev-env.js';
import { ensureTemporalCli, toolsOptionsFrom } from './provision/index.js';
import { ensureDatabase, portInUse, startPostgres, startTemporalDevServer, stopChild, type RunningService } from './services.js';

const startedAt = Date.now();
const say = (line: string) => process.stdout.write(`[anticor] ${line}\n`);
const fail = (message: string, code = 1): never => {
  process.stderr.write(`[anticor] ${message}\n`);
  process.exit(code);
};

const stack = loadLocalStackConfig();
const dataDir = dataDirOf(stack);
const { secrets, file: secretsFile, created } = await devSecrets(dataDir).catch((error: unknown) =>
  fail(error instanceof Error ? error.message : String(error)),
);
const env = devProcessEnv(stack, secrets);

// Validate everything the processes will read before starting anything, so a wrong value stops
// here with its name instead of in three child processes.
let config;
try {
  config = loadConfig(env);
} catch (error) {
  if (error instanceof ConfigError) fail(`${error.message}\nSee .env.example for every variable and what it expects.`, 78);
  throw error;
}

const embedded = { postgres: !stack.databaseUrl, temporal: !stack.temporalAddress, telegram: !stack.telegramBotToken };
const wanted: [string, number, boolean][] = [
  ['the api (API_PORT)', stack.ports.api, true],
  ['embedded Postgres (ANTICOR_POSTGRES_PORT)', stack.ports.postgres, embedded.postgres],
  ['the Temporal dev server (ANTICOR_TEMPORAL_PORT)', stack.ports.temporal, embedded.temporal],
  ['the Temporal Web UI (ANTICOR_TEMPORAL_UI_PORT)', stack.ports.temporalUi, embedded.temporal],
  ['the Telegram emulator (ANTICOR_FAKE_TELEGRAM_PORT)', stack.ports.fakeTelegram, embedded.telegram],
];
for (const [what, port, needed] of wanted) {
  if (needed && (await portInUse(port))) {
    fail(`Port ${port} for ${what} is already in use. Is Anticor already running? Stop it, or set that variable to a free port.`);
  }
}

const services: RunningService[] = [];
const starting: Promise<unknown>[] = [];
const children: { name: string; child: ChildProcess }[] = [];
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (stopping) return new Promise(() => {});
  stopping = true;
  say('stopping…');
  // A service still starting is stopped once it is up, not abandoned.
  await Promise.race([Promise.allSettled(starting), new Promise((r) => setTimeout(r, 60_000))]);
  await Promise.all(children.map(({ child }) => stopChild(child)));
  for (const service of services.reverse()) await service.stop().catch(() => {});
  say('stopped.');
  process.exit(code);
}
// This process owns shutdown: children first, then the services (see loadEmbeddedPostgres for why
// no library's exit hooks may do it instead).
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stopAll(0));

try {
  say(created ? `first run: generated local keys in ${secretsFile}` : `local keys: ${secretsFile}`);

  const tools = toolsOptionsFrom(loadToolsConfig(), say);
  const cliPath = embedded.temporal ? (await ensureTemporalCli(tools)).path : undefined;
  if (embedded.temporal && !cliPath) {
    fail('The Temporal CLI is not available and cannot be built here (no Go). Install it, set TEMPORAL_CLI_PATH, or set TEMPORAL_ADDRESS.');
  }

  // Each service is tracked the moment it is up, so a failure or a Ctrl-C during start-up stops
  // what already started instead of leaving it running.
  const track = <T extends RunningService>(service: Promise<T>): Promise<T> => {
    const tracked = service.then((up) => {
      services.push(up);
      return up;
    });
    starting.push(tracked);
    return tracked;
  };
  const started = await Promise.allSettled([
    embedded.postgres
      ? track(startPostgres({ dataDir: path.join(dataDir, 'postgres'), port: stack.ports.postgres, persistent: true, log: say }))
      : null,
    embedded.temporal
      ? track(
          startTemporalDevServer({
            cliPath: cliPath!,
            port: stack.ports.temporal,
            uiPort: stack.ports.temporalUi,
            dbFile: path.join(dataDir, 'temporal.sqlite'),
            codecEndpoint: `http://127.0.0.1:${stack.ports.api}/codec/${config.api.codecTokens[0]}`,
            log: say,
          }),
        )
      : null,
    embedded.telegram
      ? track(
          (async () => {
            const fake = createFakeTelegram({ token: FAKE_BOT_TOKEN, botUsername: FAKE_BOT_USERNAME });
            await fake.listen(stack.ports.fakeTelegram, '127.0.0.1');
            return Object.assign(fake, { stop: () => fake.close() });
          })(),
        )
      : null,
  ]);
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  const [pg, temporal, telegram] = started.map((result) => (result.status === 'fulfilled' ? result.value : null)) as [
    Awaited<ReturnType<typeof startPostgres>> | null,
    Awaited<ReturnType<typeof startTemporalDevServer>> | null,
    (ReturnType<typeof createFakeTelegram> & RunningService) | null,
  ];
  if (pg) await ensureDatabase(pg.adminUrl, DEV_DATABASE);

  await migrateDatabase(config.databaseUrl);

  for (const [name, entry] of [
    ['worker', 'worker/main.ts'],
    ['api', 'api/server.ts'],
    ['bot', 'bot/main.ts'],
  ] as const) {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, entry)], {
      cwd: PROJECT_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream! }).on('line', (line) => process.stdout.write(`[${name}] ${line}\n`));
    }
    child.once('exit', (code, signal) => {
      if (stopping) return;
      process.stderr.write(`[anticor] the ${name} stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping everything.\n`);
      void stopAll(1);
    });
    children.push({ name, child });
  }

  const readyz = `http://127.0.0.1:${stack.ports.api}/readyz`;
  for (let ready = false; !ready; ) {
    if (stopping) await new Promise(() => {});
    ready = await fetch(readyz)
      .then((r) => r.ok)
      .catch(() => false);
    if (!ready) await new Promise((r) => setTimeout(r, 250));
  }

  const lines = [
    `Anticor is running (started in ${((Date.now() - startedAt) / 1000).toFixed(1)} s). Ctrl-C stops everything.`,
    `  Postgres      ${pg ? `127.0.0.1:${stack.ports.postgres}/${DEV_DATABASE} (embedded, data in ${path.join(dataDir, 'postgres')})` : 'DATABASE_URL (external)'}`,
    `  Temporal      ${temporal ? `${temporal.address} (dev server, state in ${path.join(dataDir, 'temporal.sqlite')})` : `${config.temporal.address} (external)`}`,
    ...(temporal ? [`  Temporal UI   ${temporal.uiUrl}  (payloads decoded through the api's codec)`] : []),
    `  API           http://127.0.0.1:${stack.ports.api}  (/healthz, /readyz; admin token in ${secretsFile})`,
    telegram
      ? `  Telegram      emulator at ${telegram.url} — chat with the bot: npm run tg -- --user 1001`
      : `  Telegram      ${config.telegram.apiRoot} (real bot token)`,
    `  Officers      npm run officer -- invite --role reviewer --unit police --name "Olena Koval"`,
  ];
  for (const line of lines) say(line);
} catch (error) {
  process.stderr.write(`[anticor] start-up failed: ${error instanceof Error ? error.message : String(error)}\n`);
  await stopAll(1);
}
