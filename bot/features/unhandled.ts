// Last in line: anything no feature took gets a short hint and the menu, never silence.
import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { showMenu } from './menu.js';

export const unhandledFeature = new Composer<BotContext>();

unhandledFeature.on('callback_query', async (ctx) => {
  await ctx.answerCallbackQuery({ text: ctx.t('button-unknown'), show_alert: true });
});

unhandledFeature.on('message', async (ctx) => {
  if (ctx.message.text?.startsWith('/')) await ctx.reply(ctx.t('command-unknown'));
  else await ctx.reply(ctx.t('unhandled-hint'));
  await showMenu(ctx);
});
