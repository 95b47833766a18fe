// The report dialog: a step machine whose draft lives in the encrypted session, so a restart never
// loses what someone typed. Each step says what it needs; input of the wrong kind gets a hint and
// the step again, never an error.
import { describeError } from '../../lib/logger.js';
import { randomUUID } from 'node:crypto';
import { Composer, type InlineKeyboard } from 'grammy';
import type { Message } from 'grammy/types';
import { createReport } from '../../db/repositories/reports.js';
import { hitRateLimit } from '../../db/repositories/sessions.js';
import { ANONYMITY_MODES, type AnonymityMode } from '../../db/schema.js';
import { CATEGORIES, UNITS, isCategory, isUnit } from '../../lib/catalog.js';
import { menuPattern, parseMenuData } from '../../lib/callback-data.js';
import { canStrip, sniffImageType, stripMetadata } from '../../lib/metadata.js';
import { escapeHtml } from '../../lib/telegram-text.js';
import { startReview } from '../../lib/temporal.js';
import { dueDates } from '../../workflows/policy.js';
import type { BotContext } from '../context.js';
import { menu, type Button } from '../keyboards.js';
import type { DraftFile, ReportDraft, ReportStep } from '../session.js';

export const reportFeature = new Composer<BotContext>();

export const LIMITS = {
  descriptionMin: 40,
  descriptionMax: 3500,
  shortTextMax: 1000,
  contactMin: 3,
  contactMax: 300,
} as const;

const STEP_ORDER: ReportStep[] = ['anonymity', 'contact', 'unit', 'category', 'description', 'when-where', 'people', 'evidence', 'review'];

/** Types people send as evidence; anything else (executables, archives of unknown kind) is refused. */
const ACCEPTED_DOCUMENTS = [
  /^image\//,
  /^video\//,
  /^audio\//,
  /^application\/pdf$/,
  /^text\/plain$/,
  /^application\/rtf$/,
  /^application\/msword$/,
  /^application\/vnd\.openxmlformats-officedocument\./,
  /^application\/vnd\.ms-(excel|powerpoint)$/,
  /^application\/vnd\.oasis\.opendocument\./,
  /^application\/zip$/,
];

const draftOf = (ctx: BotContext): ReportDraft | undefined => (ctx.session.flow?.kind === 'report' ? ctx.session.flow : undefined);

function nextStep(draft: ReportDraft): ReportStep {
  if (draft.editing) return 'review';
  const index = STEP_ORDER.indexOf(draft.step);
  const next = STEP_ORDER[index + 1] ?? 'review';
  return next === 'contact' && draft.anonymity !== 'named' ? 'unit' : next;
}

function stepNumber(draft: ReportDraft): { n: number; total: number } {
  const steps = STEP_ORDER.filter((s) => s !== 'review' && (s !== 'contact' || draft.anonymity === 'named'));
  return { n: Math.max(1, steps.indexOf(draft.step) + 1), total: steps.length };
}

function skipButton(ctx: BotContext, step: ReportStep): Button {
  return [ctx.t('report-skip'), 'rs', step];
}

/** Sends the prompt of the draft's current step. */
export async function showStep(ctx: BotContext, draft: ReportDraft): Promise<void> {
  const progress = draft.step === 'review' ? '' : `${ctx.t('report-progress', stepNumber(draft))}\n`;
  const send = (text: string, keyboard?: InlineKeyboard) =>
    ctx.reply(progress + text, { parse_mode: 'HTML', ...(keyboard ? { reply_markup: keyboard } : {}) });
  switch (draft.step) {
    case 'anonymity':
      await send(
        ctx.t('report-step-anonymity'),
        menu(ANONYMITY_MODES.map((mode) => [ctx.t(`anonymity-${mode}`), 'ra', mode])),
      );
      return;
    case 'contact':
      await send(ctx.t('report-step-contact'));
      return;
    case 'unit':
      await send(ctx.t('report-step-unit'), menu(UNITS.map((unit) => [ctx.t(`unit-${unit}`), 'ru', unit])));
      return;
    case 'category':
      await send(ctx.t('report-step-category'), menu(CATEGORIES.map((c) => [ctx.t(`category-${c}`), 'rc', c])));
      return;
    case 'description':
      await send(ctx.t('report-step-description', { min: LIMITS.descriptionMin }));
      return;
    case 'when-where':
      await send(ctx.t('report-step-when-where'), menu([skipButton(ctx, 'when-where')]));
      return;
    case 'people':
      await send(ctx.t('report-step-people'), menu([skipButton(ctx, 'people')]));
      return;
    case 'evidence':
      await send(
        ctx.t('report-step-evidence', { max: ctx.deps.config.limits.maxAttachments, mb: Math.floor(ctx.deps.config.limits.maxAttachmentBytes / 1048576) }),
        menu([[draft.files.length > 0 ? ctx.t('report-evidence-done') : ctx.t('report-evidence-none'), 're', 'done']]),
      );
      return;
    case 'review':
      await showReview(ctx, draft);
      return;
  }
}

