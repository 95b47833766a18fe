// What the api writes to its logs: requests by route pattern, never a token (in a header or in the
// codec's path), an invite code, a payload or an update's text.
import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { Bot } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_PATH } from '../../api/routes/webhook.js';
import type { BotContext } from '../../bot/context.js';
import { createFakeTelegram, type FakeTelegram } from '../fake-telegram/server.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { ADMIN_TOKEN, CODEC_TOKEN, bearer, buildTestApp, type TestApp } from './harness.js';

interface LogLine {
  level: number;
  msg?: string;
  req?: { id?: string; method?: string; route?: string; url?: string };
  res?: { statusCode?: number };
  [key: string]: unknown;
}

const b64 = (value: string | Uint8Array) => Buffer.from(value).toString('base64');
const PAYLOAD_SECRET = `payload-secret-${randomBytes(6).toString('hex')}`;

let database: TestDatabase;
let api: TestApp;

beforeAll(async () => {
  database = await createTestDatabase();
  api = await buildTestApp({ db: database.db, databaseUrl: database.url, captureLogs: true });
});

afterAll(async () => {
  await api?.close();
  await database?.drop();
});

const parsed = (lines: string[]) => lines.map((line) => JSON.parse(line) as LogLine);

describe('request logs', () => {
  let inviteCode = '';
  const wrongPathToken = `wrong${'q'.repeat(35)}`;

  beforeAll(async () => {
    const toJson = (value: unknown) => {
      const p = defaultPayloadConverter.toPayload(value);
      return { metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, b64(v ?? new Uint8Array())])), data: b64(p.data!) };
    };
    const encoded = await api.inject({ method: 'POST', url: `/codec/${CODEC_TOKEN}/encode`, payload: { payloads: [toJson(PAYLOAD_SECRET)] } });
    expect(encoded.statusCode).toBe(200);
    const decoded = await api.inject({ method: 'POST', url: `/codec/${CODEC_TOKEN}/decode`, payload: encoded.json<Record<string, unknown>>() });
    expect(decoded.statusCode).toBe(200);
    const refused = await api.inject({ method: 'POST', url: `/codec/${wrongPathToken}/decode`, payload: { payloads: [] } });
    expect(refused.statusCode).toBe(401);
    const garbage = await api.inject({
      method: 'POST',
      url: `/codec/${CODEC_TOKEN}/decode`,
      payload: { payloads: [{ metadata: { encoding: b64('binary/encrypted') }, data: b64(randomBytes(48)) }] },
    });
    expect(garbage.statusCode).toBe(400);
    const invite = await api.inject({
      method: 'POST',
      url: '/api/officers/invites?ref=mail',
      headers: bearer(),
      payload: { role: 'reviewer', unit: 'police', displayName: 'Logged Officer' },
    });
    expect(invite.statusCode).toBe(201);
    inviteCode = invite.json<{ code: string }>().code;
    const wrongBearer = await api.inject({ method: 'GET', url: '/api/officers', headers: bearer(`${ADMIN_TOKEN.slice(0, 39)}b`) });
    expect(wrongBearer.statusCode).toBe(401);
  });

  it('are written as JSON lines by the api logger', () => {
    expect(api.logLines.length).toBeGreaterThan(0);
    const lines = parsed(api.logLines);
    expect(lines.every((l) => typeof l.level === 'number')).toBe(true);
    expect(lines.some((l) => l.msg === 'incoming request')).toBe(true);
    expect(lines.some((l) => l.msg === 'request completed')).toBe(true);
  });

  it('never hold the admin token, from the path or from the header', () => {
    const all = api.logLines.join('\n');
    expect(all).not.toContain(ADMIN_TOKEN);
    expect(all).not.toContain(CODEC_TOKEN);
    expect(all).not.toContain(ADMIN_TOKEN.slice(0, 39));
  });

  it('never hold a wrong token a caller put in the codec path', () => {
    expect(api.logLines.join('\n')).not.toContain(wrongPathToken);
  });

  it('never hold the invite code', () => {
    expect(inviteCode.length).toBeGreaterThan(0);
    expect(api.logLines.join('\n')).not.toContain(inviteCode);
  });

  it('never hold a payload, in clear or in base64', () => {
    const all = api.logLines.join('\n');
    expect(all).not.toContain(PAYLOAD_SECRET);
    expect(all).not.toContain(b64(`"${PAYLOAD_SECRET}"`));
  });

  it('name the route pattern of each request, not its path or query', () => {
    const requests = parsed(api.logLines).filter((l) => l.msg === 'incoming request');
    const routes = requests.map((l) => l.req?.route);
    expect(routes).toContain('/codec/:token/decode');
    expect(routes).toContain('/codec/:token/encode');
    expect(routes).toContain('/api/officers/invites');
    expect(routes).toContain('/api/officers');
    expect(routes.every((r) => typeof r === 'string' && !r.includes('?'))).toBe(true);
    expect(requests.every((l) => l.req?.url === undefined)).toBe(true);
  });

  it('log the refused codec payload as a warning with the reason and without the payload', () => {
    const warnings = parsed(api.logLines).filter((l) => l.level === 40 && /codec decode refused/.test(l.msg ?? ''));
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(warnings[0])).not.toContain('"data"');
    expect(warnings[0]!.error).toMatchObject({ message: 'unknown ciphertext format' });
  });

  it('name the type of the error that made the codec refuse (describeError), not "Object"', () => {
    const [warning] = parsed(api.logLines).filter((l) => l.level === 40 && /codec decode refused/.test(l.msg ?? ''));
    expect(warning!.error).toMatchObject({ type: 'DecryptionError', message: 'unknown ciphertext format' });
  });
});

