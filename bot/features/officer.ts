// The officers' side: joining by invite, "my queue", the case card and its buttons. Every press
// is checked against the database (who is this officer) and decided by the workflow (may they do
// this now); callback data only names what was pressed. Refusals are answered with a short alert
// and written to the audit log.
import { Composer, InlineKeyboard, InputFile } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { appendAudit } from '../../db/repositories/audit.js';
import { storeMessage, threadOf } from '../../db/repositories/messages.js';
import { officerById, redeemInvite, reviewersOf } from '../../db/repositories/officers.js';
import { caseCounts, readAttachments, readReport, reportFacts, type ReportFacts } from '../../db/repositories/reports.js';
import { reports, type Officer } from '../../db/schema.js';
import { caseCardText, caseKeyboard, finalDueAtOf, reportContentMessages, type CardState } from '../../lib/case-card.js';
import { CASE_PATTERN, caseData, menuData, menuPattern, packId, parseCaseData, parseMenuData, unpackId, type CaseButton } from '../../lib/callback-data.js';
import { INVITE_PREFIX } from '../../lib/invites.js';
import { escapeHtml } from '../../lib/telegram-text.js';
import { shortDate } from '../../lib/i18n.js';
import { checkAction, checkDecision, type Action } from '../../workflows/rules.js';
import {
  COMPETENT_BODIES,
  OUTCOMES,
  acceptUpdate,
  decideUpdate,
  declineUpdate,
  extendUpdate,
  reassignUpdate,
  requestInfoUpdate,
  type Actor,
  type CompetentBody,
  type Outcome,
  type Phase,
} from '../../workflows/messages.js';
import { runCaseUpdate, type ActionOutcome } from '../case-actions.js';
import type { BotContext } from '../context.js';
import type { OfficerFlow, OfficerPurpose } from '../session.js';

export const officerFeature = new Composer<BotContext>();

const QUEUE_PAGE_SIZE = 8;
const NOTE_MIN = 3;
const NOTE_MAX = 2000;

const actorOf = (officer: Officer): Actor => ({ officerId: officer.id, role: officer.role, unit: officer.unit });

function cardStateOf(ctx: BotContext, facts: ReportFacts): CardState {
  const phase: Phase = facts.status === 'received' ? 'unassigned' : facts.status;
  return {
    phase,
    assigneeId: facts.assigneeId,
    extended: facts.extendedDueAt !== null,
    finalDueAt: finalDueAtOf(facts, ctx.deps.config.policy),
  };
}

/** Who may look at a case at all: its assignee, or a lead (or admin) of its unit. */
function maySee(officer: Officer, facts: ReportFacts): boolean {
  if (facts.assigneeId === officer.id) return true;
  if (officer.role === 'admin') return true;
  return (officer.role === 'supervisor' || officer.role === 'head') && officer.unit === facts.unit;
}

async function cardOf(ctx: BotContext, officer: Officer, facts: ReportFacts, headline?: string) {
  const state = cardStateOf(ctx, facts);
  const assignee = facts.assigneeId ? await officerById(ctx.deps.db, facts.assigneeId) : null;
  // Counted, not read: the card needs no decrypted text.
  const counts = await caseCounts(ctx.deps.db, facts.id);
  const text = caseCardText(ctx.t, facts, state, {
    ...(headline ? { headline } : {}),
    assigneeName: assignee?.displayName ?? null,
    ...counts,
  });
  const keyboard = caseKeyboard(ctx.t, facts, actorOf(officer), state);
  if (counts.evidenceCount > 0) {
    keyboard.inline_keyboard.splice(keyboard.inline_keyboard.length - 1, 0, [
      { text: ctx.t('button-files', { n: counts.evidenceCount }), callback_data: caseData('files', facts.id) },
    ]);
  }
  return { text, keyboard };
}

/** Shows the card in place of the pressed message (or as a new message), buttons matching now. */
async function refreshCard(ctx: BotContext, officer: Officer, reportId: string, headline?: string) {
  const facts = await reportFacts(ctx.deps.db, reportId);
  if (!facts) return;
  const { text, keyboard } = await cardOf(ctx, officer, facts, headline);
  if (ctx.callbackQuery?.message) {
    try {
      await ctx.editMessageText(text, { parse_mode: 'HTML', reply_markup: keyboard });
      return;
    } catch {
      // Too old to edit, or identical: send the card anew below.
    }
  }
  await ctx.reply(text, { parse_mode: 'HTML', reply_markup: keyboard });
}

