// The committed migrations against a brand-new, empty database: they build the whole schema of
// db/schema.ts, a second run changes nothing, and the audit log is append-only in Postgres itself.
import { randomBytes } from 'node:crypto';
import { is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrateDatabase } from '../../db/migrate.js';
import * as schema from '../../db/schema.js';

const EXPECTED_TABLES = [
  'attachments',
  'audit_log',
  'bot_sessions',
  'messages',
  'notifications',
  'officer_invites',
  'officers',
  'rate_limits',
  'reports',
  'telegram_updates',
];

const adminUrl = inject('postgresAdminUrl');
const name = `migrate_${randomBytes(6).toString('hex')}`;
const url = (() => {
  const parsed = new URL(adminUrl);
  parsed.pathname = `/${name}`;
  return parsed.toString();
})();

let sql: postgres.Sql;

beforeAll(async () => {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    // No template: a database as empty as production's first deploy.
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  sql = postgres(url, { max: 1, onnotice: () => {} });
});

afterAll(async () => {
  await sql.end({ timeout: 5 });
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
  } finally {
    await admin.end({ timeout: 5 });
  }
});

async function publicTables(): Promise<string[]> {
  const rows = await sql<{ table_name: string }[]>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`;
  return rows.map((r) => r.table_name);
}

async function columnsOf(table: string): Promise<string[]> {
  const rows = await sql<{ column_name: string }[]>`
    select column_name from information_schema.columns
    where table_schema = 'public' and table_name = ${table} order by column_name`;
  return rows.map((r) => r.column_name);
}

/** Tables, columns, indexes, constraints and triggers: what a repeated migration must not change. */
async function schemaFingerprint(): Promise<string> {
  const columns = await sql`
    select table_name, column_name, data_type, is_nullable, column_default from information_schema.columns
    where table_schema = 'public' order by table_name, column_name`;
  const indexes = await sql`select indexname, indexdef from pg_indexes where schemaname = 'public' order by indexname`;
  const constraints = await sql`
    select conname, pg_get_constraintdef(oid) as def from pg_constraint
    where connamespace = 'public'::regnamespace order by conname`;
  const triggers = await sql`
    select tgname, pg_get_triggerdef(oid) as def from pg_trigger where not tgisinternal order by tgname`;
  return JSON.stringify({ columns, indexes, constraints, triggers });
}

async function appliedMigrations(): Promise<number> {
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
  return row?.n ?? -1;
}

describe('migrations on an empty database', () => {
  it('start from a database without any table', async () => {
    expect(await publicTables()).toEqual([]);
  });

  it('create every table of the schema with every column schema.ts declares', async () => {
    await migrateDatabase(url);
    expect(await publicTables()).toEqual(EXPECTED_TABLES);

    const declared = (Object.values(schema) as unknown[]).filter((value): value is PgTable => is(value, PgTable));
    expect(declared.map((table) => getTableConfig(table).name).sort()).toEqual(EXPECTED_TABLES);
    for (const table of declared) {
      const config = getTableConfig(table);
      expect(await columnsOf(config.name), config.name).toEqual(config.columns.map((c) => c.name).sort());
    }
  });

  it('record both committed migrations as applied', async () => {
    expect(await appliedMigrations()).toBe(2);
  });

  it('running them a second time changes nothing', async () => {
    const before = await schemaFingerprint();
    await migrateDatabase(url);
    expect(await appliedMigrations()).toBe(2);
    expect(await schemaFingerprint()).toBe(before);
  });
});

describe('the audit log after migration', () => {
  const insertRow = () => sql`
    insert into audit_log (actor_kind, action, details) values ('system', 'migration-test', '{"n":1}'::jsonb) returning id`;

  it('accepts an INSERT', async () => {
    const [row] = await insertRow();
    expect(row?.id).toBeDefined();
    const [count] = await sql<{ n: number }[]>`select count(*)::int as n from audit_log where action = 'migration-test'`;
    expect(count?.n).toBeGreaterThanOrEqual(1);
  });

  it('refuses an UPDATE of a row', async () => {
    await insertRow();
    await expect(sql`update audit_log set action = 'rewritten' where action = 'migration-test'`).rejects.toMatchObject({
      code: '42501',
      message: expect.stringContaining('append-only'),
    });
    const [count] = await sql<{ n: number }[]>`select count(*)::int as n from audit_log where action = 'rewritten'`;
    expect(count?.n).toBe(0);
  });

  it('refuses a DELETE of a row', async () => {
    await insertRow();
    const [before] = await sql<{ n: number }[]>`select count(*)::int as n from audit_log`;
    await expect(sql`delete from audit_log`).rejects.toMatchObject({ code: '42501' });
    const [after] = await sql<{ n: number }[]>`select count(*)::int as n from audit_log`;
    expect(after?.n).toBe(before?.n);
  });

  it('refuses a TRUNCATE of the table', async () => {
    await insertRow();
    const [before] = await sql<{ n: number }[]>`select count(*)::int as n from audit_log`;
    await expect(sql`truncate audit_log`).rejects.toMatchObject({ code: '42501' });
    const [after] = await sql<{ n: number }[]>`select count(*)::int as n from audit_log`;
    expect(after?.n).toBe(before?.n);
    expect(after?.n).toBeGreaterThan(0);
  });
});