function reviewText(ctx: BotContext, draft: ReportDraft): string {
  const none = ctx.t('report-review-none');
  const clip = (text: string | null | undefined, max = 700) =>
    text ? escapeHtml(text.length > max ? `${text.slice(0, max)}…` : text) : none;
  return ctx.t('report-review', {
    anonymity: ctx.t(`anonymity-${draft.anonymity ?? 'confidential'}`),
    contact: draft.anonymity === 'named' ? clip(draft.contact) : '—',
    unit: draft.unit ? ctx.t(`unit-${draft.unit}`) : none,
    category: draft.category ? ctx.t(`category-${draft.category}`) : none,
    description: clip(draft.description),
    whenWhere: clip(draft.whenWhere),
    people: clip(draft.people),
    files: draft.files.length,
  });
}

async function showReview(ctx: BotContext, draft: ReportDraft): Promise<void> {
  draft.step = 'review';
  draft.editing = false;
  await ctx.reply(reviewText(ctx, draft), {
    parse_mode: 'HTML',
    reply_markup: menu(
      [
        [ctx.t('report-submit'), 'rv', 'submit'],
        [ctx.t('report-edit'), 'rv', 'edit'],
        [ctx.t('report-discard'), 'rv', 'discard'],
      ],
      1,
    ),
  });
}

async function advance(ctx: BotContext, draft: ReportDraft): Promise<void> {
  draft.step = nextStep(draft);
  await showStep(ctx, draft);
}

/** Opens the dialog, or offers to continue the unfinished draft. */
export async function startReport(ctx: BotContext): Promise<void> {
  const existing = draftOf(ctx);
  if (existing) {
    await ctx.reply(ctx.t('report-resume-offer'), {
      reply_markup: menu([
        [ctx.t('report-resume'), 'rd', 'resume'],
        [ctx.t('report-restart'), 'rd', 'restart'],
      ]),
    });
    return;
  }
  await beginDraft(ctx);
}

async function beginDraft(ctx: BotContext): Promise<void> {
  const draft: ReportDraft = { kind: 'report', id: randomUUID(), step: 'anonymity', editing: false, files: [], startedAt: Date.now() };
  ctx.session.flow = draft;
  await ctx.reply(ctx.t('report-intro', { days: 15 }), { parse_mode: 'HTML' });
  await showStep(ctx, draft);
}

export async function askDiscardDraft(ctx: BotContext, draft: ReportDraft): Promise<void> {
  draft.confirmingCancel = true;
  await ctx.reply(ctx.t('report-discard-confirm'), {
    reply_markup: menu([
      [ctx.t('report-discard-yes'), 'rx', 'yes'],
      [ctx.t('report-discard-no'), 'rx', 'no'],
    ], 2),
  });
}

reportFeature.command('report', startReport);

/** Callback helper: the draft must exist and be at one of `steps`, else the button is stale. */
function onDraftButton(feature: string, steps: ReportStep[] | 'any', handler: (ctx: BotContext, draft: ReportDraft, value: string) => Promise<void>) {
  reportFeature.callbackQuery(menuPattern(feature), async (ctx) => {
    const value = parseMenuData(ctx.callbackQuery.data)?.value ?? '';
    const draft = draftOf(ctx);
    if (!draft) {
      const last = ctx.session.lastSubmission;
      await ctx.answerCallbackQuery({
        text: last ? ctx.t('report-already-submitted-alert', { code: last }) : ctx.t('report-no-draft'),
        show_alert: true,
      });
      return;
    }
    if (steps !== 'any' && !steps.includes(draft.step)) {
      await ctx.answerCallbackQuery({ text: ctx.t('report-stale-button') });
      await showStep(ctx, draft);
      return;
    }
    await ctx.answerCallbackQuery();
    await handler(ctx, draft, value);
  });
}

reportFeature.callbackQuery(menuPattern('rd'), async (ctx) => {
  const value = parseMenuData(ctx.callbackQuery.data)?.value;
  await ctx.answerCallbackQuery();
  const draft = draftOf(ctx);
  if (value === 'resume' && draft) return showStep(ctx, draft);
  return beginDraft(ctx);
});

