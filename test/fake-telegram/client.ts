import type { Message, User } from 'grammy/types';
import { summarize } from './summary.js';
import type { CallbackAnswer, InboxMessage, MediaKind, UserProfile } from './types.js';

export interface Button {
  text: string;
  callback_data?: string;
  url?: string;
}

/** The inline buttons of a message, row by row, flattened. */
export function buttons(message: Pick<InboxMessage, 'reply_markup'>): Button[] {
  const markup = message.reply_markup;
  if (markup === undefined || !('inline_keyboard' in markup)) return [];
  return markup.inline_keyboard.flat().map((button) => ({
    text: button.text,
    ...('callback_data' in button && { callback_data: button.callback_data }),
    ...('url' in button && { url: button.url }),
  }));
}

/** Inbox snapshots folded into the current state of each message, in sending order. */
function currentState(log: InboxMessage[]): InboxMessage[] {
  const latest = new Map<number, InboxMessage>();
  for (const entry of log) latest.set(entry.message_id, entry);
  return [...latest.values()];
}

/**
 * A Telegram user driving a fake Telegram over its HTTP mirror, so it works against a fake in
 * another process as well as in-process.
 */
export class TelegramUser {
  /** The `seq` of the last inbox entry nextMessage() consumed. */
  private consumed = 0;

  constructor(
    readonly baseUrl: string,
    readonly profile: { id: number } & UserProfile,
  ) {}

  get id(): number {
    return this.profile.id;
  }

  register(): Promise<User> {
    const { first_name, last_name, username, language_code } = this.profile;
    return this.request('POST', `/users/${this.id}`, { first_name, last_name, username, language_code });
  }

  send(text: string, options: { replyTo?: number } = {}): Promise<Message> {
    return this.request('POST', `/users/${this.id}/messages`, {
      text,
      ...(options.replyTo !== undefined && { reply_to_message_id: options.replyTo }),
    });
  }

  sendPhoto(bytes: Uint8Array, caption?: string): Promise<Message> {
    return this.upload('photo', bytes, 'photo.jpg', caption);
  }

  sendDocument(bytes: Uint8Array, fileName: string, mimeType: string, caption?: string): Promise<Message> {
    return this.upload('document', bytes, fileName, caption, mimeType);
  }

  sendVideo(bytes: Uint8Array, caption?: string): Promise<Message> {
    return this.upload('video', bytes, 'video.mp4', caption);
  }

  sendVoice(bytes: Uint8Array, caption?: string): Promise<Message> {
    return this.upload('voice', bytes, 'voice.ogg', caption);
  }

  sendSticker(emoji?: string): Promise<Message> {
    return this.request('POST', `/users/${this.id}/messages`, { sticker: emoji === undefined ? {} : { emoji } });
  }

  sendContact(phoneNumber: string): Promise<Message> {
    return this.request('POST', `/users/${this.id}/messages`, { contact: { phone_number: phoneNumber } });
  }

  sendLocation(latitude: number, longitude: number): Promise<Message> {
    return this.request('POST', `/users/${this.id}/messages`, { location: { latitude, longitude } });
  }

  /**
   * Presses the inline button with this label (or matching the predicate) on the newest bot
   * message that has one, or on `messageId`; resolves with the bot's callback answer.
   */
  async press(
    target: string | ((button: Button) => boolean),
    options: { messageId?: number; timeoutMs?: number } = {},
  ): Promise<CallbackAnswer> {
    const matches = typeof target === 'string' ? (button: Button) => button.text === target : target;
    const messages = (await this.inbox()).filter((m) => !m.deleted);
    const candidates = options.messageId === undefined
      ? messages.reverse()
      : messages.filter((m) => m.message_id === options.messageId);
    for (const message of candidates) {
      const button = buttons(message).find((b) => b.callback_data !== undefined && matches(b));
      if (button === undefined) continue;
      return this.request('POST', `/users/${this.id}/callbacks`, {
        message_id: message.message_id,
        data: button.callback_data,
        ...(options.timeoutMs !== undefined && { timeout_ms: options.timeoutMs }),
      });
    }
    const label = typeof target === 'string' ? JSON.stringify(target) : 'matching the predicate';
    const where = options.messageId === undefined ? 'any bot message' : `message ${options.messageId}`;
    const available = candidates.flatMap((m) => buttons(m).map((b) => `${JSON.stringify(b.text)} on #${m.message_id}`));
    throw new Error(`no button ${label} on ${where}; buttons: ${available.join(', ') || 'none'}`);
  }

  /**
   * Waits for the next bot message (or edit/deletion snapshot) after the last one consumed that
   * matches; earlier non-matching ones are consumed too.
   */
  async nextMessage(predicate: (message: InboxMessage) => boolean = () => true, timeoutMs = 10_000): Promise<InboxMessage> {
    const deadline = Date.now() + timeoutMs;
    const skipped: InboxMessage[] = [];
    for (;;) {
      const wait = Math.max(0, deadline - Date.now());
      for (const message of await this.history(this.consumed, wait)) {
        this.consumed = message.seq;
        if (predicate(message)) return message;
        skipped.push(message);
      }
      if (Date.now() >= deadline) {
        const got = skipped.length > 0 ? skipped.map(summarize).join('; ') : 'nothing';
        throw new Error(`user ${this.id}: no matching bot message within ${timeoutMs} ms; received ${got}`);
      }
    }
  }

  /** Every bot message in this chat in its current state. */
  async inbox(): Promise<InboxMessage[]> {
    return currentState(await this.history(0));
  }

  async lastMessage(): Promise<InboxMessage | undefined> {
    return (await this.inbox()).at(-1);
  }

  /** Inbox snapshots with `seq` above `after`, long-polling up to `waitMs` when there are none yet. */
  async history(after: number, waitMs = 0, signal?: AbortSignal): Promise<InboxMessage[]> {
    const { messages } = await this.request<{ messages: InboxMessage[] }>(
      'GET',
      `/users/${this.id}/inbox?after=${after}&wait=${Math.min(Math.ceil(waitMs), 60_000)}`,
      undefined,
      signal,
    );
    return messages;
  }

  private upload(kind: MediaKind, bytes: Uint8Array, fileName: string, caption?: string, mimeType?: string): Promise<Message> {
    const form = new FormData();
    form.append('kind', kind);
    if (caption !== undefined) form.append('caption', caption);
    if (mimeType !== undefined) form.append('mime_type', mimeType);
    form.append('file_name', fileName);
    form.append('file', new Blob([Buffer.from(bytes)]), fileName);
    return this.request('POST', `/users/${this.id}/messages`, form);
  }

  private async request<T>(method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const response = await fetch(`${this.baseUrl}/__fake${path}`, {
      method,
      ...(signal !== undefined && { signal }),
      ...(body instanceof FormData
        ? { body }
        : body !== undefined && { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    const payload = (await response.json()) as T & { error?: string; description?: string };
    if (!response.ok) {
      throw new Error(`fake Telegram ${method} ${path} failed (${response.status}): ${payload.error ?? payload.description ?? 'unknown error'}`);
    }
    return payload;
  }
}
