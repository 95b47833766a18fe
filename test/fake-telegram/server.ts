import multipart from '@fastify/multipart';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import type { UserFromGetMe } from 'grammy/types';
import { z } from 'zod';
import { createBotApi } from './bot-api.js';
import { ControlError, TelegramError } from './errors.js';
import { registerMirror } from './mirror.js';
import { normalizeForm, readMultipart } from './params.js';
import { deliverWebhookUpdates } from './webhook.js';
import { TelegramWorld, type FakeTelegramControl } from './world.js';

export type { FakeTelegramControl } from './world.js';
export type { CallbackAnswer, FailureSpec, InboxMessage, RecordedCall, ReplyMarkup, UserProfile } from './types.js';

export const DEFAULT_TOKEN = '123456:FAKE-TOKEN';

export interface FakeTelegramOptions {
  token?: string;
  botUsername?: string;
  /** Cap on send* calls per second before Telegram's 429; 30 unless given. */
  maxMessagesPerSecond?: number;
  /** Fastify request logging. */
  logger?: boolean;
}

export interface FakeTelegram {
  /** Starts serving; resolves with the base URL to pass as grammY's `client.apiRoot`. */
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
  readonly url: string;
  readonly token: string;
  /** What getMe returns; pass as grammY's `botInfo` to skip the getMe call. */
  readonly botInfo: UserFromGetMe;
  readonly control: FakeTelegramControl;
}

const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

const notFound = new TelegramError(404, 'Not Found').toResponse();
const unauthorized = new TelegramError(401, 'Unauthorized').toResponse();

function makeBotInfo(token: string, username: string): UserFromGetMe {
  return {
    // A bot token starts with the bot's user id.
    id: Number(token.split(':')[0]) || 123456,
    is_bot: true,
    first_name: 'Anticor',
    username,
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
    can_manage_bots: false,
    supports_join_request_queries: false,
  };
}

/** A fake Telegram Bot API server with an in-process and HTTP control API for playing users. */
export function createFakeTelegram(options: FakeTelegramOptions = {}): FakeTelegram {
  const token = options.token ?? DEFAULT_TOKEN;
  const world = new TelegramWorld(makeBotInfo(token, options.botUsername ?? 'anticor_fake_bot'), options.maxMessagesPerSecond ?? 30);
  const dispatch = createBotApi(world);
  const closing = new AbortController();
  const app = Fastify({ logger: options.logger ?? false });
  let url: string | undefined;
  let delivery: Promise<void> | undefined;

  /** Aborts when the client goes away or the server closes, ending long polls early. */
  const requestSignal = (reply: FastifyReply): AbortSignal => {
    const gone = new AbortController();
    reply.raw.once('close', () => gone.abort());
    return AbortSignal.any([closing.signal, gone.signal]);
  };

  void app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 10, fields: 100 } });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  app.setErrorHandler((error, request, reply) => {
    if (request.url.startsWith('/__fake/')) {
      const status = error instanceof ControlError ? error.status : error instanceof z.ZodError ? 400 : (error as { statusCode?: number }).statusCode ?? 500;
      const message = error instanceof z.ZodError ? z.prettifyError(error) : (error as Error).message;
      return reply.code(status).send({ error: message });
    }
    const failure = error instanceof TelegramError
      ? error
      : new TelegramError((error as { statusCode?: number }).statusCode ?? 500, `Bad Request: ${(error as Error).message}`);
    return reply.code(failure.errorCode).send(failure.toResponse());
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send(notFound));

  const readParams = async (request: FastifyRequest): Promise<Record<string, unknown>> => {
    const query = normalizeForm(request.query as Record<string, unknown>);
    if (request.isMultipart()) return { ...query, ...normalizeForm(await readMultipart(request)) };
    const body = typeof request.body === 'object' && request.body !== null ? (request.body as Record<string, unknown>) : {};
    const isJson = request.headers['content-type']?.includes('json') === true;
    return { ...query, ...(isJson ? body : normalizeForm(body)) };
  };

  app.route<{ Params: { token: string; method: string } }>({
    method: ['GET', 'POST'],
    url: '/bot:token/:method',
    handler: async (request, reply) => {
      if (request.params.token !== token) return reply.code(401).send(unauthorized);
      const response = await dispatch(request.params.method, await readParams(request), requestSignal(reply));
      return reply.code(response.ok ? 200 : response.error_code).send(response);
    },
  });

  app.get<{ Params: { token: string; '*': string } }>('/file/bot:token/*', async (request, reply) => {
    if (request.params.token !== token) return reply.code(401).send(unauthorized);
    const file = world.fileByPath(request.params['*']);
    if (file === undefined) return reply.code(404).send(notFound);
    return reply.type(file.mime_type ?? 'application/octet-stream').send(file.bytes);
  });

  registerMirror(app, world, requestSignal);

  return {
    token,
    botInfo: world.botInfo,
    control: world,
    get url(): string {
      if (url === undefined) throw new Error('the fake Telegram is not listening; await listen() first');
      return url;
    },
    async listen(port = 0, host = '127.0.0.1'): Promise<string> {
      url = await app.listen({ port, host });
      delivery = deliverWebhookUpdates(world, dispatch, closing.signal);
      return url;
    },
    async close(): Promise<void> {
      closing.abort();
      world.shutdown();
      await app.close();
      await delivery;
    },
  };
}