async function refuse(ctx: BotContext, reason: string, details: { reportId: string | null; action: string }) {
  await appendAudit(ctx.deps.db, {
    actorKind: ctx.officer ? 'officer' : 'unknown',
    actorOfficerId: ctx.officer?.id ?? null,
    reportId: details.reportId,
    action: 'button-refused',
    details: { action: details.action, reason },
  });
  const text = ctx.deps.i18n.has(ctx.lang, `rejection-${reason}`) ? ctx.t(`rejection-${reason}`) : ctx.t('rejection-generic');
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true });
  else await ctx.reply(text);
}

/** Runs an Update and tells the officer the real result, refreshing the card either way. */
async function applyOutcome(ctx: BotContext, officer: Officer, reportId: string, action: string, outcome: ActionOutcome) {
  if (!outcome.ok) {
    await refuse(ctx, outcome.reason, { reportId, action });
    if (outcome.reason !== 'not-confirmed') await refreshCard(ctx, officer, reportId);
    return false;
  }
  const text = ctx.t(`action-done-${action}`, { date: new Date(outcome.result.dueAt) });
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text });
  else await ctx.reply(text);
  await refreshCard(ctx, officer, reportId);
  return true;
}

/** A quick check against the database before asking for a reason or a summary. */
function precheck(ctx: BotContext, officer: Officer, facts: ReportFacts, action: Action): string | null {
  const state = cardStateOf(ctx, facts);
  return checkAction(action, actorOf(officer), { state, unit: facts.unit, now: Date.now(), finalDueAt: state.finalDueAt.getTime() });
}

// Joining: /start inv_<code> from the invite link.
officerFeature.command('start', async (ctx, next) => {
  const payload = ctx.match.trim();
  if (!payload.startsWith(INVITE_PREFIX)) return next();
  const result = await redeemInvite(ctx.deps.db, ctx.deps.vault, {
    code: payload.slice(INVITE_PREFIX.length),
    telegramUserId: ctx.from!.id,
    language: ctx.lang,
  });
  if (!result.ok) {
    await ctx.reply(ctx.t(`invite-${result.reason}`));
    return;
  }
  ctx.officer = result.officer;
  await ctx.reply(
    ctx.t('invite-welcome', {
      name: escapeHtml(result.officer.displayName),
      role: ctx.t(`role-${result.officer.role}`),
      unit: ctx.t(`unit-${result.officer.unit}`),
    }),
    { parse_mode: 'HTML' },
  );
  await ctx.api.setMyCommands(
    [
      { command: 'queue', description: ctx.t('command-queue') },
      { command: 'cancel', description: ctx.t('command-cancel') },
      { command: 'language', description: ctx.t('command-language') },
    ],
    { scope: { type: 'chat', chat_id: ctx.chat!.id } },
  );
});

async function showQueue(ctx: BotContext, page: number) {
  const officer = ctx.officer;
  if (!officer) {
    await ctx.reply(ctx.t('officer-only'));
    return;
  }
  const due = sql`coalesce(${reports.extendedDueAt}, ${reports.reviewDueAt})`;
  const scope =
    officer.role === 'reviewer'
      ? eq(reports.assigneeId, officer.id)
      : officer.role === 'admin'
        ? undefined
        : eq(reports.unit, officer.unit);
  const where = and(ne(reports.status, 'decided'), scope);
  const [total] = await ctx.deps.db
    .select({ n: sql<number>`count(*)::int`, overdue: sql<number>`count(*) filter (where now() > ${due})::int` })
    .from(reports)
    .where(where);
  const count = total?.n ?? 0;
  if (count === 0) {
    await ctx.reply(ctx.t('queue-empty'));
    return;
  }
  const pages = Math.ceil(count / QUEUE_PAGE_SIZE);
  const current = Math.min(Math.max(page, 0), pages - 1);
  const rows = await ctx.deps.db
    .select({ id: reports.id, caseCode: reports.caseCode, status: reports.status, dueAt: sql<Date>`${due}`.mapWith(reports.reviewDueAt) })
    .from(reports)
    .where(where)
    .orderBy(asc(due), asc(reports.caseCode))
    .limit(QUEUE_PAGE_SIZE)
    .offset(current * QUEUE_PAGE_SIZE);
  const keyboard = new InlineKeyboard();
  for (const row of rows) {
    const overdue = row.dueAt.getTime() < Date.now();
    const label = ctx.t('queue-item', {
      code: row.caseCode,
      date: shortDate(row.dueAt, ctx.lang),
      phase: ctx.t(`phase-short-${row.status === 'received' ? 'unassigned' : row.status}`),
      overdue: overdue ? 'yes' : 'no',
    });
    keyboard.text(label, caseData('open', row.id)).row();
  }
  if (pages > 1) {
    if (current > 0) keyboard.text(ctx.t('queue-prev'), menuData('qp', String(current - 1)));
    if (current < pages - 1) keyboard.text(ctx.t('queue-next'), menuData('qp', String(current + 1)));
  }
  const text = ctx.t('queue-title', { count, overdue: total?.overdue ?? 0, page: current + 1, pages });
  if (ctx.callbackQuery?.message && page !== -1) {
    try {
      await ctx.editMessageText(text, { parse_mode: 'HTML', reply_markup: keyboard });
      return;
    } catch {
      // fall through to a new message
    }
  }
  await ctx.reply(text, { parse_mode: 'HTML', reply_markup: keyboard });
}

