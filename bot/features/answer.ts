// Answers to officers' questions. The whistleblower writes in this chat (text or a file); the
// answer is stored encrypted and the case's workflow is told its id. The officer never learns who.
import { describeError } from '../../lib/logger.js';
import { Composer } from 'grammy';
import { storeMessage } from '../../db/repositories/messages.js';
import { reportFacts } from '../../db/repositories/reports.js';
import { menuPattern, packId, parseMenuData, unpackId } from '../../lib/callback-data.js';
import { reporterRepliedSignal, workflowIdFor } from '../../workflows/messages.js';
import type { BotContext } from '../context.js';
import { menu } from '../keyboards.js';
import { collectFiles, fileOf, keepsMetadata, refuseFile, LIMITS } from './report.js';
import { mayActFor } from './status.js';

export const answerFeature = new Composer<BotContext>();

answerFeature.callbackQuery(menuPattern('answer'), async (ctx) => {
  const reportId = unpackId(parseMenuData(ctx.callbackQuery.data)?.value ?? '');
  if (!reportId || !(await mayActFor(ctx, reportId))) {
    await ctx.answerCallbackQuery({ text: ctx.t('answer-not-allowed'), show_alert: true });
    return;
  }
  const facts = await reportFacts(ctx.deps.db, reportId);
  if (!facts || facts.status === 'decided') {
    await ctx.answerCallbackQuery({ text: ctx.t('answer-case-closed'), show_alert: true });
    return;
  }
  await ctx.answerCallbackQuery();
  ctx.session.flow = { kind: 'answer', reportId };
  await ctx.reply(ctx.t('answer-prompt', { code: facts.caseCode }), { parse_mode: 'HTML' });
});

answerFeature.on('message', async (ctx, next) => {
  const flow = ctx.session.flow;
  if (flow?.kind !== 'answer' || ctx.message.text?.startsWith('/')) return next();
  const { deps } = ctx;
  const text = (ctx.message.text ?? ctx.message.caption ?? '').trim();
  const file = fileOf(ctx.message);
  if (!text && !file) {
    await ctx.reply(ctx.t('answer-wrong-kind'));
    return;
  }
  if (text.length > LIMITS.descriptionMax) {
    await ctx.reply(ctx.t('report-text-long', { max: LIMITS.descriptionMax, length: text.length }));
    return;
  }
  if (file) {
    const refusal = refuseFile(ctx, file, 0);
    if (refusal) {
      await ctx.reply(refusal, { parse_mode: 'HTML' });
      return;
    }
    if (keepsMetadata(file)) {
      // Unlike the report dialog there is no later step to confirm in: ask for a safer form.
      await ctx.reply(ctx.t('answer-file-metadata'), { parse_mode: 'HTML' });
      return;
    }
  }
  const attachments = file ? await collectFiles(ctx, [{ ...file, keepsMetadata: false }]) : [];
  const messageId = await storeMessage(deps.db, deps.vault, { reportId: flow.reportId, kind: 'answer', officerId: null, body: text || null, attachments });
  ctx.session.flow = undefined;
  try {
    await deps.temporal.workflow.getHandle(workflowIdFor(flow.reportId)).signal(reporterRepliedSignal, { messageId });
  } catch (error) {
    // Stored all the same: the officer sees it in the case thread even if the notice is late.
    deps.logger.error({ reportId: flow.reportId, error: describeError(error) }, 'could not signal the answer');
  }
  await ctx.reply(ctx.t('answer-sent'), { reply_markup: menu([[ctx.t('answer-more'), 'answer', packId(flow.reportId)]]) });
});
