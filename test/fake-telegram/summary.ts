import type { Message } from 'grammy/types';
import type { InboxMessage } from './types.js';

/** A one-line rendering of a message's content, for timeouts and the terminal client. */
export function describeContent(message: Omit<Message, 'reply_markup'>): string {
  const media = message.photo !== undefined
    ? `[photo ${message.photo.at(-1)?.width ?? 0}x${message.photo.at(-1)?.height ?? 0}]`
    : message.document !== undefined
      ? `[document ${message.document.file_name ?? ''} ${message.document.file_size ?? 0} B]`
      : message.video !== undefined
        ? `[video ${message.video.duration}s]`
        : message.voice !== undefined
          ? `[voice ${message.voice.duration}s]`
          : message.sticker !== undefined
            ? `[sticker ${message.sticker.emoji ?? ''}]`
            : undefined;
  const text = message.text ?? message.caption;
  return [media, text].filter((part) => part !== undefined).join(' ');
}

export function summarize(message: InboxMessage): string {
  const flags = [message.edited && 'edited', message.deleted && 'deleted'].filter(Boolean);
  const content = describeContent(message);
  const short = content.length > 80 ? `${content.slice(0, 77)}...` : content;
  return `#${message.message_id}${flags.length > 0 ? ` (${flags.join(', ')})` : ''} ${JSON.stringify(short)}`;
}
