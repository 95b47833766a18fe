// What a whistleblower needs to know before trusting the channel: their rights, the 15/30-day
// promise, and what Telegram itself can and cannot see.
import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { menu } from '../keyboards.js';

export const aboutFeature = new Composer<BotContext>();

export async function showAbout(ctx: BotContext) {
  await ctx.reply(ctx.t('about-text'), {
    parse_mode: 'HTML',
    reply_markup: menu([[ctx.t('menu-report'), 'mn', 'report']]),
  });
}

aboutFeature.command(['about', 'help_protection'], showAbout);
