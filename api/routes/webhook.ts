// Telegram's webhook. The secret token proves the request comes from Telegram (401 otherwise);
// the update id makes Telegram's redeliveries no-ops. Bodies are never logged.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { webhookCallback, type Bot } from 'grammy';
import type { BotContext } from '../../bot/context.js';
import { eq } from 'drizzle-orm';
import { firstDelivery } from '../../db/repositories/sessions.js';
import { telegramUpdates } from '../../db/schema.js';

export const WEBHOOK_PATH = '/telegram/webhook';
const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

function sameSecret(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const webhook: FastifyPluginAsync<{ bot: Bot<BotContext>; secretToken: string }> = async (fastify, { bot, secretToken }) => {
  const { db } = fastify.deps;
  // Telegram waits about a minute; answering earlier while the update is still being handled keeps
  // a slow Temporal call from turning into a redelivery.
  const handle = webhookCallback(bot, 'fastify', { secretToken, onTimeout: 'return', timeoutMilliseconds: 25_000 });

  fastify.post(
    WEBHOOK_PATH,
    {
      bodyLimit: 1024 * 1024,
      preHandler: async (request, reply) => {
        if (!sameSecret(request.headers[SECRET_HEADER], secretToken)) {
          return reply.status(401).send({ statusCode: 401, error: 'Unauthorized', message: 'Wrong or missing secret token.' });
        }
        const updateId = (request.body as { update_id?: unknown } | null)?.update_id;
        if (!Number.isSafeInteger(updateId)) {
          return reply.status(400).send({ statusCode: 400, error: 'Bad Request', message: 'The body is not a Telegram update.' });
        }
        if (!(await firstDelivery(db, updateId as number))) {
          request.log.info({ updateId }, 'duplicate update ignored');
          return reply.status(200).send({ ok: true, duplicate: true });
        }
      },
    },
    async (request, reply) => {
      try {
        await handle(request, reply);
      } catch (error) {
        // Let Telegram redeliver: forget the id so the retry is handled, not dropped as a duplicate.
        const updateId = (request.body as { update_id: number }).update_id;
        await db.delete(telegramUpdates).where(eq(telegramUpdates.updateId, updateId));
        throw error;
      }
    },
  );
};

export default webhook;
