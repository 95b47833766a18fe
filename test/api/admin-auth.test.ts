// Every admin route takes a bearer token from ADMIN_TOKENS and nothing else; a refusal says why and
// how to authenticate, and comes before the request is looked at.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReport } from '../../db/repositories/reports.js';
import { auditLog } from '../../db/schema.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { testVault } from '../helpers/keys.js';
import { reportInput } from '../integration/fixtures.js';
import { ADMIN_TOKEN, bearer, buildTestApp, type TestApp } from './harness.js';

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
}

let database: TestDatabase;
let api: TestApp;
let reportId: string;

const SECOND_TOKEN = 'b'.repeat(48);

beforeAll(async () => {
  database = await createTestDatabase();
  api = await buildTestApp({ db: database.db, databaseUrl: database.url, env: { ADMIN_TOKENS: `${ADMIN_TOKEN},${SECOND_TOKEN}` } });
  reportId = (await createReport(database.db, testVault(), reportInput())).id;
});

afterAll(async () => {
  await api?.close();
  await database?.drop();
});

const routes = () =>
  [
    { method: 'POST', url: '/api/officers/invites', payload: { role: 'reviewer', unit: 'police', displayName: 'Олена Коваль' }, ok: 201 },
    { method: 'GET', url: '/api/officers', ok: 200 },
    { method: 'POST', url: `/api/officers/${randomUUID()}/deactivate`, ok: 404 },
    { method: 'GET', url: `/api/reports/${reportId}/audit`, ok: 200 },
    { method: 'GET', url: '/api/audit?limit=5', ok: 200 },
    { method: 'GET', url: '/api/stats', ok: 200 },
  ] as const;

describe('admin routes', () => {
  it('answer 401 with a reason and a www-authenticate challenge when no token is sent', async () => {
    for (const route of routes()) {
      const response = await api.inject({ method: route.method, url: route.url, ...('payload' in route ? { payload: route.payload } : {}) });
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(401);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer realm=/);
      const body = response.json<ErrorBody>();
      expect(body.statusCode).toBe(401);
      expect(body.message).toMatch(/bearer token is required/i);
    }
  });

  it('answer 401 with a reason when the token is wrong', async () => {
    for (const route of routes()) {
      const response = await api.inject({
        method: route.method,
        url: route.url,
        headers: bearer('z'.repeat(40)),
        ...('payload' in route ? { payload: route.payload } : {}),
      });
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(401);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer realm=/);
      expect(response.json<ErrorBody>().message).toMatch(/not valid/i);
    }
  });

  it('answer 401 to a prefix, an extension or another scheme of the right token', async () => {
    for (const authorization of [
      `Bearer ${ADMIN_TOKEN.slice(0, 39)}`,
      `Bearer ${ADMIN_TOKEN}a`,
      `Basic ${Buffer.from(`admin:${ADMIN_TOKEN}`).toString('base64')}`,
      ADMIN_TOKEN,
      'Bearer ',
    ]) {
      const response = await api.inject({ method: 'GET', url: '/api/officers', headers: { authorization } });
      expect(response.statusCode, authorization).toBe(401);
    }
  });

  it('answer each route normally with the admin token', async () => {
    for (const route of routes()) {
      const response = await api.inject({
        method: route.method,
        url: route.url,
        headers: bearer(),
        ...('payload' in route ? { payload: route.payload } : {}),
      });
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(route.ok);
      expect(response.headers['www-authenticate']).toBeUndefined();
    }
  });

  it('accept every token of ADMIN_TOKENS and record which one acted', async () => {
    const response = await api.inject({
      method: 'POST',
      url: '/api/officers/invites',
      headers: bearer(SECOND_TOKEN),
      payload: { role: 'supervisor', unit: 'border', displayName: 'Second Admin Invite' },
    });
    expect(response.statusCode).toBe(201);
    const { inviteId } = response.json<{ inviteId: string }>();
    const rows = await database.db.select().from(auditLog).where(eq(auditLog.action, 'invite-created'));
    const row = rows.find((r) => (r.details as { inviteId?: string }).inviteId === inviteId);
    expect(row?.details).toMatchObject({ createdBy: 'admin-token-2' });
    expect(JSON.stringify(rows)).not.toContain(SECOND_TOKEN);
  });

  it('refuse before validating the request, so a stranger learns nothing about the body it needs', async () => {
    const response = await api.inject({ method: 'POST', url: '/api/officers/invites', payload: { nonsense: true } });
    expect(response.statusCode).toBe(401);
    const notUuid = await api.inject({ method: 'POST', url: '/api/officers/not-a-uuid/deactivate' });
    expect(notUuid.statusCode).toBe(401);
  });

  it('leave /healthz and /readyz open', async () => {
    expect((await api.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await api.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });
});
