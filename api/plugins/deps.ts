// The process's shared services, decorated once so every route reads them the same way.
import type { Client } from '@temporalio/client';
import fp from 'fastify-plugin';
import type { Db } from '../../db/client.js';
import type { Config } from '../../lib/config.js';
import type { Vault } from '../../lib/crypto.js';

export interface AppDeps {
  config: Pick<Config, 'api' | 'keys' | 'temporal' | 'telegram' | 'policy'>;
  db: Db;
  vault: Vault;
  temporal: Client;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
}

export default fp<{ deps: AppDeps }>(
  async (fastify, { deps }) => {
    fastify.decorate('deps', deps);
  },
  { name: 'deps' },
);