describe('logs of requests that match no route', () => {
  // The Temporal UI posts to `<configured endpoint>/decode`: an endpoint configured with a trailing
  // slash makes `/codec/<token>//decode`, which no route serves.
  it.each([
    ['a codec endpoint configured with a trailing slash', `/codec/${CODEC_TOKEN}//decode`],
    ['a trailing slash after decode', `/codec/${CODEC_TOKEN}/decode/`],
    ['the token with nothing after it', `/codec/${CODEC_TOKEN}/`],
    ['another action after the token', `/codec/${CODEC_TOKEN}/payloads`],
  ])('never hold the admin token of %s', async (_what, url) => {
    const from = api.logLines.length;
    const response = await api.inject({ method: 'POST', url, payload: { payloads: [] } });
    expect(response.statusCode).toBe(404);
    const lines = api.logLines.slice(from);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(ADMIN_TOKEN);
  });

  it('never hold a query string of an unknown path', async () => {
    const from = api.logLines.length;
    expect((await api.inject({ method: 'GET', url: '/nowhere?token=query-secret-123' })).statusCode).toBe(404);
    expect(api.logLines.slice(from).join('\n')).not.toContain('query-secret-123');
  });
});

describe('webhook logs', () => {
  let fake: FakeTelegram;
  let hooked: TestApp;
  const SECRET = 'log-test-secret-0123456789';
  const TEXT = `Мій начальник бере хабарі ${randomBytes(4).toString('hex')}`;
  const CHAT_ID = 987_654_321;

  beforeAll(async () => {
    fake = createFakeTelegram();
    await fake.listen();
    const bot = new Bot<BotContext>(fake.token, { botInfo: fake.botInfo, client: { apiRoot: fake.url } });
    bot.on('message:text', () => undefined);
    hooked = await buildTestApp({ db: database.db, databaseUrl: database.url, captureLogs: true, routes: { webhook: { bot, secretToken: SECRET } } });
  });

  afterAll(async () => {
    await hooked?.close();
    await fake?.close();
  });

  it('never hold an update’s text, its chat, or the secret token, also for a duplicate', async () => {
    const update = {
      update_id: 31_337,
      message: {
        message_id: 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: CHAT_ID, type: 'private', first_name: 'Whistle' },
        from: { id: CHAT_ID, is_bot: false, first_name: 'Whistle' },
        text: TEXT,
      },
    };
    const headers = { 'x-telegram-bot-api-secret-token': SECRET };
    expect((await hooked.inject({ method: 'POST', url: WEBHOOK_PATH, headers, payload: update })).statusCode).toBe(200);
    expect((await hooked.inject({ method: 'POST', url: WEBHOOK_PATH, headers, payload: update })).json()).toEqual({ ok: true, duplicate: true });
    expect((await hooked.inject({ method: 'POST', url: WEBHOOK_PATH, headers: { 'x-telegram-bot-api-secret-token': 'x' }, payload: update })).statusCode).toBe(401);

    const all = hooked.logLines.join('\n');
    expect(hooked.logLines.length).toBeGreaterThan(0);
    expect(all).not.toContain(TEXT);
    expect(all).not.toContain(String(CHAT_ID));
    expect(all).not.toContain(SECRET);
    expect(parsed(hooked.logLines).filter((l) => l.msg === 'incoming request').map((l) => l.req?.route)).toContain(WEBHOOK_PATH);
  });
});
