// The api process: admin API and codec server (and the Telegram webhook when the bot runs in
// webhook mode elsewhere, see bot/main.ts). Creates the instance, listens, closes gracefully.
import Fastify from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { createDb } from '../db/client.js';
import { loadConfigOrExit } from '../lib/config.js';
import { createVault } from '../lib/crypto.js';
import { createLogger, describeError } from '../lib/logger.js';
import { onShutdown } from '../lib/shutdown.js';
import { connectClient } from '../lib/temporal.js';
import app from './app.js';
import { serverOptions } from './server-options.js';

const config = loadConfigOrExit();
const logger = createLogger({ level: config.logLevel, name: 'api' });
const db = createDb(config.databaseUrl, { applicationName: 'anticor-api' });
const temporal = await connectClient(config.temporal, config.keys);

const fastify = Fastify({
  ...serverOptions(logger),
}).withTypeProvider<TypeBoxTypeProvider>();

await fastify.register(app, {
  deps: { config, db, vault: createVault(config.keys, config.keys.hmacKey), temporal },
  routes: { admin: true, codec: true },
});

const shutdown = onShutdown(logger, 'api', async () => {
  await fastify.close();
  await temporal.connection.close();
  await db.close();
});

try {
  await fastify.listen({ host: config.api.host, port: config.api.port });
} catch (error) {
  const code = (error as { code?: string }).code;
  logger.fatal(
    code === 'EADDRINUSE' ? `port ${config.api.port} is already in use (set API_PORT to another port)` : { error: describeError(error) },
    'api could not start',
  );
  await shutdown('startup-failure');
  process.exitCode = 1;
}
