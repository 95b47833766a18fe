// One error contract: a client's mistake gets its 4xx with the reason, our own failure a generic 500
// that reveals nothing, and an unknown route a 404 that does not echo what was asked for.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createDb } from '../../db/client.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { ADMIN_TOKEN, bearer, buildTestApp, type TestApp } from './harness.js';

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
}

const INTERNAL_DETAIL = 'relation "secret_internal_table" does not exist at db-7.internal:5432';
const GENERIC_500 = { statusCode: 500, error: 'Internal Server Error', message: 'Something went wrong on our side.' };

let database: TestDatabase;
let api: TestApp;

beforeAll(async () => {
  database = await createTestDatabase();
  api = await buildTestApp({
    db: database.db,
    databaseUrl: database.url,
    after: (fastify) => {
      // A route of the same process added beside the app, as a later feature might be.
      fastify.get('/boom-after-app', async () => {
        throw new Error(INTERNAL_DETAIL);
      });
    },
  });
});

afterAll(async () => {
  await api?.close();
  await database?.drop();
});

describe('unknown routes', () => {
  it.each([
    ['GET', '/does-not-exist-7f3a'],
    ['GET', `/api/officers/${ADMIN_TOKEN}/secret-path-9c1e?q=private-query`],
    ['DELETE', '/api/officers'],
    ['GET', '/codec/decode'],
  ] as const)('answer %s %s with a JSON 404 that does not echo the path', async (method, url) => {
    const response = await api.inject({ method, url, headers: bearer() });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.json()).toEqual({ statusCode: 404, error: 'Not Found', message: 'There is no such route.' });
    for (const part of url.split(/[/?=]/).filter((p) => p.length > 3)) expect(response.body).not.toContain(part);
  });
});

describe('internal failures', () => {
  it('answer a failing admin route with a generic 500 that names neither the database nor the query', async () => {
    const url = new URL(inject('postgresAdminUrl'));
    const name = `missing_${randomBytes(4).toString('hex')}`;
    url.pathname = `/${name}`;
    const missing = createDb(url.toString(), { max: 1 });
    const broken = await buildTestApp({ db: missing, databaseUrl: url.toString() });
    try {
      for (const path of ['/api/officers', '/api/stats', '/api/audit']) {
        const response = await broken.inject({ method: 'GET', url: path, headers: bearer() });
        expect(response.statusCode, path).toBe(500);
        expect(response.json()).toEqual(GENERIC_500);
        expect(response.body).not.toContain(name);
        expect(response.body).not.toMatch(/select|query|does not exist/i);
      }
      const invite = await broken.inject({
        method: 'POST',
        url: '/api/officers/invites',
        headers: bearer(),
        payload: { role: 'reviewer', unit: 'police', displayName: 'Never Stored' },
      });
      expect(invite.statusCode).toBe(500);
      expect(invite.json()).toEqual(GENERIC_500);
      expect(invite.body).not.toContain('Never Stored');
    } finally {
      await broken.close();
      await missing.close();
    }
  });

  it('answer a route registered beside the app with the same generic 500, without the error message', async () => {
    const response = await api.inject({ method: 'GET', url: '/boom-after-app' });
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('secret_internal_table');
    expect(response.body).not.toContain('db-7.internal');
    expect(response.json()).toEqual(GENERIC_500);
  });
});

describe('client mistakes', () => {
  it('keep the reason of a validation error', async () => {
    const response = await api.inject({ method: 'POST', url: '/api/officers/invites', headers: bearer(), payload: { role: 'reviewer', unit: 'police' } });
    expect(response.statusCode).toBe(400);
    const body = response.json<ErrorBody>();
    expect(body.error).toBe('Bad Request');
    expect(body.message).toMatch(/displayName/);
  });

  it('name the HTTP status in `error` the same way for every refusal (400, 401, 403, 404)', async () => {
    const refusals = [
      // Refused by validation and by the 404 handler.
      { response: await api.inject({ method: 'GET', url: '/api/audit?limit=0', headers: bearer() }), status: 400, error: 'Bad Request' },
      { response: await api.inject({ method: 'GET', url: '/nowhere' }), status: 404, error: 'Not Found' },
      // Refused by the routes themselves.
      {
        response: await api.inject({
          method: 'POST',
          url: '/codec/decode',
          headers: bearer(),
          payload: { payloads: [{ metadata: { encoding: Buffer.from('binary/encrypted').toString('base64') }, data: randomBytes(40).toString('base64') }] },
        }),
        status: 400,
        error: 'Bad Request',
      },
      { response: await api.inject({ method: 'GET', url: '/api/officers' }), status: 401, error: 'Unauthorized' },
      {
        response: await api.inject({ method: 'POST', url: '/codec/decode', headers: { ...bearer(), origin: 'https://evil.example' }, payload: { payloads: [] } }),
        status: 403,
        error: 'Forbidden',
      },
      {
        response: await api.inject({ method: 'GET', url: '/api/reports/00000000-0000-4000-8000-000000000000/audit', headers: bearer() }),
        status: 404,
        error: 'Not Found',
      },
    ];
    for (const { response, status, error } of refusals) {
      expect(response.statusCode).toBe(status);
      expect(response.json<ErrorBody>(), `${status} ${response.body}`).toMatchObject({ statusCode: status, error });
    }
  });

  it('answer a body over the size limit with 413, not 500', async () => {
    const response = await api.inject({
      method: 'POST',
      url: '/codec/decode',
      headers: { ...bearer(), 'content-type': 'application/json' },
      payload: JSON.stringify({ payloads: [{ data: 'A'.repeat(6 * 1024 * 1024) }] }),
    });
    expect(response.statusCode).toBe(413);
  });

  it('answer a body of an unsupported content type with 415, not 500', async () => {
    const response = await api.inject({
      method: 'POST',
      url: '/api/officers/invites',
      headers: { ...bearer(), 'content-type': 'text/xml' },
      payload: '<invite/>',
    });
    expect(response.statusCode).toBe(415);
  });
});