onDraftButton('ra', ['anonymity'], async (ctx, draft, value) => {
  if (!(ANONYMITY_MODES as readonly string[]).includes(value)) return showStep(ctx, draft);
  draft.anonymity = value as AnonymityMode;
  if (draft.anonymity !== 'named') delete draft.contact;
  else if (draft.editing) {
    // Switching to named mode needs a contact before returning to the summary.
    draft.step = 'contact';
    return showStep(ctx, draft);
  }
  await ctx.reply(ctx.t(`anonymity-${draft.anonymity}-chosen`), { parse_mode: 'HTML' });
  await advance(ctx, draft);
});

onDraftButton('ru', ['unit'], async (ctx, draft, value) => {
  if (!isUnit(value)) return showStep(ctx, draft);
  draft.unit = value;
  await advance(ctx, draft);
});

onDraftButton('rc', ['category'], async (ctx, draft, value) => {
  if (!isCategory(value)) return showStep(ctx, draft);
  draft.category = value;
  await advance(ctx, draft);
});

onDraftButton('rs', ['when-where', 'people'], async (ctx, draft, value) => {
  if (value !== draft.step) return showStep(ctx, draft);
  if (draft.step === 'when-where') draft.whenWhere = null;
  else draft.people = null;
  await advance(ctx, draft);
});

onDraftButton('re', ['evidence'], async (ctx, draft) => {
  if (draft.pendingFile) {
    await ctx.reply(ctx.t('report-file-decide-first'));
    return;
  }
  await advance(ctx, draft);
});

onDraftButton('rk', ['evidence'], async (ctx, draft, value) => {
  const file = draft.pendingFile;
  delete draft.pendingFile;
  if (!file) return showStep(ctx, draft);
  if (value === 'keep') {
    draft.files.push(file);
    await ctx.reply(ctx.t('report-file-added', { n: draft.files.length, max: ctx.deps.config.limits.maxAttachments }));
  } else {
    await ctx.reply(ctx.t('report-file-dropped'));
  }
  await showStep(ctx, draft);
});

onDraftButton('rx', 'any', async (ctx, draft, value) => {
  if (!draft.confirmingCancel) return showStep(ctx, draft);
  draft.confirmingCancel = false;
  if (value === 'yes') {
    ctx.session.flow = undefined;
    await ctx.reply(ctx.t('report-discarded'));
    return;
  }
  await ctx.reply(ctx.t('report-continuing'));
  await showStep(ctx, draft);
});

onDraftButton('rv', ['review'], async (ctx, draft, value) => {
  if (value === 'submit') return submit(ctx, draft);
  if (value === 'discard') return askDiscardDraft(ctx, draft);
  const steps = STEP_ORDER.filter((s) => s !== 'review' && (s !== 'contact' || draft.anonymity === 'named'));
  await ctx.reply(ctx.t('report-edit-which'), {
    reply_markup: menu(steps.map((s) => [ctx.t(`report-edit-${s}`), 'rw', s]), 2),
  });
});

onDraftButton('rw', ['review'], async (ctx, draft, value) => {
  const step = STEP_ORDER.find((s) => s === value && s !== 'review');
  if (!step) return showStep(ctx, draft);
  draft.step = step;
  draft.editing = true;
  if (step === 'evidence') draft.editing = false;
  await showStep(ctx, draft);
});

// Text at each step.
reportFeature.on('message:text', async (ctx, next) => {
  const draft = draftOf(ctx);
  if (!draft || ctx.message.text.startsWith('/')) return next();
  const text = ctx.message.text.trim();
  if (draft.confirmingCancel) {
    await ctx.reply(ctx.t('report-use-buttons'));
    return;
  }
  switch (draft.step) {
    case 'contact':
      if (text.length < LIMITS.contactMin || text.length > LIMITS.contactMax) {
        await ctx.reply(ctx.t('report-contact-invalid', { max: LIMITS.contactMax }));
        return;
      }
      draft.contact = text;
      return advance(ctx, draft);
    case 'description':
      if (text.length < LIMITS.descriptionMin) {
        await ctx.reply(ctx.t('report-description-short', { min: LIMITS.descriptionMin, length: text.length }), { parse_mode: 'HTML' });
        return;
      }
      if (text.length > LIMITS.descriptionMax) {
        await ctx.reply(ctx.t('report-text-long', { max: LIMITS.descriptionMax, length: text.length }));
        return;
      }
      draft.description = text;
      return advance(ctx, draft);
    case 'when-where':
    case 'people':
      if (text.length > LIMITS.shortTextMax) {
        await ctx.reply(ctx.t('report-text-long', { max: LIMITS.shortTextMax, length: text.length }));
        return;
      }
      if (draft.step === 'when-where') draft.whenWhere = text;
      else draft.people = text;
      return advance(ctx, draft);
    case 'evidence':
      await ctx.reply(ctx.t('report-evidence-text-hint'));
      return;
    default:
      await ctx.reply(ctx.t('report-use-buttons'));
      return showStep(ctx, draft);
  }
});

