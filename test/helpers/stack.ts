// The whole system in one test process, with every component real: its own Postgres database,
// the shared Temporal dev server (own task queues per stack), the workers with real activities,
// a real grammY bot talking HTTP to the fake Telegram Bot API, and users who chat through it.
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { Client } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { Bot } from 'grammy';
import { inject } from 'vitest';
import type { BotContext } from '../../bot/context.js';
import { createBot } from '../../bot/create-bot.js';
import { createFileDownloader } from '../../bot/files.js';
import { createInvite, officerByTelegramId } from '../../db/repositories/officers.js';
import type { Officer, OfficerRole } from '../../db/schema.js';
import { loadConfig, type Config } from '../../lib/config.js';
import { createVault, type Vault } from '../../lib/crypto.js';
import { createI18n, type I18n } from '../../lib/i18n.js';
import { createLogger, type Logger } from '../../lib/logger.js';
import { connectClient } from '../../lib/temporal.js';
import { activitiesFromConfig, createWorkers, workerSettingsFrom } from '../../worker/workers.js';
import { TelegramUser } from '../fake-telegram/client.js';
import { createFakeTelegram, type FakeTelegram } from '../fake-telegram/server.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { testEnv } from './keys.js';

export interface StackOptions {
  /** Extra environment, e.g. POLICY_* durations of seconds for a compressed clock. */
  env?: Record<string, string>;
  /** Start the bot in long-polling mode (default true); webhook tests drive it themselves. */
  polling?: boolean;
}

export interface Stack {
  config: Config;
  database: TestDatabase;
  vault: Vault;
  i18n: I18n;
  fake: FakeTelegram;
  temporal: Client;
  bot: Bot<BotContext>;
  logger: Logger;
  /** Everything the loggers wrote, to check that nothing private leaks. */
  logLines: string[];
  user(id: number, languageCode?: string, firstName?: string): Promise<TelegramUser>;
  /** An officer who joined through a real invite link (/start inv_…). */
  officer(role: OfficerRole, unit: string, id: number, languageCode?: string): Promise<{ officer: Officer; user: TelegramUser }>;
  startWorkers(): Promise<void>;
  stopWorkers(): Promise<void>;
  startBot(): void;
  stopBot(): Promise<void>;
  close(): Promise<void>;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const database = await createTestDatabase();
  const fake = createFakeTelegram();
  await fake.listen();
  const suffix = randomUUID().slice(0, 8);
  const config = loadConfig(
    testEnv({
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_TASK_QUEUE: `reports-${suffix}`,
      TEMPORAL_TELEGRAM_TASK_QUEUE: `telegram-${suffix}`,
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.url,
      TELEGRAM_BOT_USERNAME: fake.botInfo.username,
      ...options.env,
    }),
  );
  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logLines.push(chunk.toString('utf8'));
      callback();
    },
  });
  const logger = createLogger({ level: 'info', name: 'test', destination });
  const vault = createVault(config.keys, config.keys.hmacKey);
  const i18n = createI18n();
  const temporal = await connectClient(config.temporal, config.keys);
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const db = database.db;

  let workers: Worker[] = [];
  let running: Promise<unknown> | null = null;
  const activities = activitiesFromConfig(config, { db, logger, client: temporal, reconcileGraceMs: 0 });
  async function startWorkers() {
    workers = await createWorkers({
      ...workerSettingsFrom(config),
      connection,
      activities,
      workflowBundle: { codePath: inject('workflowBundlePath') },
    });
    running = Promise.all(workers.map((w) => w.run()));
  }
  async function stopWorkers() {
    for (const worker of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
    running = null;
  }

  const api: { current?: Bot<BotContext>['api'] } = {};
  const bot = createBot(
    {
      db,
      vault,
      i18n,
      temporal,
      logger,
      config,
      downloadFile: (fileId, maxBytes) => createFileDownloader(api.current!, config.telegram.token, config.telegram.apiRoot)(fileId, maxBytes),
    },
    { token: config.telegram.token, apiRoot: config.telegram.apiRoot, botInfo: fake.botInfo },
  );
  api.current = bot.api;
  let polling: Promise<void> | null = null;
  const startBot = () => {
    polling = bot.start({ drop_pending_updates: false, allowed_updates: ['message', 'callback_query'] });
  };
  const stopBot = async () => {
    if (bot.isRunning()) await bot.stop();
    await polling?.catch(() => undefined);
    polling = null;
  };

  await startWorkers();
  if (options.polling !== false) startBot();

  async function user(id: number, languageCode = 'uk', firstName = 'Test') {
    const u = new TelegramUser(fake.url, { id, first_name: firstName, language_code: languageCode });
    await u.register();
    return u;
  }

  return {
    config,
    database,
    vault,
    i18n,
    fake,
    temporal,
    bot,
    logger,
    logLines,
    user,
    async officer(role, unit, id, languageCode = 'en') {
      const invite = await createInvite(db, vault, { role, unit, displayName: `Officer ${id}`, ttlMs: 3600_000, createdBy: 'test' });
      const u = await user(id, languageCode, `Officer${id}`);
      await u.send(`/start inv_${invite.code}`);
      await u.nextMessage((m) => /Welcome|Вітаємо/.test(m.text ?? ''));
      const officer = await officerByTelegramId(db, id);
      if (!officer) throw new Error(`officer ${id} did not join`);
      return { officer, user: u };
    },
    startWorkers,
    stopWorkers,
    startBot,
    stopBot,
    async close() {
      await stopBot();
      await stopWorkers();
      await temporal.connection.close();
      await connection.close();
      await fake.close();
      await database.drop();
    },
  };
}

