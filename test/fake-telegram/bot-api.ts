import type { BotCommand, InlineKeyboardMarkup, MenuButton, Message, MessageEntity, Update, WebhookInfo } from 'grammy/types';
import { badRequest, TelegramError, type ErrorResponse } from './errors.js';
import { formatText } from './formatting.js';
import { mimeTypeFor } from './mime.js';
import { Params, UploadedFile } from './params.js';
import type { MediaKind, ReplyMarkup } from './types.js';
import { nextEvent, type ChatState, type StoredMessage, type TelegramWorld } from './world.js';

export type ApiResponse = { ok: true; result: unknown } | ErrorResponse;

export type Dispatch = (method: string, params: Record<string, unknown>, signal: AbortSignal) => Promise<ApiResponse>;

type Handler = (params: Params, signal: AbortSignal) => unknown;

const MAX_TEXT_LENGTH = 4096;
const MAX_CAPTION_LENGTH = 1024;
const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;
const MESSAGE_SENDERS = new Set(['sendMessage', 'sendPhoto', 'sendDocument', 'sendVideo', 'sendVoice']);
const CHAT_ACTIONS = new Set([
  'typing', 'upload_photo', 'record_video', 'upload_video', 'record_voice', 'upload_voice', 'upload_document',
  'choose_sticker', 'find_location', 'record_video_note', 'upload_video_note',
]);
const INLINE_BUTTON_ACTIONS = [
  'url', 'callback_data', 'web_app', 'login_url', 'switch_inline_query', 'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat', 'copy_text', 'callback_game', 'pay',
];

const WEBHOOK_CONFLICT = "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";
const POLL_CONFLICT = 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';
const NOT_MODIFIED = 'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Drops undefined fields so results serialize and compare like Telegram's. */
const compact = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

function readReplyMarkup(params: Params): ReplyMarkup | undefined {
  const reason = "can't parse reply keyboard markup JSON object";
  const markup = params.json('reply_markup', reason);
  if (markup === undefined) return undefined;
  if (!isObject(markup)) throw badRequest(reason);
  const rows = markup.inline_keyboard ?? markup.keyboard;
  if (rows !== undefined) {
    if (!Array.isArray(rows) || !rows.every(Array.isArray)) throw badRequest(reason);
    if (markup.inline_keyboard !== undefined) {
      for (const button of rows.flat() as unknown[]) validateInlineButton(button);
      // An empty inline keyboard is how bots remove one.
      if (rows.flat().length === 0) return undefined;
    }
    return markup as unknown as ReplyMarkup;
  }
  if (markup.remove_keyboard === true || markup.force_reply === true) return markup as unknown as ReplyMarkup;
  throw badRequest(reason);
}

function validateInlineButton(button: unknown): void {
  if (!isObject(button) || typeof button.text !== 'string') throw badRequest(`can't parse inline keyboard button: Can't find field "text"`);
  if (!INLINE_BUTTON_ACTIONS.some((action) => action in button)) {
    throw badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
  }
  const data = button.callback_data;
  if (data !== undefined && (typeof data !== 'string' || Buffer.byteLength(data) < 1 || Buffer.byteLength(data) > 64)) {
    throw badRequest('BUTTON_DATA_INVALID');
  }
}

function readInlineKeyboard(params: Params): InlineKeyboardMarkup | undefined {
  const markup = readReplyMarkup(params);
  if (markup !== undefined && !('inline_keyboard' in markup)) throw badRequest('inline keyboard expected');
  return markup;
}

function readEntities(params: Params, name: string): MessageEntity[] | undefined {
  const entities = params.json(name, `can't parse entities JSON object`);
  if (entities !== undefined && !Array.isArray(entities)) throw badRequest(`can't parse entities JSON object`);
  return entities as MessageEntity[] | undefined;
}

