// Builds the bot: shared middleware first (services, session, identity, language, rate limits),
// then one composer per feature in order, the `unhandled` feature last, all behind an error
// boundary so no update can crash the process.
import { autoRetry } from '@grammyjs/auto-retry';
import { Bot, type BotError, GrammyError, HttpError, session, type Transformer } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { officerByTelegramId } from '../db/repositories/officers.js';
import { hitRateLimit } from '../db/repositories/sessions.js';
import { pickLanguage } from '../lib/i18n.js';
import { describeError } from '../lib/logger.js';
import type { BotContext, BotDeps } from './context.js';
import { aboutFeature } from './features/about.js';
import { answerFeature } from './features/answer.js';
import { languageFeature } from './features/language.js';
import { menuFeature } from './features/menu.js';
import { officerFeature } from './features/officer.js';
import { reportFeature } from './features/report.js';
import { statusFeature } from './features/status.js';
import { unhandledFeature } from './features/unhandled.js';
import { initialSession, postgresSessionStorage, sessionKey } from './session.js';

export interface CreateBotOptions {
  token: string;
  apiRoot: string;
  /** Known bot identity: skips getMe at start-up (tests, and faster restarts). */
  botInfo?: UserFromGetMe;
}

const SEND_METHODS = new Set([
  'sendMessage',
  'sendPhoto',
  'sendDocument',
  'sendVideo',
  'sendVoice',
  'sendAudio',
  'sendMediaGroup',
  'copyMessage',
]);

/** Whistleblowers' chats get protect_content on every message: no forwarding, no saving. */
const protectContent: Transformer = (prev, method, payload, signal) =>
  prev(method, SEND_METHODS.has(method) ? { ...payload, protect_content: true } : payload, signal);

const FORMATTED_METHODS = new Set([...SEND_METHODS, 'editMessageText', 'editMessageCaption']);

/** Every text of the bot comes from the locale files as Telegram HTML, with user input escaped. */
const htmlByDefault: Transformer = (prev, method, payload, signal) =>
  prev(
    method,
    FORMATTED_METHODS.has(method) && payload && !('parse_mode' in payload) ? { ...payload, parse_mode: 'HTML' } : payload,
    signal,
  );

export function createBot(deps: BotDeps, options: CreateBotOptions): Bot<BotContext> {
  const bot = new Bot<BotContext>(options.token, {
    client: { apiRoot: options.apiRoot },
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
  });

  bot.api.config.use(htmlByDefault);
  // Telegram answers bursts with 429 and a retry_after: wait it out a few times rather than drop
  // a reply. Bounded, so a handler never hangs for minutes on a dead network.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 4, maxDelaySeconds: 15, rethrowHttpErrors: false }));
  bot.use(async (ctx, next) => {
    ctx.deps = deps;
    await next();
  });

  const safe = bot.errorBoundary(async (error) => handleError(error, deps));
  // The bot lives in private chats only: a group is no place for a confidential report.
  const privateChats = safe.chatType('private');

  privateChats.use(
    session({
      initial: initialSession,
      storage: postgresSessionStorage(deps.db, deps.vault),
      getSessionKey: (ctx) => sessionKey(ctx.chat?.id),
    }),
  );

  privateChats.use(async (ctx, next) => {
    ctx.officer = ctx.from ? await officerByTelegramId(deps.db, ctx.from.id) : null;
    ctx.lang = ctx.session.lang ?? (ctx.officer?.language as 'uk' | 'en' | undefined) ?? pickLanguage(ctx.from?.language_code);
    ctx.t = deps.i18n.forLanguage(ctx.lang);
    if (!ctx.officer) ctx.api.config.use(protectContent);
    await next();
  });

  privateChats.use(async (ctx, next) => {
    if (!ctx.from) return next();
    const perMinute = deps.config.limits.messagesPerMinute * (ctx.officer ? 3 : 1);
    const { allowed, retryAfterMs } = await hitRateLimit(deps.db, deps.vault, {
      subject: String(ctx.from.id),
      purpose: 'updates',
      windowMs: 60_000,
      limit: perMinute,
    });
    if (allowed) return next();
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    if (ctx.callbackQuery) {
      await ctx.answerCallbackQuery({ text: ctx.t('rate-limited', { seconds }), show_alert: true });
    } else {
      // One polite answer per window is enough; further messages in the window are dropped.
      const { allowed: tell } = await hitRateLimit(deps.db, deps.vault, {
        subject: String(ctx.from.id),
        purpose: 'rate-notice',
        windowMs: 60_000,
        limit: 1,
      });
      if (tell) await ctx.reply(ctx.t('rate-limited', { seconds }));
    }
  });

  privateChats.use(languageFeature);
  privateChats.use(officerFeature);
  privateChats.use(menuFeature);
  privateChats.use(answerFeature);
  privateChats.use(statusFeature);
  privateChats.use(reportFeature);
  privateChats.use(aboutFeature);
  privateChats.use(unhandledFeature);

  bot.catch((error) => handleError(error, deps));
  return bot;
}

/** Our failure, not the user's: log without content, apologise in their language, keep running. */
async function handleError(error: BotError<BotContext>, deps: BotDeps): Promise<void> {
  const { ctx } = error;
  const cause = error.error;
  const summary =
    cause instanceof GrammyError
      ? `${cause.method}: ${cause.error_code} ${cause.description}`
      : cause instanceof HttpError
        ? `network: ${cause.message.split('\n')[0]}`
        : describeError(cause).message;
  deps.logger.error(
    { updateId: ctx.update.update_id, kind: Object.keys(ctx.update).filter((k) => k !== 'update_id')[0], error: summary },
    'update failed',
  );
  try {
    const t = ctx.t ?? deps.i18n.forLanguage(pickLanguage(ctx.from?.language_code));
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: t('error-generic'), show_alert: true });
    else if (ctx.chat?.type === 'private') await ctx.reply(t('error-generic'));
  } catch {
    // Telegram itself is failing; the log line above is all we can do.
  }
}
