import { randomBytes, randomInt } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type {
  BotCommand,
  Chat,
  Document,
  InlineKeyboardMarkup,
  MenuButton,
  Message,
  PhotoSize,
  Sticker,
  Update,
  User,
  UserFromGetMe,
  Video,
  Voice,
} from 'grammy/types';
import { badRequest, ControlError, forbidden, TelegramError } from './errors.js';
import { summarize } from './summary.js';
import type { CallbackAnswer, FailureSpec, InboxMessage, MediaKind, RecordedCall, ReplyMarkup, UserProfile } from './types.js';

export type FileKind = MediaKind | 'sticker';

export interface StoredFile {
  file_id: string;
  file_unique_id: string;
  kind: FileKind;
  bytes: Buffer;
  file_path: string;
  mime_type?: string;
  /** What a message carries when this file is sent again by file_id. */
  attachment?: PhotoSize[] | Document | Video | Voice | Sticker;
}

export interface StoredMessage {
  message: Message;
  fromBot: boolean;
  replyMarkup?: ReplyMarkup;
  protectContent: boolean;
  edited: boolean;
  deleted: boolean;
  seq: number;
}

export interface ChatState {
  user: User;
  chat: Chat.PrivateChat;
  nextMessageId: number;
  messages: Map<number, StoredMessage>;
  log: InboxMessage[];
  blocked: boolean;
  /** Telegram refuses to let a bot write first; a user starts the chat by sending anything. */
  started: boolean;
  chatInstance: string;
}

export interface WebhookConfig {
  url: string;
  secretToken?: string;
  lastErrorDate?: number;
  lastErrorMessage?: string;
}

export interface MediaOptions {
  fileName?: string;
  mimeType?: string;
  duration?: number;
  width?: number;
  height?: number;
}

interface PendingQuery {
  state: 'pending' | 'answered' | 'expired';
  settle: (answer: CallbackAnswer) => void;
  fail: (error: Error) => void;
}

interface Session {
  chats: Map<number, ChatState>;
  files: Map<string, StoredFile>;
  filesByPath: Map<string, StoredFile>;
  updates: Update[];
  allowedUpdates?: Set<string>;
  webhook?: WebhookConfig;
  queries: Map<string, PendingQuery>;
  failures: Map<string, { error: TelegramError; remaining: number }[]>;
  calls: RecordedCall[];
  sendTimes: number[];
  maxMessagesPerSecond: number;
  commands: Map<string, BotCommand[]>;
  menuButtons: Map<string, MenuButton>;
  clockOffset: number;
}

/** Update types Telegram only sends when a bot lists them in allowed_updates. */
const OPT_IN_UPDATES = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

const FILE_ID_PREFIX: Record<FileKind, string> = {
  photo: 'AgACAgIAAxkBAA',
  document: 'BQACAgIAAxkBAA',
  video: 'BAACAgIAAxkBAA',
  voice: 'AwACAgIAAxkBAA',
  sticker: 'CAACAgIAAxkBAA',
};

const FILE_DIR: Record<FileKind, [string, string]> = {
  photo: ['photos', 'jpg'],
  document: ['documents', 'dat'],
  video: ['videos', 'mp4'],
  voice: ['voice', 'oga'],
  sticker: ['stickers', 'webp'],
};

/** Sizes Telegram generates for an uploaded photo (thumbnail, medium, large). */
const PHOTO_SIZES: [number, number][] = [[90, 68], [320, 240], [800, 600]];

const FORTY_EIGHT_HOURS = 48 * 3600;

/**
 * Resolves when one of `names` is emitted (true), or false once `timeoutMs` passes or `signal`
 * aborts. Callers re-read state afterwards, so a missed payload does not matter.
 */
export function nextEvent(
  emitter: EventEmitter,
  names: string[],
  options: { signal?: AbortSignal; timeoutMs?: number },
): Promise<boolean> {
  return new Promise((resolve) => {
    if (options.signal?.aborted) {
      resolve(false);
      return;
    }
    const done = (fired: boolean): void => {
      clearTimeout(timer);
      for (const name of names) emitter.off(name, onEvent);
      options.signal?.removeEventListener('abort', onAbort);
      resolve(fired);
    };
    const onEvent = (): void => done(true);
    const onAbort = (): void => done(false);
    const timer = options.timeoutMs === undefined ? undefined : setTimeout(onAbort, Math.max(options.timeoutMs, 0));
    for (const name of names) emitter.on(name, onEvent);
    options.signal?.addEventListener('abort', onAbort);
  });
}

