// Telegram's webhook: only requests with the secret token reach the bot, a redelivered update is
// handled once, and an update whose handling failed is handled again when Telegram retries.
import { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_PATH } from '../../api/routes/webhook.js';
import type { BotContext } from '../../bot/context.js';
import { createFakeTelegram, type FakeTelegram } from '../fake-telegram/server.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { buildTestApp, type TestApp } from './harness.js';

const SECRET = 'webhook-Secret_0123456789abcdef';
const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
const HANDLER_FAILURE = 'handler exploded while writing to table reports_secret_internal';

let database: TestDatabase;
let fake: FakeTelegram;
let api: TestApp;
/** Update ids the bot's handler saw, in order, once per handling. */
const handled: number[] = [];
/** Update ids whose first handling throws. */
const failOnce = new Set<number>();

// Update ids are global to the telegram_updates table of this file's database.
let nextUpdateId = 1000;
const updateId = () => (nextUpdateId += 1);

function textUpdate(id: number, text = 'Добрий день'): Update {
  return {
    update_id: id,
    message: {
      message_id: id,
      date: Math.floor(Date.now() / 1000),
      chat: { id: 4242, type: 'private', first_name: 'Reporter' },
      from: { id: 4242, is_bot: false, first_name: 'Reporter' },
      text,
    },
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  fake = createFakeTelegram();
  await fake.listen();
  const bot = new Bot<BotContext>(fake.token, { botInfo: fake.botInfo, client: { apiRoot: fake.url } });
  bot.on('message:text', (ctx) => {
    const id = ctx.update.update_id;
    handled.push(id);
    if (failOnce.delete(id)) throw new Error(HANDLER_FAILURE);
  });
  api = await buildTestApp({ db: database.db, databaseUrl: database.url, routes: { webhook: { bot, secretToken: SECRET } } });
});

afterAll(async () => {
  await api?.close();
  await fake?.close();
  await database?.drop();
});

/** Posts to the webhook with the given secret header, or none when `secret` is null. */
const deliver = (body: unknown, secret: string | null = SECRET) =>
  api.inject({
    method: 'POST',
    url: WEBHOOK_PATH,
    headers: secret === null ? {} : { [SECRET_HEADER]: secret },
    payload: body as Record<string, unknown>,
  });

describe('the Telegram webhook', () => {
  it('is served at /telegram/webhook', () => {
    expect(WEBHOOK_PATH).toBe('/telegram/webhook');
  });

  it('answers 401 and does not handle an update sent without the secret token', async () => {
    const id = updateId();
    const response = await deliver(textUpdate(id), null);
    expect(response.statusCode).toBe(401);
    expect(handled).not.toContain(id);
  });

  it('answers 401 and does not handle an update sent with a wrong secret token', async () => {
    const id = updateId();
    for (const wrong of [`${SECRET.slice(0, -1)}X`, SECRET.slice(1), `${SECRET}x`, SECRET.toUpperCase(), '']) {
      const response = await deliver(textUpdate(id), wrong);
      expect(response.statusCode, wrong).toBe(401);
    }
    expect(handled).not.toContain(id);
  });

  it('remembers nothing of a refused delivery: the same update with the secret is handled', async () => {
    const id = updateId();
    expect((await deliver(textUpdate(id), 'nope-nope-nope-nope')).statusCode).toBe(401);
    const response = await deliver(textUpdate(id));
    expect(response.statusCode).toBe(200);
    expect(handled.filter((h) => h === id)).toHaveLength(1);
  });

  it('answers 200 and hands an update with the right secret to the bot', async () => {
    const id = updateId();
    const response = await deliver(textUpdate(id));
    expect(response.statusCode).toBe(200);
    expect(handled).toContain(id);
  });

  it('answers a redelivered update 200 { ok, duplicate } without handling it again', async () => {
    const id = updateId();
    expect((await deliver(textUpdate(id))).statusCode).toBe(200);
    const again = await deliver(textUpdate(id, 'the same update, delivered again'));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ ok: true, duplicate: true });
    expect(handled.filter((h) => h === id)).toHaveLength(1);
  });

  it('handles updates it has not seen even when they arrive out of order', async () => {
    const later = updateId();
    const earlier = updateId() - 100;
    expect((await deliver(textUpdate(later))).statusCode).toBe(200);
    expect((await deliver(textUpdate(earlier))).statusCode).toBe(200);
    expect(handled).toEqual(expect.arrayContaining([later, earlier]));
  });

  it.each([
    ['an empty object', {}],
    ['an update_id that is a string', { update_id: '77', message: {} }],
    ['an update_id that is not an integer', { update_id: 1.5 }],
    ['a list', [{ update_id: 5 }]],
  ])('answers 400 to a body that is not an update: %s', async (_what, body) => {
    const before = handled.length;
    const response = await deliver(body);
    expect(response.statusCode).toBe(400);
    expect(response.json<{ message: string }>().message).toMatch(/not a Telegram update/);
    expect(handled).toHaveLength(before);
  });

  it('answers 401 before looking at the body of a request without the secret', async () => {
    const response = await deliver({ nonsense: true }, null);
    expect(response.statusCode).toBe(401);
  });

  it('answers a failed handling with a 500 that reveals nothing, and handles Telegram’s retry of it', async () => {
    const id = updateId();
    failOnce.add(id);
    const failed = await deliver(textUpdate(id));
    expect(failed.statusCode).toBe(500);
    expect(failed.body).not.toContain('exploded');
    expect(failed.body).not.toContain('reports_secret_internal');

    const retried = await deliver(textUpdate(id));
    expect(retried.statusCode).toBe(200);
    expect(retried.body).not.toContain('duplicate');
    expect(handled.filter((h) => h === id)).toHaveLength(2);
  });

  it('is not served when the process does not serve the webhook', async () => {
    const other = await buildTestApp({ db: database.db, databaseUrl: database.url, routes: { admin: true } });
    try {
      const response = await other.inject({ method: 'POST', url: WEBHOOK_PATH, headers: { [SECRET_HEADER]: SECRET }, payload: textUpdate(updateId()) });
      expect(response.statusCode).toBe(404);
    } finally {
      await other.close();
    }
  });
});
