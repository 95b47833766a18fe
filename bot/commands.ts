// The command menu Telegram shows beside the input field, in both languages.
import type { Api } from 'grammy';
import type { I18n } from '../lib/i18n.js';

export const PUBLIC_COMMANDS = ['report', 'status', 'my', 'about', 'language', 'cancel', 'help'] as const;

export async function registerCommands(api: Api, i18n: I18n): Promise<void> {
  for (const language of i18n.languages) {
    const commands = PUBLIC_COMMANDS.map((command) => ({ command, description: i18n.t(language, `command-${command}`) }));
    // Ukrainian is also the default for clients in any other language.
    await api.setMyCommands(commands, { language_code: language });
    if (language === 'uk') await api.setMyCommands(commands);
  }
}
