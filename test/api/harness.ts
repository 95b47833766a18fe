// Builds the api plugin the way api/server.ts does, on an instance that never listens: a real
// configuration from testEnv, the file's own database, a real vault and a real Temporal client.
import { Writable } from 'node:stream';
import { Client, Connection } from '@temporalio/client';
import Fastify, { type FastifyInstance, type InjectOptions, type LightMyRequestResponse } from 'fastify';
import { inject } from 'vitest';
import app, { type AppOptions } from '../../api/app.js';
import { serverOptions } from '../../api/server-options.js';
import type { Db } from '../../db/client.js';
import { loadConfig, type Config } from '../../lib/config.js';
import { createVault, type Vault } from '../../lib/crypto.js';
import { createLogger } from '../../lib/logger.js';
import { connectClient, dataConverter } from '../../lib/temporal.js';
import { TEST_KEYS, testEnv } from '../helpers/keys.js';

export const ADMIN_TOKEN = 'a'.repeat(40);
/** The Temporal UI's token: it opens the codec endpoints and nothing else. */
export const CODEC_TOKEN = 'c0dec'.repeat(8);
export const BOT_USERNAME = 'anticor_test_bot';
export const bearer = (token = ADMIN_TOKEN) => ({ authorization: `Bearer ${token}` });

export interface TestApp {
  fastify: FastifyInstance;
  config: Config;
  vault: Vault;
  temporal: Client;
  /** Every line the app's logger wrote (empty unless built with `captureLogs`). */
  logLines: string[];
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  db: Db;
  /** A database URL for the configuration (the db above is what the routes use). */
  databaseUrl: string;
  env?: Record<string, string | undefined>;
  routes?: AppOptions['routes'];
  /** A ready client; default: a real one to the shared Temporal dev server. */
  temporal?: Client;
  /** Log through lib/logger into memory, as the api process does to stdout. */
  captureLogs?: boolean;
  /** Extra routes or hooks on the root instance after the app is registered. */
  after?: (fastify: FastifyInstance) => void | Promise<void>;
}

export async function buildTestApp(options: TestAppOptions): Promise<TestApp> {
  const config = loadConfig(
    testEnv({
      DATABASE_URL: options.databaseUrl,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TELEGRAM_BOT_USERNAME: BOT_USERNAME,
      CODEC_TOKENS: CODEC_TOKEN,
      ...options.env,
    }),
  );
  const vault = createVault(config.keys, config.keys.hmacKey);
  const ownClient = options.temporal === undefined;
  const temporal = options.temporal ?? (await connectClient(config.temporal, config.keys));
  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  // The server options of the real processes (api/server.ts, bot/main.ts), so what they set
  // (validation, body limits, proxies) holds here too.
  const logger = createLogger({ level: options.captureLogs ? 'info' : 'silent', name: 'api', destination });
  const fastify = Fastify(serverOptions(logger));
  await fastify.register(app, {
    deps: { config, db: options.db, vault, temporal },
    routes: options.routes ?? { admin: true, codec: true },
  });
  await options.after?.(fastify);
  await fastify.ready();
  return {
    fastify,
    config,
    vault,
    temporal,
    logLines,
    inject: (request) => fastify.inject(request),
    async close() {
      await fastify.close();
      if (ownClient) await temporal.connection.close();
    },
  };
}

/** A Temporal client whose connection is never established: every call fails to connect. */
export function unreachableTemporal(port: number): Client {
  const connection = Connection.lazy({ address: `127.0.0.1:${port}`, connectTimeout: 1000 });
  return new Client({ connection, namespace: 'default', dataConverter: dataConverter(TEST_KEYS) });
}

/**
 * Closes a client made by unreachableTemporal. The SDK's gRPC retry interceptor schedules retries
 * on timers until the call's deadline (2 s in /readyz) passes; a retry firing after close throws
 * "Channel has been shut down" from a timer, so wait those out first.
 */
export async function closeUnreachable(client: Client): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 4000));
  await client.connection.close().catch(() => undefined);
}