officerFeature.command('queue', (ctx) => showQueue(ctx, -1));

officerFeature.callbackQuery(menuPattern('qp'), async (ctx) => {
  const page = Number(parseMenuData(ctx.callbackQuery.data)?.value);
  await ctx.answerCallbackQuery();
  await showQueue(ctx, Number.isSafeInteger(page) ? page : 0);
});

officerFeature.callbackQuery(menuPattern('mn'), async (ctx, next) => {
  if (parseMenuData(ctx.callbackQuery.data)?.value !== 'queue') return next();
  await ctx.answerCallbackQuery();
  await showQueue(ctx, -1);
});

async function askText(ctx: BotContext, flow: OfficerFlow, code: string) {
  ctx.session.flow = flow;
  await ctx.reply(ctx.t(`officer-ask-${flow.purpose}`, { code }), { parse_mode: 'HTML', reply_markup: { force_reply: true } });
}

async function openCase(ctx: BotContext, officer: Officer, facts: ReportFacts) {
  await ctx.answerCallbackQuery();
  const view = await readReport(ctx.deps.db, ctx.deps.vault, facts.id);
  if (view) {
    const thread = await threadOf(ctx.deps.db, ctx.deps.vault, facts.id);
    for (const text of reportContentMessages(ctx.t, { ...view, thread })) await ctx.reply(text, { parse_mode: 'HTML' });
  }
  const { text, keyboard } = await cardOf(ctx, officer, facts);
  await ctx.reply(text, { parse_mode: 'HTML', reply_markup: keyboard });
}

async function sendFiles(ctx: BotContext, facts: ReportFacts) {
  await ctx.answerCallbackQuery();
  const files = await readAttachments(ctx.deps.db, ctx.deps.vault, facts.id, null);
  for (const [index, file] of files.entries()) {
    const input = new InputFile(file.data, file.fileName);
    const caption = ctx.t('evidence-caption', { code: facts.caseCode, n: index + 1, total: files.length });
    if (file.kind === 'photo') await ctx.replyWithPhoto(input, { caption, protect_content: true });
    else await ctx.replyWithDocument(input, { caption, protect_content: true });
  }
}

function chooser(ctx: BotContext, reportId: string, action: 'outcome' | 'body', values: readonly string[], key: string): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      ...values.map((value) => [{ text: ctx.t(`${key}-${value}`), callback_data: caseData(action, reportId, value) }]),
      [{ text: ctx.t('button-back'), callback_data: caseData('open', reportId) }],
    ],
  };
}

officerFeature.callbackQuery(CASE_PATTERN, async (ctx) => {
  const button = parseCaseData(ctx.callbackQuery.data);
  if (!button) return refuse(ctx, 'forged', { reportId: null, action: 'unknown' });
  const officer = ctx.officer;
  if (!officer) return refuse(ctx, 'not-an-officer', { reportId: button.reportId, action: button.action });
  const facts = await reportFacts(ctx.deps.db, button.reportId);
  if (!facts) return refuse(ctx, 'forged', { reportId: button.reportId, action: button.action });
  if (!maySee(officer, facts)) return refuse(ctx, 'not-your-case', { reportId: facts.id, action: button.action });
  return handleCaseButton(ctx, officer, facts, button);
});

