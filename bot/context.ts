// One Context type for the whole bot: grammY's context, the session flavour, and what the bot's
// middleware adds (translator, language, the officer behind the account, the injected services).
import type { Client } from '@temporalio/client';
import type { Context, SessionFlavor } from 'grammy';
import type { Db } from '../db/client.js';
import type { Officer } from '../db/schema.js';
import type { Config } from '../lib/config.js';
import type { Vault } from '../lib/crypto.js';
import type { I18n, Language, Translate } from '../lib/i18n.js';
import type { Logger } from '../lib/logger.js';
import type { Session } from './session.js';

export interface BotDeps {
  db: Db;
  vault: Vault;
  i18n: I18n;
  temporal: Client;
  logger: Logger;
  config: Pick<Config, 'limits' | 'policy' | 'temporal' | 'telegram'>;
  /** Downloads a file the user sent (getFile + the file route of the Bot API server). */
  downloadFile: (fileId: string, maxBytes: number) => Promise<Buffer>;
}

export interface BotFlavor {
  deps: BotDeps;
  lang: Language;
  t: Translate;
  /** The active officer behind this Telegram account, if any. */
  officer: Officer | null;
}

export type BotContext = Context & SessionFlavor<Session> & BotFlavor;
