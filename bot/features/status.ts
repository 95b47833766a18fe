// "Where is my report?": by case code and secret receipt from any account, or as a list of the
// reports filed from this chat in named and confidential modes.
import { Composer } from 'grammy';
import { findByReceipt, isReporterOf, reportFacts, reportsOfReporter } from '../../db/repositories/reports.js';
import { hitRateLimit } from '../../db/repositories/sessions.js';
import { threadOf } from '../../db/repositories/messages.js';
import { menuPattern, packId, parseMenuData, unpackId } from '../../lib/callback-data.js';
import { parseCaseCode, parseReceipt } from '../../lib/ids.js';
import { escapeHtml } from '../../lib/telegram-text.js';
import { finalDueAtOf } from '../../lib/case-card.js';
import type { BotContext } from '../context.js';
import { menu } from '../keyboards.js';

export const statusFeature = new Composer<BotContext>();

/** How long a chat may act on a report opened with its receipt. */
export const RECEIPT_ACCESS_MS = 30 * 60_000;
const RECEIPT_ATTEMPTS_PER_HOUR = 10;

export async function startStatusCheck(ctx: BotContext): Promise<void> {
  ctx.session.flow = { kind: 'status', step: 'code' };
  await ctx.reply(ctx.t('status-ask-code'), { parse_mode: 'HTML' });
}

export async function showMyReports(ctx: BotContext): Promise<void> {
  const rows = await reportsOfReporter(ctx.deps.db, ctx.deps.vault, ctx.chat!.id);
  if (rows.length === 0) {
    await ctx.reply(ctx.t('my-reports-empty'), { reply_markup: menu([[ctx.t('menu-status'), 'mn', 'status']]) });
    return;
  }
  const lines = rows.map((r) =>
    ctx.t('my-reports-line', {
      code: r.caseCode,
      status: ctx.t(`reporter-phase-${r.status}`),
      date: r.outcome ? r.receivedAt : (r.extendedDueAt ?? r.reviewDueAt),
      decided: r.outcome ? 'yes' : 'no',
    }),
  );
  await ctx.reply(`${ctx.t('my-reports-title', { count: rows.length })}\n\n${lines.join('\n')}`, {
    parse_mode: 'HTML',
    reply_markup: menu(rows.slice(0, 20).map((r) => [r.caseCode, 'st', packId(r.id)]), 2),
  });
}

/** Whether this chat may see and answer for a report: it filed it, or opened it with the receipt. */
export async function mayActFor(ctx: BotContext, reportId: string): Promise<boolean> {
  const now = Date.now();
  ctx.session.receipts = (ctx.session.receipts ?? []).filter((r) => r.until > now);
  if (ctx.session.receipts.length === 0) delete ctx.session.receipts;
  if (ctx.session.receipts?.some((r) => r.reportId === reportId)) return true;
  return isReporterOf(ctx.deps.db, ctx.deps.vault, reportId, ctx.chat!.id);
}

/** The whistleblower's view of a case: phase, due date, outcome, open questions. */
export async function showReporterStatus(ctx: BotContext, reportId: string): Promise<void> {
  const { db, vault } = ctx.deps;
  const facts = await reportFacts(db, reportId);
  if (!facts) {
    await ctx.reply(ctx.t('status-not-found'));
    return;
  }
  const finalDueAt = finalDueAtOf(facts, ctx.deps.config.policy);
  const lines = [
    ctx.t('status-title', { code: facts.caseCode }),
    ctx.t('status-received', { date: facts.receivedAt }),
    ctx.t(`reporter-phase-${facts.status}`),
  ];
  if (facts.status === 'decided') {
    lines.push(ctx.t('status-outcome', { outcome: ctx.t(`outcome-${facts.outcome ?? 'no_grounds'}`) }));
    if (facts.referredTo) lines.push(ctx.t('notice-reporter-referred', { body: ctx.t(`body-${facts.referredTo}`) }));
    const summary = facts.decisionSummaryId ? (await threadOf(db, vault, reportId, ['summary']))[0]?.body : null;
    if (summary) lines.push('', escapeHtml(summary));
  } else {
    lines.push(ctx.t('status-due', { date: facts.extendedDueAt ?? facts.reviewDueAt }));
    if (!facts.extendedDueAt) lines.push(ctx.t('status-may-extend', { date: finalDueAt }));
  }
  const thread = await threadOf(db, vault, reportId);
  const lastQuestion = [...thread].reverse().find((m) => m.kind === 'question');
  const answered = lastQuestion ? thread.some((m) => m.kind === 'answer' && m.createdAt > lastQuestion.createdAt) : true;
  if (lastQuestion && facts.status !== 'decided') {
    lines.push('', ctx.t(answered ? 'status-question-answered' : 'status-question-open', { question: escapeHtml(lastQuestion.body ?? '') }));
  }
  await ctx.reply(lines.join('\n'), {
    parse_mode: 'HTML',
    ...(lastQuestion && facts.status !== 'decided' ? { reply_markup: menu([[ctx.t('button-answer'), 'answer', packId(reportId)]]) } : {}),
  });
}