async function handleCaseButton(ctx: BotContext, officer: Officer, facts: ReportFacts, button: CaseButton) {
  const { temporal } = ctx.deps;
  const actor = actorOf(officer);
  const updateId = `tg-cb-${ctx.callbackQuery!.id}`;
  const need = async (action: Action) => {
    const reason = precheck(ctx, officer, facts, action);
    if (reason) {
      await refuse(ctx, reason, { reportId: facts.id, action });
      await refreshCard(ctx, officer, facts.id);
    }
    return reason === null;
  };
  switch (button.action) {
    case 'open':
      if (ctx.callbackQuery?.message && ctx.callbackQuery.message.text?.includes(facts.caseCode) && button.arg === undefined && ctx.session.flow?.kind !== 'officer') {
        await ctx.answerCallbackQuery();
        return refreshCard(ctx, officer, facts.id);
      }
      if (ctx.session.flow?.kind === 'officer') ctx.session.flow = undefined;
      return openCase(ctx, officer, facts);
    case 'files':
      return sendFiles(ctx, facts);
    case 'accept':
      return applyOutcome(ctx, officer, facts.id, 'accept', await runCaseUpdate(temporal, facts.id, acceptUpdate, [{ actor }], updateId));
    case 'decline':
    case 'extend':
    case 'requestInfo': {
      if (!(await need(button.action))) return;
      await ctx.answerCallbackQuery();
      const purpose: OfficerPurpose = button.action === 'requestInfo' ? 'question' : button.action;
      return askText(ctx, { kind: 'officer', purpose, reportId: facts.id }, facts.caseCode);
    }
    case 'decide':
      if (!(await need('decide'))) return;
      await ctx.answerCallbackQuery();
      ctx.session.flow = { kind: 'officer', purpose: 'summary', reportId: facts.id };
      await ctx.reply(ctx.t('officer-choose-outcome', { code: facts.caseCode }), { parse_mode: 'HTML', reply_markup: chooser(ctx, facts.id, 'outcome', OUTCOMES, 'outcome') });
      return;
    case 'outcome': {
      const outcome = OUTCOMES.find((o) => o === button.arg);
      const flow = ctx.session.flow;
      if (!outcome || flow?.kind !== 'officer' || flow.reportId !== facts.id) return refuse(ctx, 'stale', { reportId: facts.id, action: 'outcome' });
      if (!(await need('decide'))) return;
      await ctx.answerCallbackQuery();
      flow.outcome = outcome;
      delete flow.referredTo;
      delete flow.summary;
      if (outcome === 'referred') {
        await ctx.reply(ctx.t('officer-choose-body'), { reply_markup: chooser(ctx, facts.id, 'body', COMPETENT_BODIES, 'body') });
        return;
      }
      return askText(ctx, flow, facts.caseCode);
    }
    case 'body': {
      const body = COMPETENT_BODIES.find((b) => b === button.arg);
      const flow = ctx.session.flow;
      if (!body || flow?.kind !== 'officer' || flow.reportId !== facts.id || flow.outcome !== 'referred') {
        return refuse(ctx, 'stale', { reportId: facts.id, action: 'body' });
      }
      await ctx.answerCallbackQuery();
      flow.referredTo = body;
      return askText(ctx, flow, facts.caseCode);
    }
    case 'confirm': {
      const flow = ctx.session.flow;
      if (flow?.kind !== 'officer' || flow.purpose !== 'summary' || flow.reportId !== facts.id || !flow.outcome || !flow.summary) {
        return refuse(ctx, 'stale', { reportId: facts.id, action: 'decide' });
      }
      const decision = { outcome: flow.outcome as Outcome, ...(flow.referredTo ? { referredTo: flow.referredTo as CompetentBody } : {}) };
      const invalid = checkDecision({ ...decision, summaryId: 'pending' });
      if (invalid) return refuse(ctx, invalid, { reportId: facts.id, action: 'decide' });
      const summaryId = await storeMessage(ctx.deps.db, ctx.deps.vault, { reportId: facts.id, kind: 'summary', officerId: officer.id, body: flow.summary });
      ctx.session.flow = undefined;
      return applyOutcome(ctx, officer, facts.id, 'decide', await runCaseUpdate(temporal, facts.id, decideUpdate, [{ actor, ...decision, summaryId }], updateId));
    }
    case 'reassign': {
      if (!(await need('reassign'))) return;
      await ctx.answerCallbackQuery();
      const reviewers = await reviewersOf(ctx.deps.db, facts.unit, facts.assigneeId);
      await ctx.reply(ctx.t('officer-choose-reviewer', { code: facts.caseCode }), {
        parse_mode: 'HTML',
        reply_markup: {
          inline_keyboard: [
            [{ text: ctx.t('reassign-auto'), callback_data: caseData('reassignTo', facts.id, 'auto') }],
            ...reviewers.slice(0, 20).map((r) => [
              { text: ctx.t('reassign-to', { name: r.displayName, open: r.open }), callback_data: caseData('reassignTo', facts.id, packId(r.id)) },
            ]),
            [{ text: ctx.t('button-back'), callback_data: caseData('open', facts.id) }],
          ],
        },
      });
      return;
    }
    case 'reassignTo': {
      const target = button.arg === 'auto' ? undefined : unpackId(button.arg ?? '');
      if (target === null) return refuse(ctx, 'forged', { reportId: facts.id, action: 'reassign' });
      const args = target ? { actor, toOfficerId: target } : { actor };
      return applyOutcome(ctx, officer, facts.id, 'reassign', await runCaseUpdate(temporal, facts.id, reassignUpdate, [args], updateId));
    }
  }
}