/** What a message carries as a file, or null when it carries none. */
export function fileOf(message: Message): Omit<DraftFile, 'keepsMetadata'> | null {
  if (message.photo?.length) {
    const largest = message.photo.reduce((a, b) => ((b.file_size ?? b.width * b.height) > (a.file_size ?? a.width * a.height) ? b : a));
    return { fileId: largest.file_id, kind: 'photo', mimeType: 'image/jpeg', size: largest.file_size ?? 0, fileName: null };
  }
  if (message.document) {
    const d = message.document;
    return { fileId: d.file_id, kind: 'document', mimeType: d.mime_type ?? 'application/octet-stream', size: d.file_size ?? 0, fileName: d.file_name ?? null };
  }
  if (message.video) {
    const v = message.video;
    return { fileId: v.file_id, kind: 'video', mimeType: v.mime_type ?? 'video/mp4', size: v.file_size ?? 0, fileName: v.file_name ?? null };
  }
  if (message.voice) {
    const v = message.voice;
    return { fileId: v.file_id, kind: 'voice', mimeType: v.mime_type ?? 'audio/ogg', size: v.file_size ?? 0, fileName: null };
  }
  if (message.audio) {
    const a = message.audio;
    return { fileId: a.file_id, kind: 'audio', mimeType: a.mime_type ?? 'audio/mpeg', size: a.file_size ?? 0, fileName: a.file_name ?? null };
  }
  return null;
}

/** Checks a file against the limits; returns the reason it is refused, or null. */
export function refuseFile(ctx: BotContext, file: Omit<DraftFile, 'keepsMetadata'>, already: number): string | null {
  const { maxAttachments, maxAttachmentBytes } = ctx.deps.config.limits;
  if (already >= maxAttachments) return ctx.t('report-file-too-many', { max: maxAttachments });
  if (file.size > maxAttachmentBytes) return ctx.t('report-file-too-big', { mb: Math.floor(maxAttachmentBytes / 1048576) });
  if (file.kind === 'document' && !ACCEPTED_DOCUMENTS.some((pattern) => pattern.test(file.mimeType))) {
    return ctx.t('report-file-type', { type: escapeHtml(file.mimeType) });
  }
  return null;
}

/** Photos are re-encoded by Telegram and voice notes carry nothing of note; other files may. */
export const keepsMetadata = (file: Pick<DraftFile, 'kind' | 'mimeType'>) =>
  file.kind !== 'photo' && file.kind !== 'voice' && !canStrip(file.mimeType);

reportFeature.on(['message:photo', 'message:document', 'message:video', 'message:voice', 'message:audio'], async (ctx, next) => {
  const draft = draftOf(ctx);
  if (!draft) return next();
  if (draft.step !== 'evidence') {
    await ctx.reply(ctx.t('report-file-not-now'));
    return showStep(ctx, draft);
  }
  if (draft.pendingFile) {
    await ctx.reply(ctx.t('report-file-decide-first'));
    return;
  }
  const file = fileOf(ctx.message);
  if (!file) return next();
  const refusal = refuseFile(ctx, file, draft.files.length);
  if (refusal) {
    await ctx.reply(refusal, { parse_mode: 'HTML' });
    return;
  }
  const entry: DraftFile = { ...file, keepsMetadata: keepsMetadata(file) };
  if (entry.keepsMetadata) {
    draft.pendingFile = entry;
    await ctx.reply(ctx.t('report-file-metadata-warning'), {
      parse_mode: 'HTML',
      reply_markup: menu([
        [ctx.t('report-file-keep'), 'rk', 'keep'],
        [ctx.t('report-file-drop'), 'rk', 'drop'],
      ]),
    });
    return;
  }
  draft.files.push(entry);
  await ctx.reply(ctx.t('report-file-added', { n: draft.files.length, max: ctx.deps.config.limits.maxAttachments }), {
    reply_markup: menu([[ctx.t('report-evidence-done'), 're', 'done']]),
  });
});

