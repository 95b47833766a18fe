// Sending to Telegram from activities. Telegram's answers decide what Temporal does next: a 429
// waits exactly retry_after, a 403 (the user blocked the bot) or a vanished chat is final and
// recorded, anything else is retried. Errors carry the method and Telegram's description only:
// never the payload, which holds the message text.
import { ApplicationFailure } from '@temporalio/common';
import { Api, GrammyError, HttpError, InputFile } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';

export type Outgoing =
  | { type: 'text'; text: string; keyboard?: InlineKeyboardMarkup }
  | { type: 'photo' | 'document' | 'video' | 'voice' | 'audio'; data: Buffer; fileName: string; caption?: string };

export interface TelegramSender {
  /** Sends one message; returns Telegram's message id. */
  send(chatId: number, message: Outgoing, options: { protect: boolean }): Promise<number>;
}

/** A final refusal by Telegram: retrying cannot help. */
export class TelegramRefusal extends Error {
  constructor(
    readonly reason: 'blocked' | 'chat-not-found' | 'bad-request',
    readonly description: string,
  ) {
    super(`Telegram refused: ${description}`);
    this.name = 'TelegramRefusal';
  }
}

export function createTelegramSender(api: Api): TelegramSender {
  return {
    async send(chatId, message, { protect }) {
      try {
        const common = { protect_content: protect, parse_mode: 'HTML' as const };
        if (message.type === 'text') {
          const sent = await api.sendMessage(chatId, message.text, {
            ...common,
            link_preview_options: { is_disabled: true },
            ...(message.keyboard ? { reply_markup: message.keyboard } : {}),
          });
          return sent.message_id;
        }
        const file = new InputFile(message.data, message.fileName);
        const options = { ...common, ...(message.caption ? { caption: message.caption } : {}) };
        const sent =
          message.type === 'photo'
            ? await api.sendPhoto(chatId, file, options)
            : message.type === 'video'
              ? await api.sendVideo(chatId, file, options)
              : message.type === 'voice'
                ? await api.sendVoice(chatId, file, options)
                : await api.sendDocument(chatId, file, options);
        return sent.message_id;
      } catch (error) {
        throw classifyTelegramError(error);
      }
    },
  };
}

/** Maps a grammY error to what Temporal should do with it. */
export function classifyTelegramError(error: unknown): Error {
  if (error instanceof GrammyError) {
    const summary = `${error.method}: ${error.error_code} ${error.description}`;
    if (error.error_code === 429) {
      const seconds = error.parameters.retry_after ?? 1;
      return ApplicationFailure.create({ type: 'TelegramRateLimited', message: summary, nextRetryDelay: `${seconds} seconds` });
    }
    if (error.error_code === 403) return new TelegramRefusal('blocked', summary);
    if (error.error_code === 400 && /chat not found|user not found|PEER_ID_INVALID/i.test(error.description)) {
      return new TelegramRefusal('chat-not-found', summary);
    }
    if (error.error_code === 400) return new TelegramRefusal('bad-request', summary);
    return ApplicationFailure.create({ type: 'TelegramError', message: summary });
  }
  if (error instanceof HttpError) {
    return ApplicationFailure.create({ type: 'TelegramUnreachable', message: `network error talking to Telegram: ${error.message.split('\n')[0]}` });
  }
  return error instanceof Error ? error : new Error(String(error));
}

export function createTelegramApi(token: string, apiRoot: string): Api {
  return new Api(token, { apiRoot });
}