const withoutReply = (message: Message): Message => {
  const copy = { ...message };
  delete copy.reply_to_message;
  return copy;
};

const numericId = (): string => `${randomInt(1, 2 ** 47)}${randomInt(0, 2 ** 24)}`;

/**
 * Everything the fake Telegram knows: users and their private chats, messages, files, the update
 * queue, webhook settings and injected failures. Its public control methods are what tests and
 * the HTTP mirror use to act as users.
 */
export class TelegramWorld {
  /** Emits 'update', 'webhook' and 'inbox' (userId, InboxMessage). */
  readonly events = new EventEmitter().setMaxListeners(0);
  readonly botUser: User;
  private session: Session;
  private nextUpdateId = 700_000_001;
  private seq = 0;
  private fileCounter = 0;

  constructor(
    readonly botInfo: UserFromGetMe,
    private readonly defaultMaxMessagesPerSecond: number,
  ) {
    this.botUser = { id: botInfo.id, is_bot: true, first_name: botInfo.first_name, username: botInfo.username };
    this.session = this.freshSession();
  }

  // ---- control API: users ----

  user(id: number, profile: UserProfile): User {
    const user: User = { id, is_bot: false, ...profile };
    const chat: Chat.PrivateChat = {
      id,
      type: 'private',
      first_name: profile.first_name,
      ...(profile.last_name !== undefined && { last_name: profile.last_name }),
      ...(profile.username !== undefined && { username: profile.username }),
    };
    const existing = this.session.chats.get(id);
    if (existing !== undefined) {
      existing.user = user;
      existing.chat = chat;
    } else {
      this.session.chats.set(id, {
        user, chat, nextMessageId: 1, messages: new Map(), log: [], blocked: false, started: false,
        chatInstance: `-${numericId()}`,
      });
    }
    return user;
  }