// Stickers, locations, contacts, polls… anything else while a draft is open gets a hint.
reportFeature.on('message', async (ctx, next) => {
  const draft = draftOf(ctx);
  if (!draft || ctx.message.text?.startsWith('/')) return next();
  await ctx.reply(ctx.t(draft.step === 'evidence' ? 'report-evidence-unsupported' : 'report-wrong-kind'));
  await showStep(ctx, draft);
});

/** Downloads and cleans the draft's files; a file that cannot be fetched stops the submission. */
export async function collectFiles(ctx: BotContext, files: DraftFile[]) {
  const out = [];
  for (const file of files) {
    const raw = await ctx.deps.downloadFile(file.fileId, ctx.deps.config.limits.maxAttachmentBytes);
    const mimeType = file.kind === 'photo' ? (sniffImageType(raw) ?? file.mimeType) : file.mimeType;
    const cleaned = stripMetadata(raw, mimeType);
    out.push({ kind: file.kind, mimeType, fileName: file.fileName, data: cleaned.data, metadataStripped: cleaned.stripped || file.kind === 'voice' });
  }
  return out;
}

async function submit(ctx: BotContext, draft: ReportDraft): Promise<void> {
  const { deps } = ctx;
  if (!draft.anonymity || !draft.unit || !draft.category || !draft.description || (draft.anonymity === 'named' && !draft.contact)) {
    const missing = !draft.anonymity ? 'anonymity' : draft.anonymity === 'named' && !draft.contact ? 'contact' : !draft.unit ? 'unit' : !draft.category ? 'category' : 'description';
    draft.step = missing;
    draft.editing = true;
    await ctx.reply(ctx.t('report-incomplete'));
    return showStep(ctx, draft);
  }
  const limit = await hitRateLimit(deps.db, deps.vault, {
    subject: String(ctx.from!.id),
    purpose: 'reports',
    windowMs: 24 * 3600_000,
    limit: deps.config.limits.reportsPerDay,
  });
  if (!limit.allowed) {
    await ctx.reply(ctx.t('report-rate-limited', { hours: Math.max(1, Math.ceil(limit.retryAfterMs / 3600_000)) }));
    return;
  }
  await ctx.reply(ctx.t('report-submitting'));
  let files;
  try {
    files = await collectFiles(ctx, draft.files);
  } catch (error) {
    deps.logger.warn({ error: describeError(error) }, 'evidence download failed');
    await ctx.reply(ctx.t('report-files-unavailable'), {
      reply_markup: menu([[ctx.t('report-submit'), 'rv', 'submit'], [ctx.t('report-edit'), 'rv', 'edit']]),
    });
    return;
  }
  const receivedAt = new Date();
  const { reviewDueAt } = dueDates(deps.config.policy, receivedAt.getTime());
  const report = await createReport(deps.db, deps.vault, {
    submissionKey: draft.id,
    unit: draft.unit,
    category: draft.category,
    anonymity: draft.anonymity,
    description: draft.description,
    whenWhere: draft.whenWhere ?? null,
    people: draft.people ?? null,
    contact: draft.anonymity === 'named' ? (draft.contact ?? null) : null,
    reporterChatId: draft.anonymity === 'receipt_only' ? null : ctx.chat!.id,
    language: ctx.lang,
    receivedAt,
    reviewDueAt: new Date(reviewDueAt),
    attachments: files,
  });
  ctx.session.flow = undefined;
  // Receipt-only mode keeps no link between this chat and the case, not even in the session.
  if (draft.anonymity !== 'receipt_only') ctx.session.lastSubmission = report.caseCode;
  try {
    await startReview(deps.temporal, {
      reportId: report.id,
      unit: draft.unit,
      receivedAt: report.receivedAt,
      policy: deps.config.policy,
      taskQueue: deps.config.temporal.taskQueue,
      telegramTaskQueue: deps.config.temporal.telegramTaskQueue,
    });
  } catch (error) {
    // The report is committed; the reconciler starts its review when Temporal is back.
    deps.logger.error({ reportId: report.id, error: describeError(error) }, 'review start deferred to the reconciler');
  }
  if (!report.created) {
    await ctx.reply(ctx.t('report-already-submitted', { code: report.caseCode }), { parse_mode: 'HTML' });
    return;
  }
  await ctx.reply(ctx.t('report-submitted', { code: report.caseCode, date: report.reviewDueAt }), { parse_mode: 'HTML' });
  await ctx.reply(
    ctx.t(draft.anonymity === 'receipt_only' ? 'report-receipt-only' : 'report-receipt', { code: report.caseCode, receipt: report.receipt ?? '' }),
    { parse_mode: 'HTML' },
  );
}

