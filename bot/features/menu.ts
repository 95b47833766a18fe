// The front door: /start, /help and the main menu. Someone who has never used a bot sees what
// this is, that it is confidential, what happens next, and one obvious button to begin.
import { Composer } from 'grammy';
import { menuPattern, parseMenuData } from '../../lib/callback-data.js';
import type { BotContext } from '../context.js';
import { menu } from '../keyboards.js';
import { showAbout } from './about.js';
import { offerLanguages } from './language.js';
import { showMyReports, startStatusCheck } from './status.js';
import { askDiscardDraft, startReport } from './report.js';

export const menuFeature = new Composer<BotContext>();

export async function showMenu(ctx: BotContext) {
  const buttons: [string, string, string][] = [
    [ctx.t('menu-report'), 'mn', 'report'],
    [ctx.t('menu-status'), 'mn', 'status'],
    [ctx.t('menu-my'), 'mn', 'my'],
    [ctx.t('menu-about'), 'mn', 'about'],
    [ctx.t('menu-language'), 'mn', 'language'],
  ];
  if (ctx.officer) buttons.push([ctx.t('menu-queue'), 'mn', 'queue']);
  await ctx.reply(ctx.t('menu-title'), { reply_markup: menu(buttons) });
}

menuFeature.command('start', async (ctx) => {
  await ctx.reply(ctx.t('welcome'), { parse_mode: 'HTML' });
  await showMenu(ctx);
});

menuFeature.command(['help', 'menu'], async (ctx) => {
  await ctx.reply(ctx.t('help-text'), { parse_mode: 'HTML' });
  await showMenu(ctx);
});

menuFeature.callbackQuery(menuPattern('mn'), async (ctx, next) => {
  const choice = parseMenuData(ctx.callbackQuery.data)?.value;
  switch (choice) {
    case 'report':
      await ctx.answerCallbackQuery();
      return startReport(ctx);
    case 'status':
      await ctx.answerCallbackQuery();
      return startStatusCheck(ctx);
    case 'my':
      await ctx.answerCallbackQuery();
      return showMyReports(ctx);
    case 'about':
      await ctx.answerCallbackQuery();
      return showAbout(ctx);
    case 'language':
      await ctx.answerCallbackQuery();
      return offerLanguages(ctx);
    default:
      return next();
  }
});

menuFeature.command('cancel', async (ctx) => {
  const flow = ctx.session.flow;
  if (!flow) {
    await ctx.reply(ctx.t('cancel-nothing'));
    return showMenu(ctx);
  }
  if (flow.kind === 'report') return askDiscardDraft(ctx, flow);
  ctx.session.flow = undefined;
  await ctx.reply(ctx.t('cancel-done'));
  await showMenu(ctx);
});