  sendText(userId: number, text: string, options: { replyTo?: number } = {}): Message {
    const entities = [...text.matchAll(/(?<=^|\s)\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]+)?|https?:\/\/\S+/g)].map((m) => ({
      type: m[0].startsWith('/') ? ('bot_command' as const) : ('url' as const),
      offset: m.index,
      length: m[0].length,
    }));
    return this.userMessage(userId, { text, ...(entities.length > 0 && { entities }) }, options.replyTo);
  }

  sendPhoto(userId: number, bytes: Uint8Array, caption?: string): Message {
    return this.userMessage(userId, { ...this.uploadMedia('photo', Buffer.from(bytes)), ...(caption !== undefined && { caption }) });
  }

  sendDocument(userId: number, bytes: Uint8Array, fileName: string, mimeType: string, caption?: string): Message {
    const content = this.uploadMedia('document', Buffer.from(bytes), { fileName, mimeType });
    return this.userMessage(userId, { ...content, ...(caption !== undefined && { caption }) });
  }

  sendVideo(userId: number, bytes: Uint8Array, caption?: string): Message {
    return this.userMessage(userId, { ...this.uploadMedia('video', Buffer.from(bytes)), ...(caption !== undefined && { caption }) });
  }

  sendVoice(userId: number, bytes: Uint8Array, caption?: string): Message {
    return this.userMessage(userId, { ...this.uploadMedia('voice', Buffer.from(bytes)), ...(caption !== undefined && { caption }) });
  }

  sendSticker(userId: number, emoji = '👍'): Message {
    const file = this.storeFile('sticker', Buffer.from('RIFF\x24\x00\x00\x00WEBPVP8L'), 'image/webp');
    const sticker: Sticker = {
      file_id: file.file_id, file_unique_id: file.file_unique_id, type: 'regular', width: 512, height: 512,
      is_animated: false, is_video: false, emoji, set_name: 'FakeStickers', file_size: file.bytes.length,
    };
    file.attachment = sticker;
    return this.userMessage(userId, { sticker });
  }

  /** Shares the user's own phone number, as a request_contact keyboard button does. */
  sendContact(userId: number, phoneNumber: string): Message {
    const { user } = this.knownChat(userId);
    return this.userMessage(userId, {
      contact: {
        phone_number: phoneNumber, first_name: user.first_name, user_id: userId,
        ...(user.last_name !== undefined && { last_name: user.last_name }),
      },
    });
  }

  sendLocation(userId: number, latitude: number, longitude: number): Message {
    return this.userMessage(userId, { location: { latitude, longitude } });
  }

  /**
   * Presses an inline button; resolves with the bot's answerCallbackQuery. `forged` sends data
   * that is on no button, as a modified client can: the Bot API passes it to the bot all the same.
   */
  async pressButton(userId: number, messageId: number, callbackData: string, timeoutMs = 10_000, forged = false): Promise<CallbackAnswer> {
    const chat = this.activeChat(userId);
    const stored = chat.messages.get(messageId);
    if (stored === undefined || stored.deleted || !stored.fromBot) {
      throw new ControlError(`user ${userId} has no bot message ${messageId}`, 404);
    }
    const pressable = stored.message.reply_markup?.inline_keyboard
      .flat()
      .some((button) => 'callback_data' in button && button.callback_data === callbackData);
    if (pressable !== true && !forged) {
      throw new ControlError(`message ${messageId} has no button with callback_data ${JSON.stringify(callbackData)}`);
    }
    const id = numericId();
    return new Promise<CallbackAnswer>((resolve, reject) => {
      const timer = setTimeout(() => {
        query.state = 'expired';
        reject(new ControlError(`the bot did not answer callback query ${id} within ${timeoutMs} ms`, 504));
      }, timeoutMs);
      const query: PendingQuery = {
        state: 'pending',
        settle: (answer) => {
          clearTimeout(timer);
          resolve(answer);
        },
        fail: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.session.queries.set(id, query);
      this.pushUpdate({
        callback_query: { id, from: chat.user, message: stored.message, chat_instance: chat.chatInstance, data: callbackData },
      });
    });
  }

  // ---- control API: reading ----

  /** Every bot message in the user's chat, in order, in its current state. */
  inbox(userId: number): InboxMessage[] {
    return [...this.knownChat(userId).messages.values()].filter((m) => m.fromBot).map((m) => this.snapshot(m));
  }

  /** Snapshots taken at each send, edit and deletion with `seq` greater than `afterSeq`. */
  inboxLog(userId: number, afterSeq = 0): InboxMessage[] {
    return this.knownChat(userId).log.filter((m) => m.seq > afterSeq);
  }

  /**
   * The first bot message (or edit/deletion snapshot) from now on that matches. It listens from
   * the moment of the call, so start waiting before triggering the bot.
   */
  async waitFor(userId: number, predicate: (message: InboxMessage) => boolean, timeoutMs = 10_000): Promise<InboxMessage> {
    this.knownChat(userId);
    return new Promise((resolve, reject) => {
      const seen: InboxMessage[] = [];
      const finish = (): void => {
        clearTimeout(timer);
        this.events.off('inbox', onInbox);
      };
      const onInbox = (id: number, message: InboxMessage): void => {
        if (id !== userId) return;
        seen.push(message);
        try {
          if (!predicate(message)) return;
          finish();
          resolve(message);
        } catch (error) {
          finish();
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      };
      const timer = setTimeout(() => {
        finish();
        const got = seen.length > 0 ? seen.map(summarize).join('; ') : 'nothing';
        reject(new ControlError(`no matching bot message for user ${userId} within ${timeoutMs} ms; got ${got}`, 504));
      }, timeoutMs);
      this.events.on('inbox', onInbox);
    });
  }

  // ---- control API: error injection and inspection ----

  failNext(method: string, spec: FailureSpec): void {
    const key = method.toLowerCase();
    const queue = this.session.failures.get(key) ?? [];
    queue.push({ error: new TelegramError(spec.error_code, spec.description, spec.retry_after), remaining: spec.times ?? 1 });
    this.session.failures.set(key, queue);
  }

  /** Blocking (or unblocking) emits the my_chat_member update Telegram sends. */
  blockBot(userId: number, blocked = true): void {
    const chat = this.knownChat(userId);
    if (chat.blocked === blocked) return;
    chat.blocked = blocked;
    const member = { status: 'member' as const, user: this.botUser };
    const kicked = { status: 'kicked' as const, user: this.botUser, until_date: 0 };
    this.pushUpdate({
      my_chat_member: {
        chat: chat.chat, from: chat.user, date: this.unixTime(),
        old_chat_member: blocked ? member : kicked, new_chat_member: blocked ? kicked : member,
      },
    });
  }

  setMaxMessagesPerSecond(limit: number): void {
    this.session.maxMessagesPerSecond = limit;
    this.session.sendTimes = [];
  }

  calls(method?: string): RecordedCall[] {
    return method === undefined
      ? [...this.session.calls]
      : this.session.calls.filter((call) => call.method.toLowerCase() === method.toLowerCase());
  }

  /** Moves the fake's clock forward, e.g. past Telegram's 48-hour deletion window. */
  advanceTime(ms: number): void {
    this.session.clockOffset += ms;
  }

  /** Forgets users, messages, files, updates, webhook and injected errors; ids keep increasing. */
  reset(): void {
    this.shutdown(new ControlError('the fake Telegram was reset', 409));
    this.session = this.freshSession();
    this.events.emit('webhook');
  }

  // ---- used by the Bot API implementation ----

  shutdown(reason: Error = new ControlError('the fake Telegram is closed', 503)): void {
    for (const query of this.session.queries.values()) {
      if (query.state === 'pending') query.fail(reason);
    }
  }

  now(): number {
    return Date.now() + this.session.clockOffset;
  }

  unixTime(): number {
    return Math.floor(this.now() / 1000);
  }

  chat(chatId: number | string | undefined): ChatState {
    if (chatId === undefined || chatId === '') throw badRequest('chat_id is empty');
    const chat = this.session.chats.get(Number(chatId));
    if (chat === undefined) throw badRequest('chat not found');
    return chat;
  }

  /** A chat the bot may send to or edit in right now. */
  writableChat(chatId: number | string | undefined): ChatState {
    const chat = this.chat(chatId);
    if (chat.blocked) throw forbidden('bot was blocked by the user');
    if (!chat.started) throw forbidden("bot can't initiate conversation with a user");
    return chat;
  }

  liveMessage(chat: ChatState, messageId: number): StoredMessage | undefined {
    const stored = chat.messages.get(messageId);
    return stored === undefined || stored.deleted ? undefined : stored;
  }

  postBotMessage(
    chat: ChatState,
    content: Partial<Message>,
    options: { replyMarkup?: ReplyMarkup; protectContent: boolean; replyTo?: Message },
  ): Message {
    const message = {
      message_id: chat.nextMessageId++,
      from: this.botUser,
      chat: chat.chat,
      date: this.unixTime(),
      ...(options.replyTo !== undefined && { reply_to_message: withoutReply(options.replyTo) }),
      ...content,
      ...(options.protectContent && { has_protected_content: true as const }),
      ...(options.replyMarkup !== undefined && 'inline_keyboard' in options.replyMarkup && { reply_markup: options.replyMarkup }),
    } as Message;
    const stored: StoredMessage = {
      message, fromBot: true, protectContent: options.protectContent, edited: false, deleted: false, seq: 0,
      ...(options.replyMarkup !== undefined && { replyMarkup: options.replyMarkup }),
    };
    chat.messages.set(message.message_id, stored);
    this.logInbox(chat, stored);
    return message;
  }

  /** Replaces a bot message's content; an absent inline keyboard removes the old one, as Telegram does. */
  editBotMessage(chat: ChatState, stored: StoredMessage, next: Message, keyboard: InlineKeyboardMarkup | undefined): Message {
    const edited = { ...next, edit_date: this.unixTime() } as Message;
    delete edited.reply_markup;
    if (keyboard !== undefined) edited.reply_markup = keyboard;
    stored.message = edited;
    stored.edited = true;
    const kept = stored.replyMarkup !== undefined && !('inline_keyboard' in stored.replyMarkup) ? stored.replyMarkup : keyboard;
    if (kept === undefined) delete stored.replyMarkup;
    else stored.replyMarkup = kept;
    this.logInbox(chat, stored);
    return edited;
  }

  deleteMessage(chat: ChatState, stored: StoredMessage): void {
    if (this.unixTime() - stored.message.date > FORTY_EIGHT_HOURS) throw badRequest("message can't be deleted for everyone");
    stored.deleted = true;
    if (stored.fromBot) this.logInbox(chat, stored);
  }

  uploadMedia(kind: MediaKind, bytes: Buffer, options: MediaOptions = {}): Partial<Message> {
    if (kind === 'photo') {
      const photo = PHOTO_SIZES.map(([width, height]) => {
        const file = this.storeFile('photo', bytes, 'image/jpeg');
        return { file_id: file.file_id, file_unique_id: file.file_unique_id, file_size: bytes.length, width, height };
      });
      for (const size of photo) (this.session.files.get(size.file_id) as StoredFile).attachment = photo;
      return { photo };
    }
    const mimeType = options.mimeType ?? (kind === 'video' ? 'video/mp4' : kind === 'voice' ? 'audio/ogg' : 'application/octet-stream');
    const file = this.storeFile(kind, bytes, mimeType, options.fileName);
    const base = { file_id: file.file_id, file_unique_id: file.file_unique_id, file_size: bytes.length, mime_type: mimeType };
    const fileName = options.fileName !== undefined ? { file_name: options.fileName } : {};
    // Telegram measures media; a rough bitrate gives believable durations without decoding.
    const attachment = kind === 'document'
      ? { ...base, ...fileName }
      : kind === 'video'
        ? { ...base, ...fileName, width: options.width ?? 1280, height: options.height ?? 720, duration: options.duration ?? Math.max(1, Math.round(bytes.length / 250_000)) }
        : { ...base, duration: options.duration ?? Math.max(1, Math.round(bytes.length / 2_000)) };
    file.attachment = attachment;
    return { [kind]: attachment };
  }

  reuseMedia(kind: MediaKind, fileId: string): Partial<Message> {
    if (/^https?:\/\//i.test(fileId)) throw badRequest('failed to get HTTP URL content');
    const file = this.session.files.get(fileId);
    if (file === undefined) throw badRequest('wrong file identifier/HTTP URL specified');
    if (file.kind !== kind) throw badRequest('type of file mismatch');
    return { [kind]: file.attachment };
  }

  file(fileId: string): StoredFile | undefined {
    return this.session.files.get(fileId);
  }

  fileByPath(path: string): StoredFile | undefined {
    return this.session.filesByPath.get(path);
  }

  answerCallback(queryId: string, answer: CallbackAnswer): void {
    const query = this.session.queries.get(queryId);
    if (query?.state !== 'pending') {
      throw badRequest('query is too old and response timeout expired or query ID is invalid');
    }
    query.state = 'answered';
    query.settle(answer);
  }

  pushUpdate(body: Omit<Update, 'update_id'>): void {
    const type = Object.keys(body)[0] ?? '';
    const allowed = this.session.allowedUpdates;
    // Telegram filters when an update is created, not when it is fetched.
    if (allowed !== undefined ? !allowed.has(type) : OPT_IN_UPDATES.has(type)) return;
    this.session.updates.push({ update_id: this.nextUpdateId++, ...body } as Update);
    this.events.emit('update');
  }

  pendingUpdates(): readonly Update[] {
    return this.session.updates;
  }

  /** getUpdates' offset: earlier updates are confirmed; a negative offset keeps only the last -offset. */
  confirmUpdates(offset: number): void {
    this.session.updates = offset < 0
      ? this.session.updates.slice(offset)
      : this.session.updates.filter((update) => update.update_id >= offset);
  }

  dropUpdate(update: Update): void {
    this.session.updates = this.session.updates.filter((pending) => pending !== update);
  }

  dropPendingUpdates(): void {
    this.session.updates = [];
  }

  setAllowedUpdates(types: string[]): void {
    if (types.length === 0) delete this.session.allowedUpdates;
    else this.session.allowedUpdates = new Set(types);
  }

  get webhook(): WebhookConfig | undefined {
    return this.session.webhook;
  }

  setWebhook(config: WebhookConfig | undefined): void {
    if (config === undefined) delete this.session.webhook;
    else this.session.webhook = config;
    this.events.emit('webhook');
  }

  get commands(): Map<string, BotCommand[]> {
    return this.session.commands;
  }

  get menuButtons(): Map<string, MenuButton> {
    return this.session.menuButtons;
  }

  record(call: RecordedCall): void {
    this.session.calls.push(call);
  }

  takeFailure(method: string): TelegramError | undefined {
    const queue = this.session.failures.get(method.toLowerCase());
    const head = queue?.[0];
    if (queue === undefined || head === undefined) return undefined;
    head.remaining -= 1;
    if (head.remaining <= 0) queue.shift();
    return head.error;
  }

  /** Counts a message against the per-second cap, or throws Telegram's 429. */
  admitMessage(): void {
    const now = this.now();
    const recent = this.session.sendTimes.filter((time) => time > now - 1000);
    this.session.sendTimes = recent;
    const oldest = recent[0];
    if (oldest !== undefined && recent.length >= this.session.maxMessagesPerSecond) {
      const retryAfter = Math.max(1, Math.ceil((oldest + 1000 - now) / 1000));
      throw new TelegramError(429, `Too Many Requests: retry after ${retryAfter}`, retryAfter);
    }
    recent.push(now);
  }

  // ---- internals ----

  private freshSession(): Session {
    return {
      chats: new Map(), files: new Map(), filesByPath: new Map(), updates: [], queries: new Map(), failures: new Map(),
      calls: [], sendTimes: [], maxMessagesPerSecond: this.defaultMaxMessagesPerSecond, commands: new Map(),
      menuButtons: new Map(), clockOffset: 0,
    };
  }

  private knownChat(userId: number): ChatState {
    const chat = this.session.chats.get(userId);
    if (chat === undefined) throw new ControlError(`user ${userId} is not registered (control.user() or POST /__fake/users/${userId})`, 404);
    return chat;
  }

  /** A chat the user can type into: a client cannot write to a bot it has blocked. */
  private activeChat(userId: number): ChatState {
    const chat = this.knownChat(userId);
    if (chat.blocked) throw new ControlError(`user ${userId} has blocked the bot; unblock it first`, 409);
    return chat;
  }

  private userMessage(userId: number, content: Partial<Message>, replyTo?: number): Message {
    const chat = this.activeChat(userId);
    const target = replyTo === undefined ? undefined : this.liveMessage(chat, replyTo);
    if (replyTo !== undefined && target === undefined) throw new ControlError(`user ${userId} has no message ${replyTo} to reply to`, 404);
    chat.started = true;
    const message = {
      message_id: chat.nextMessageId++,
      from: chat.user,
      chat: chat.chat,
      date: this.unixTime(),
      ...(target !== undefined && { reply_to_message: withoutReply(target.message) }),
      ...content,
    } as Message;
    chat.messages.set(message.message_id, { message, fromBot: false, protectContent: false, edited: false, deleted: false, seq: 0 });
    this.pushUpdate({ message } as Omit<Update, 'update_id'>);
    return message;
  }

  private storeFile(kind: FileKind, bytes: Buffer, mimeType: string, fileName?: string): StoredFile {
    const [dir, defaultExt] = FILE_DIR[kind];
    const ext = kind === 'document' && fileName?.includes('.') === true ? fileName.split('.').pop() : defaultExt;
    const file: StoredFile = {
      file_id: FILE_ID_PREFIX[kind] + randomBytes(36).toString('base64url'),
      file_unique_id: `AQAD${randomBytes(9).toString('base64url')}`,
      kind,
      bytes,
      file_path: `${dir}/file_${++this.fileCounter}.${ext}`,
      mime_type: mimeType,
    };
    this.session.files.set(file.file_id, file);
    this.session.filesByPath.set(file.file_path, file);
    return file;
  }

  private snapshot(stored: StoredMessage): InboxMessage {
    // The inbox shows whatever markup was attached, not only the inline keyboard a Message carries.
    const message = { ...stored.message };
    delete message.reply_markup;
    return {
      ...message,
      seq: stored.seq,
      ...(stored.replyMarkup !== undefined && { reply_markup: stored.replyMarkup }),
      protect_content: stored.protectContent,
      edited: stored.edited,
      deleted: stored.deleted,
    };
  }

  private logInbox(chat: ChatState, stored: StoredMessage): void {
    stored.seq = ++this.seq;
    const entry = this.snapshot(stored);
    chat.log.push(entry);
    this.events.emit('inbox', chat.user.id, entry);
  }
}

/** What tests and the CLI may drive; the rest of TelegramWorld serves the Bot API. */
export type FakeTelegramControl = Pick<
  TelegramWorld,
  | 'user' | 'sendText' | 'sendPhoto' | 'sendDocument' | 'sendVideo' | 'sendVoice' | 'sendSticker' | 'sendContact'
  | 'sendLocation' | 'pressButton' | 'inbox' | 'inboxLog' | 'waitFor' | 'failNext' | 'blockBot'
  | 'setMaxMessagesPerSecond' | 'calls' | 'reset' | 'advanceTime'
>;