function readCaption(params: Params): Partial<Message> {
  const raw = params.string('caption');
  if (raw === undefined) return {};
  const { text, entities } = formatText(raw, params.string('parse_mode'), readEntities(params, 'caption_entities'));
  if (text.length > MAX_CAPTION_LENGTH) throw badRequest('message caption is too long');
  return compact({ caption: text || undefined, caption_entities: entities.length > 0 ? entities : undefined });
}

function readText(params: Params): Partial<Message> {
  const { text, entities } = formatText(params.string('text') ?? '', params.string('parse_mode'), readEntities(params, 'entities'));
  if (text === '') throw badRequest('message text is empty');
  if (text.length > MAX_TEXT_LENGTH) throw badRequest('message is too long');
  return { text, ...(entities.length > 0 && { entities }) };
}

/** What an edit compares: Telegram rejects edits that change none of it. */
const editableContent = (message: Message): string =>
  JSON.stringify([message.text, message.entities ?? [], message.caption, message.caption_entities ?? [], message.reply_markup ?? null]);

/** The Bot API methods the fake implements, dispatched case-insensitively like Telegram's. */
export function createBotApi(world: TelegramWorld): Dispatch {
  let poll: AbortController | undefined;

  const readReplyTarget = (params: Params, chat: ChatState): Message | undefined => {
    const reply = params.json('reply_parameters', "can't parse reply parameters JSON object");
    if (reply !== undefined && !isObject(reply)) throw badRequest("can't parse reply parameters JSON object");
    const messageId = reply?.message_id ?? params.integer('reply_to_message_id');
    if (messageId === undefined) return undefined;
    const target = world.liveMessage(chat, Number(messageId));
    if (target !== undefined) return target.message;
    if (reply?.allow_sending_without_reply === true || params.flag('allow_sending_without_reply')) return undefined;
    throw badRequest('message to be replied not found');
  };

  const send = (params: Params, content: () => Partial<Message>): Message => {
    const body = content();
    const chat = world.writableChat(params.chatId());
    const replyMarkup = readReplyMarkup(params);
    const replyTo = readReplyTarget(params, chat);
    return world.postBotMessage(chat, body, {
      protectContent: params.flag('protect_content'),
      ...(replyMarkup !== undefined && { replyMarkup }),
      ...(replyTo !== undefined && { replyTo }),
    });
  };

  const sendMedia = (kind: MediaKind): Handler => (params) =>
    send(params, () => {
      const input = params.file(kind);
      if (input === undefined) throw badRequest(`there is no ${kind} in the request`);
      const caption = readCaption(params);
      const media = typeof input === 'string'
        ? world.reuseMedia(kind, input)
        : world.uploadMedia(kind, input.bytes, compact({
          fileName: input.fileName,
          mimeType: input.mimeType === 'application/octet-stream' ? mimeTypeFor(input.fileName) : input.mimeType,
          duration: params.integer('duration'),
          width: params.integer('width'),
          height: params.integer('height'),
        }));
      return { ...media, ...caption };
    });

  const editTarget = (params: Params): { chat: ChatState; stored: StoredMessage } => {
    if (params.string('inline_message_id') !== undefined) throw badRequest('message to edit not found');
    const chat = world.writableChat(params.chatId());
    const messageId = params.integer('message_id');
    if (messageId === undefined) throw badRequest('message identifier is not specified');
    const stored = world.liveMessage(chat, messageId);
    if (stored === undefined) throw badRequest('message to edit not found');
    if (!stored.fromBot) throw badRequest("message can't be edited");
    return { chat, stored };
  };

  const edit = (params: Params, patch: (current: Message) => Partial<Message>): Message => {
    const { chat, stored } = editTarget(params);
    const keyboard = readInlineKeyboard(params);
    const next = compact({ ...stored.message, ...patch(stored.message), reply_markup: keyboard });
    if (editableContent(next) === editableContent(stored.message)) throw badRequest(NOT_MODIFIED);
    return world.editBotMessage(chat, stored, next, keyboard);
  };

  const commandsKey = (params: Params): string => {
    const scope = params.json('scope', "can't parse BotCommandScope JSON object") ?? { type: 'default' };
    if (!isObject(scope) || typeof scope.type !== 'string') throw badRequest("can't parse BotCommandScope JSON object");
    return JSON.stringify([scope.type, scope.chat_id ?? null, scope.user_id ?? null, params.string('language_code') ?? '']);
  };

  const webhookInfo = (): WebhookInfo => {
    const hook = world.webhook;
    return compact({
      url: hook?.url ?? '',
      has_custom_certificate: false,
      pending_update_count: world.pendingUpdates().length,
      last_error_date: hook?.lastErrorDate,
      last_error_message: hook?.lastErrorMessage,
      max_connections: hook === undefined ? undefined : 40,
      ip_address: hook === undefined ? undefined : '127.0.0.1',
    });
  };

  const handlers: Record<string, Handler> = {
    getMe: () => world.botInfo,

    getUpdates: async (params, signal): Promise<Update[]> => {
      if (world.webhook !== undefined) throw new TelegramError(409, WEBHOOK_CONFLICT);
      const allowed = params.json('allowed_updates', "can't parse allowed updates JSON array");
      if (Array.isArray(allowed)) world.setAllowedUpdates(allowed.map(String));
      const offset = params.integer('offset');
      if (offset !== undefined && offset !== 0) world.confirmUpdates(offset);
      const limit = Math.min(Math.max(params.integer('limit') ?? 100, 1), 100);
      const timeoutMs = Math.max(params.integer('timeout') ?? 0, 0) * 1000;
      // Telegram allows one poller per bot; a newer request ends the older one with a 409.
      poll?.abort();
      const mine = new AbortController();
      poll = mine;
      if (world.pendingUpdates().length === 0 && timeoutMs > 0) {
        await nextEvent(world.events, ['update', 'webhook'], { signal: AbortSignal.any([signal, mine.signal]), timeoutMs });
      }
      if (poll === mine) poll = undefined;
      if (mine.signal.aborted) throw new TelegramError(409, POLL_CONFLICT);
      if (world.webhook !== undefined) throw new TelegramError(409, WEBHOOK_CONFLICT);
      return world.pendingUpdates().slice(0, limit);
    },

    setWebhook: (params) => {
      const url = params.string('url') ?? '';
      if (params.flag('drop_pending_updates')) world.dropPendingUpdates();
      const allowed = params.json('allowed_updates', "can't parse allowed updates JSON array");
      if (Array.isArray(allowed)) world.setAllowedUpdates(allowed.map(String));
      if (url === '') {
        world.setWebhook(undefined);
        return true;
      }
      if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) throw badRequest('bad webhook: Failed to resolve host: Name or service not known');
      const secretToken = params.string('secret_token');
      if (secretToken !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secretToken)) throw badRequest('secret token contains unallowed characters');
      world.setWebhook({ url, ...(secretToken !== undefined && { secretToken }) });
      return true;
    },

    deleteWebhook: (params) => {
      if (params.flag('drop_pending_updates')) world.dropPendingUpdates();
      world.setWebhook(undefined);
      return true;
    },

    getWebhookInfo: () => webhookInfo(),

    sendMessage: (params) =>
      send(params, () => {
        const preview = params.json('link_preview_options', "can't parse link preview options JSON object");
        return { ...readText(params), ...(isObject(preview) && { link_preview_options: preview }) };
      }),

    sendPhoto: sendMedia('photo'),
    sendDocument: sendMedia('document'),
    sendVideo: sendMedia('video'),
    sendVoice: sendMedia('voice'),

    editMessageText: (params) => {
      const content = readText(params);
      return edit(params, (current) => {
        if (current.text === undefined) throw badRequest('there is no text in the message to edit');
        return { entities: undefined, ...content };
      });
    },

    editMessageCaption: (params) => {
      const caption = readCaption(params);
      return edit(params, (current) => {
        if (current.text !== undefined) throw badRequest('there is no caption in the message to edit');
        return { caption: undefined, caption_entities: undefined, ...caption };
      });
    },

    editMessageReplyMarkup: (params) => edit(params, () => ({})),

    deleteMessage: (params) => {
      const chat = world.chat(params.chatId());
      const messageId = params.integer('message_id');
      if (messageId === undefined) throw badRequest('message identifier is not specified');
      const stored = world.liveMessage(chat, messageId);
      if (stored === undefined) throw badRequest('message to delete not found');
      world.deleteMessage(chat, stored);
      return true;
    },

    answerCallbackQuery: (params) => {
      const text = params.string('text');
      const url = params.string('url');
      world.answerCallback(params.string('callback_query_id') ?? '', compact({ text, show_alert: params.flag('show_alert'), url }));
      return true;
    },

    getFile: (params) => {
      const file = world.file(params.string('file_id') ?? '');
      if (file === undefined) throw badRequest('invalid file_id');
      if (file.bytes.length > MAX_DOWNLOAD_BYTES) throw badRequest('file is too big');
      return { file_id: file.file_id, file_unique_id: file.file_unique_id, file_size: file.bytes.length, file_path: file.file_path };
    },

    sendChatAction: (params) => {
      const action = params.string('action');
      if (action === undefined || !CHAT_ACTIONS.has(action)) throw badRequest('wrong parameter action in request');
      world.writableChat(params.chatId());
      return true;
    },

    setMyCommands: (params) => {
      const commands = params.json('commands', "can't parse commands JSON object");
      if (!Array.isArray(commands)) throw badRequest("can't parse commands JSON object");
      for (const command of commands as unknown[]) {
        if (!isObject(command) || typeof command.command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(command.command)) {
          throw badRequest('BOT_COMMAND_INVALID');
        }
        if (typeof command.description !== 'string' || command.description.length < 1 || command.description.length > 256) {
          throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
        }
      }
      const key = commandsKey(params);
      if (commands.length === 0) world.commands.delete(key);
      else world.commands.set(key, (commands as BotCommand[]).map(({ command, description }) => ({ command, description })));
      return true;
    },

    getMyCommands: (params) => world.commands.get(commandsKey(params)) ?? [],

    deleteMyCommands: (params) => {
      world.commands.delete(commandsKey(params));
      return true;
    },

    setChatMenuButton: (params) => {
      const chatId = params.chatId();
      if (chatId !== undefined) world.chat(chatId);
      const button = params.json('menu_button', "can't parse menu button JSON object") ?? { type: 'default' };
      if (!isObject(button) || typeof button.type !== 'string') throw badRequest("can't parse menu button JSON object");
      world.menuButtons.set(String(chatId ?? ''), button as unknown as MenuButton);
      return true;
    },

    getChatMenuButton: (params) => {
      const chatId = params.chatId();
      if (chatId !== undefined) world.chat(chatId);
      return world.menuButtons.get(String(chatId ?? '')) ?? world.menuButtons.get('') ?? { type: 'commands' };
    },
  };

  const byLowerName = new Map(Object.entries(handlers).map(([name, handler]) => [name.toLowerCase(), { name, handler }]));

  return async (method, raw, signal) => {
    const entry = byLowerName.get(method.toLowerCase());
    const call = {
      method: entry?.name ?? method,
      params: Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v instanceof UploadedFile ? v.toJSON() : v])),
    };
    world.record(call);
    try {
      if (entry === undefined) throw new TelegramError(404, 'Not Found');
      const injected = world.takeFailure(entry.name);
      if (injected !== undefined) throw injected;
      if (MESSAGE_SENDERS.has(entry.name)) world.admitMessage();
      return { ok: true, result: await entry.handler(new Params(raw), signal) };
    } catch (error) {
      if (!(error instanceof TelegramError)) throw error;
      Object.assign(call, { error: { error_code: error.errorCode, description: error.description } });
      return error.toResponse();
    }
  };
}
