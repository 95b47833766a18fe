// The bot process. Polling mode long-polls the Bot API; webhook mode serves Telegram's webhook
// (the api's webhook route) on BOT_WEBHOOK_PORT and registers it with Telegram.
import { describeError } from '../lib/logger.js';
import Fastify from 'fastify';
import type { Bot } from 'grammy';
import app from '../api/app.js';
import { WEBHOOK_PATH } from '../api/routes/webhook.js';
import { serverOptions } from '../api/server-options.js';
import { createDb } from '../db/client.js';
import { loadConfigOrExit } from '../lib/config.js';
import { createVault } from '../lib/crypto.js';
import { createI18n } from '../lib/i18n.js';
import { createLogger } from '../lib/logger.js';
import { onShutdown } from '../lib/shutdown.js';
import { connectClient } from '../lib/temporal.js';
import { registerCommands } from './commands.js';
import type { BotContext } from './context.js';
import { createBot } from './create-bot.js';
import { createFileDownloader } from './files.js';

const config = loadConfigOrExit();
const { webhookPort } = config.telegram;
const logger = createLogger({ level: config.logLevel, name: 'bot' });
const db = createDb(config.databaseUrl, { applicationName: 'anticor-bot' });
const temporal = await connectClient(config.temporal, config.keys);
const vault = createVault(config.keys, config.keys.hmacKey);
const i18n = createI18n();

// The downloader needs the bot's Api, and the bot needs the downloader: bind it late.
const api: { current?: Bot<BotContext>['api'] } = {};
const downloadFile = (fileId: string, maxBytes: number) =>
  createFileDownloader(api.current!, config.telegram.token, config.telegram.apiRoot)(fileId, maxBytes);
const bot = createBot({ db, vault, i18n, temporal, logger, config, downloadFile }, { token: config.telegram.token, apiRoot: config.telegram.apiRoot });
api.current = bot.api;

let server: ReturnType<typeof Fastify> | undefined;
const shutdown = onShutdown(logger, 'bot', async () => {
  if (bot.isRunning()) await bot.stop();
  await server?.close();
  await temporal.connection.close();
  await db.close();
});

try {
  await bot.init();
  await registerCommands(bot.api, i18n);
  if (config.telegram.mode === 'webhook') {
    server = Fastify(serverOptions(logger));
    await server.register(app, {
      deps: { config, db, vault, temporal },
      routes: { webhook: { bot, secretToken: config.telegram.webhookSecret! } },
    });
    await server.listen({ host: config.api.host, port: webhookPort });
    await bot.api.setWebhook(config.telegram.webhookUrl!, {
      secret_token: config.telegram.webhookSecret!,
      allowed_updates: ['message', 'callback_query'],
    });
    logger.info({ port: webhookPort, path: WEBHOOK_PATH }, 'bot serving the webhook');
  } else {
    await bot.api.deleteWebhook();
    logger.info({ username: bot.botInfo.username }, 'bot polling');
    // Sequential handling: one update at a time, at least once (a crash re-reads from the offset).
    await bot.start({ allowed_updates: ['message', 'callback_query'], drop_pending_updates: false });
  }
} catch (error) {
  logger.fatal({ error: describeError(error) }, 'bot could not start');
  await shutdown('startup-failure');
  process.exitCode = 1;
}
