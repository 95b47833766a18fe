// Ukrainian by default, English on request (or from the Telegram client's language).
import { Composer } from 'grammy';
import { menuPattern, parseMenuData } from '../../lib/callback-data.js';
import { isLanguage } from '../../lib/i18n.js';
import { officers } from '../../db/schema.js';
import { eq } from 'drizzle-orm';
import type { BotContext } from '../context.js';
import { menu } from '../keyboards.js';

export const languageFeature = new Composer<BotContext>();

async function offerLanguages(ctx: BotContext) {
  await ctx.reply(ctx.t('language-choose'), {
    reply_markup: menu([
      ['Українська', 'lg', 'uk'],
      ['English', 'lg', 'en'],
    ], 2),
  });
}

languageFeature.command(['language', 'lang', 'mova'], offerLanguages);

languageFeature.callbackQuery(menuPattern('lg'), async (ctx) => {
  const choice = parseMenuData(ctx.callbackQuery.data)?.value;
  if (!isLanguage(choice)) return ctx.answerCallbackQuery();
  ctx.session.lang = choice;
  ctx.lang = choice;
  ctx.t = ctx.deps.i18n.forLanguage(choice);
  if (ctx.officer) await ctx.deps.db.update(officers).set({ language: choice }).where(eq(officers.id, ctx.officer.id));
  await ctx.answerCallbackQuery({ text: ctx.t('language-set') });
  await ctx.reply(ctx.t('language-set'));
});

export { offerLanguages };
