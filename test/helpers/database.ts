// Each test file gets its own database, copied from the migrated template in milliseconds, so
// files run in parallel without seeing each other's rows.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';
import { createDb, type Db } from '../../db/client.js';

export interface TestDatabase {
  url: string;
  db: Db;
  drop(): Promise<void>;
}

function urlWithDatabase(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('postgresAdminUrl');
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}" template "${inject('templateDatabase')}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = urlWithDatabase(adminUrl, name);
  const db = createDb(url, { max: 5, applicationName: 'anticor-test' });
  return {
    url,
    db,
    async drop() {
      await db.close();
      const cleanup = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await cleanup.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await cleanup.end({ timeout: 5 });
      }
    },
  };
}