// Reasons, questions and summaries typed after a button press.
officerFeature.on('message', async (ctx, next) => {
  const flow = ctx.session.flow;
  if (flow?.kind !== 'officer' || ctx.message.text?.startsWith('/')) return next();
  const officer = ctx.officer;
  if (!officer) {
    ctx.session.flow = undefined;
    return next();
  }
  const text = ctx.message.text?.trim();
  if (!text) {
    await ctx.reply(ctx.t('officer-text-only'));
    return;
  }
  if (text.length < NOTE_MIN || text.length > NOTE_MAX) {
    await ctx.reply(ctx.t('officer-text-length', { min: NOTE_MIN, max: NOTE_MAX }));
    return;
  }
  const facts = await reportFacts(ctx.deps.db, flow.reportId);
  if (!facts) {
    ctx.session.flow = undefined;
    return;
  }
  const actor = actorOf(officer);
  const updateId = `tg-msg-${ctx.chat.id}-${ctx.message.message_id}`;
  const { db, vault, temporal } = ctx.deps;
  switch (flow.purpose) {
    case 'summary': {
      if (!flow.outcome) {
        await ctx.reply(ctx.t('officer-choose-outcome', { code: facts.caseCode }), { parse_mode: 'HTML', reply_markup: chooser(ctx, facts.id, 'outcome', OUTCOMES, 'outcome') });
        return;
      }
      flow.summary = text;
      await ctx.reply(
        ctx.t('officer-confirm-decision', {
          code: facts.caseCode,
          outcome: ctx.t(`outcome-${flow.outcome}`),
          body: flow.referredTo ? ctx.t(`body-${flow.referredTo}`) : '—',
          summary: escapeHtml(text),
        }),
        {
          parse_mode: 'HTML',
          reply_markup: {
            inline_keyboard: [
              [{ text: ctx.t('button-confirm-decision'), callback_data: caseData('confirm', facts.id) }],
              [{ text: ctx.t('button-back'), callback_data: caseData('open', facts.id) }],
            ],
          },
        },
      );
      return;
    }
    case 'decline':
    case 'extend': {
      const reasonNoteId = await storeMessage(db, vault, { reportId: facts.id, kind: 'note', officerId: officer.id, body: text });
      ctx.session.flow = undefined;
      const update = flow.purpose === 'decline' ? declineUpdate : extendUpdate;
      await applyOutcome(ctx, officer, facts.id, flow.purpose, await runCaseUpdate(temporal, facts.id, update, [{ actor, reasonNoteId }], updateId));
      return;
    }
    case 'question': {
      const questionId = await storeMessage(db, vault, { reportId: facts.id, kind: 'question', officerId: officer.id, body: text });
      ctx.session.flow = undefined;
      await applyOutcome(ctx, officer, facts.id, 'requestInfo', await runCaseUpdate(temporal, facts.id, requestInfoUpdate, [{ actor, questionId }], updateId));
      return;
    }
  }
});