statusFeature.command('status', async (ctx) => {
  const args = ctx.match.trim().split(/\s+/).filter(Boolean);
  if (args.length === 0) return startStatusCheck(ctx);
  // "/status AC-XXXX-XXXX RECEIPT…" in one message works too.
  const code = parseCaseCode(args[0]!);
  if (!code) return startStatusCheck(ctx);
  ctx.session.flow = { kind: 'status', step: 'receipt', caseCode: code };
  if (args.length > 1) return checkReceipt(ctx, code, args.slice(1).join(''));
  await ctx.reply(ctx.t('status-ask-receipt'), { parse_mode: 'HTML' });
});

statusFeature.command(['my', 'myreports'], showMyReports);

statusFeature.callbackQuery(menuPattern('st'), async (ctx) => {
  const reportId = unpackId(parseMenuData(ctx.callbackQuery.data)?.value ?? '');
  if (!reportId || !(await mayActFor(ctx, reportId))) {
    await ctx.answerCallbackQuery({ text: ctx.t('status-not-yours'), show_alert: true });
    return;
  }
  await ctx.answerCallbackQuery();
  await showReporterStatus(ctx, reportId);
});

async function checkReceipt(ctx: BotContext, caseCode: string, input: string): Promise<void> {
  const { db, vault } = ctx.deps;
  const attempts = await hitRateLimit(db, vault, { subject: String(ctx.from!.id), purpose: 'receipt', windowMs: 3600_000, limit: RECEIPT_ATTEMPTS_PER_HOUR });
  if (!attempts.allowed) {
    ctx.session.flow = undefined;
    await ctx.reply(ctx.t('status-too-many-attempts', { minutes: Math.ceil(attempts.retryAfterMs / 60_000) }));
    return;
  }
  const receipt = parseReceipt(input);
  const reportId = receipt ? await findByReceipt(db, vault, caseCode, receipt) : null;
  if (!reportId) {
    ctx.session.flow = undefined;
    await ctx.reply(ctx.t('status-not-recognised'), { reply_markup: menu([[ctx.t('status-try-again'), 'mn', 'status']]) });
    return;
  }
  ctx.session.flow = undefined;
  ctx.session.receipts = [...(ctx.session.receipts ?? []).filter((r) => r.reportId !== reportId), { reportId, until: Date.now() + RECEIPT_ACCESS_MS }];
  await showReporterStatus(ctx, reportId);
}

statusFeature.on('message', async (ctx, next) => {
  const flow = ctx.session.flow;
  if (flow?.kind !== 'status' || ctx.message.text?.startsWith('/')) return next();
  const text = ctx.message.text?.trim();
  if (!text) {
    await ctx.reply(ctx.t(flow.step === 'code' ? 'status-ask-code' : 'status-ask-receipt'), { parse_mode: 'HTML' });
    return;
  }
  if (flow.step === 'code') {
    const code = parseCaseCode(text);
    if (!code) {
      await ctx.reply(ctx.t('status-code-invalid'), { parse_mode: 'HTML' });
      return;
    }
    ctx.session.flow = { kind: 'status', step: 'receipt', caseCode: code };
    await ctx.reply(ctx.t('status-ask-receipt'), { parse_mode: 'HTML' });
    return;
  }
  await checkReceipt(ctx, flow.caseCode!, text);
});
