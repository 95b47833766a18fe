import type { ForceReply, InlineKeyboardMarkup, Message, ReplyKeyboardMarkup, ReplyKeyboardRemove } from 'grammy/types';

export type ReplyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply;

export interface UserProfile {
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

/**
 * A bot message as the user sees it. `reply_markup` is whatever the bot attached (a Bot API
 * Message only carries inline keyboards); `seq` grows with every send, edit and deletion.
 */
export type InboxMessage = Omit<Message, 'reply_markup'> & {
  seq: number;
  reply_markup?: ReplyMarkup;
  protect_content: boolean;
  edited: boolean;
  deleted: boolean;
};

export interface CallbackAnswer {
  text?: string;
  show_alert: boolean;
  url?: string;
}

export interface FailureSpec {
  error_code: number;
  description: string;
  retry_after?: number;
  /** How many consecutive calls fail; 1 unless given. */
  times?: number;
}

export interface RecordedCall {
  method: string;
  /** Parameters as received; uploaded files appear as `{ file_name, size }`. */
  params: Record<string, unknown>;
  error?: { error_code: number; description: string };
}

export type MediaKind = 'photo' | 'document' | 'video' | 'voice';
