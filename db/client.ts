import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema.js';

export interface CreateDbOptions {
  /** Pool size; the migration command uses exactly one connection. */
  max?: number;
  /** Name shown in pg_stat_activity, so an admin can tell the processes apart. */
  applicationName?: string;
}

export function createDb(url: string, options: CreateDbOptions = {}) {
  const client = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connection: { application_name: options.applicationName ?? 'anticor' },
  });
  const db = drizzle(client, { schema, casing: 'snake_case' });
  return Object.assign(db, { close: () => client.end({ timeout: 5 }) , sql: client });
}

export type Db = ReturnType<typeof createDb>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Repository functions accept either the pool or a transaction. */
export type DbOrTx = Db | Tx;
