// Liveness and readiness: /readyz names the dependency that is down, and a dependency that hangs
// answers 503 instead of holding the probe open.
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createDb } from '../../db/client.js';
import { freePort } from '../../scripts/services.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { buildTestApp, closeUnreachable, unreachableTemporal, type TestApp } from './harness.js';

interface Check {
  ok: boolean;
  error?: string;
}
interface Readiness {
  status: string;
  postgres: Check;
  temporal: Check;
}

let database: TestDatabase;
let api: TestApp;

beforeAll(async () => {
  database = await createTestDatabase();
  api = await buildTestApp({ db: database.db, databaseUrl: database.url });
});

afterAll(async () => {
  await api?.close();
  await database?.drop();
});

describe('GET /healthz', () => {
  it('answers 200 ok without a token', async () => {
    const response = await api.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });
});

describe('GET /readyz', () => {
  it('answers 200 ready when Postgres and Temporal both answer', async () => {
    const response = await api.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready', postgres: { ok: true }, temporal: { ok: true } });
  });

  it('answers 503 naming Temporal when nothing listens at the Temporal address', async () => {
    const closedPort = await freePort();
    const temporal = unreachableTemporal(closedPort);
    const broken = await buildTestApp({ db: database.db, databaseUrl: database.url, temporal });
    try {
      const response = await broken.inject({ method: 'GET', url: '/readyz' });
      expect(response.statusCode).toBe(503);
      const body = response.json<Readiness>();
      expect(body.status).toBe('not-ready');
      expect(body.postgres).toEqual({ ok: true });
      expect(body.temporal.ok).toBe(false);
      expect(body.temporal.error).toEqual(expect.any(String));
      expect(body.temporal.error!.length).toBeGreaterThan(0);
    } finally {
      await broken.close();
      await closeUnreachable(temporal);
    }
  });

  it('answers 503 naming Temporal, within its own deadline, when the Temporal address accepts TCP but never answers', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    const temporal = unreachableTemporal(port);
    const broken = await buildTestApp({ db: database.db, databaseUrl: database.url, temporal });
    try {
      const response = await broken.inject({ method: 'GET', url: '/readyz' });
      expect(response.statusCode).toBe(503);
      const body = response.json<Readiness>();
      expect(body.postgres).toEqual({ ok: true });
      expect(body.temporal.ok).toBe(false);
      expect(body.temporal.error).toEqual(expect.any(String));
    } finally {
      await broken.close();
      await closeUnreachable(temporal);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('answers 503 naming Postgres, with its error, when the database does not exist', async () => {
    const url = new URL(inject('postgresAdminUrl'));
    url.pathname = `/nope_${randomBytes(4).toString('hex')}`;
    const missing = createDb(url.toString(), { max: 1 });
    const broken = await buildTestApp({ db: missing, databaseUrl: url.toString() });
    try {
      const response = await broken.inject({ method: 'GET', url: '/readyz' });
      expect(response.statusCode).toBe(503);
      const body = response.json<Readiness>();
      expect(body.status).toBe('not-ready');
      expect(body.temporal).toEqual({ ok: true });
      expect(body.postgres.ok).toBe(false);
      expect(body.postgres.error).toEqual(expect.any(String));
      expect(body.postgres.error!.length).toBeGreaterThan(0);
    } finally {
      await broken.close();
      await missing.close();
    }
  });

  it('says why Postgres is not ready: the driver\'s reason, not only the query that failed', async () => {
    const url = new URL(inject('postgresAdminUrl'));
    const name = `nope_${randomBytes(4).toString('hex')}`;
    url.pathname = `/${name}`;
    const missing = createDb(url.toString(), { max: 1 });
    const broken = await buildTestApp({ db: missing, databaseUrl: url.toString() });
    try {
      const response = await broken.inject({ method: 'GET', url: '/readyz' });
      expect(response.statusCode).toBe(503);
      const { postgres } = response.json<Readiness>();
      expect(postgres.ok).toBe(false);
      expect(postgres.error).toMatch(/does not exist/);
    } finally {
      await broken.close();
      await missing.close();
    }
  });

  it('answers 503 naming Postgres, within its own deadline, when Postgres accepts TCP but never answers', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    const url = `postgres://postgres:x@127.0.0.1:${port}/anticor`;
    const hung = createDb(url, { max: 1 });
    const broken = await buildTestApp({ db: hung, databaseUrl: url });
    try {
      const response = await broken.inject({ method: 'GET', url: '/readyz' });
      expect(response.statusCode).toBe(503);
      const body = response.json<Readiness>();
      expect(body.temporal).toEqual({ ok: true });
      expect(body.postgres.ok).toBe(false);
      expect(body.postgres.error).toMatch(/Postgres/);
    } finally {
      await broken.close();
      await hung.close().catch(() => undefined);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('answers 503 naming both when neither answers', async () => {
    const url = new URL(inject('postgresAdminUrl'));
    url.pathname = `/nope_${randomBytes(4).toString('hex')}`;
    const missing = createDb(url.toString(), { max: 1 });
    const temporal = unreachableTemporal(await freePort());
    const broken = await buildTestApp({ db: missing, databaseUrl: url.toString(), temporal });
    try {
      const response = await broken.inject({ method: 'GET', url: '/readyz' });
      expect(response.statusCode).toBe(503);
      const body = response.json<Readiness>();
      expect(body.postgres.ok).toBe(false);
      expect(body.temporal.ok).toBe(false);
    } finally {
      await broken.close();
      await closeUnreachable(temporal);
      await missing.close();
    }
  });
});
