// The reports repository against a real Postgres: one transaction per submission, idempotent
// retries, what each anonymity mode keeps, ciphertexts bound to their rows, and case transitions
// with their audit rows.
import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeMessage } from '../../db/repositories/messages.js';
import {
  createReport,
  findByReceipt,
  isReporterOf,
  markWorkflowStarted,
  readAttachment,
  readReport,
  recordDecision,
  recordTransition,
  reporterChatId,
  reportsOfReporter,
  unstartedReports,
  type AttachmentKind,
} from '../../db/repositories/reports.js';
import { attachments, auditLog, reports } from '../../db/schema.js';
import { DecryptionError } from '../../lib/crypto.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { testVault } from '../helpers/keys.js';
import { auditRows, documentAttachment, holds, insertOfficer, photoAttachment, reportInput } from './fixtures.js';

const vault = testVault();
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});

afterAll(async () => {
  await t.drop();
});

const rawReport = async (id: string) => {
  const [row] = await t.db.select().from(reports).where(eq(reports.id, id));
  return row!;
};
const attachmentRows = (reportId: string) => t.db.select().from(attachments).where(eq(attachments.reportId, reportId));
const reportCount = async () => (await t.db.select({ n: sql<number>`count(*)::int` }).from(reports))[0]!.n;
const attachmentCount = async () => (await t.db.select({ n: sql<number>`count(*)::int` }).from(attachments))[0]!.n;
const auditCount = async () => (await t.db.select({ n: sql<number>`count(*)::int` }).from(auditLog))[0]!.n;

describe('createReport and reading a report back', () => {
  it('stores a report with two attachments and reads back the decrypted text and the evidence', async () => {
    const photoBytes = randomBytes(4096);
    const pdfBytes = randomBytes(1500);
    const input = reportInput({
      description: 'Начальник відділу вимагав 500 доларів за довідку',
      whenWhere: 'Київ, 3 березня, кабінет 12',
      people: 'Петренко О. І., начальник відділу',
      reporterChatId: 424242,
      attachments: [photoAttachment(photoBytes), documentAttachment('розписка.pdf', pdfBytes)],
    });

    const created = await createReport(t.db, vault, input);
    expect(created.created).toBe(true);
    expect(created.receipt).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    expect(created.caseCode).toMatch(/^AC-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

    const view = await readReport(t.db, vault, created.id);
    expect(view).toMatchObject({
      id: created.id,
      caseCode: created.caseCode,
      unit: 'police',
      category: 'bribery',
      anonymity: 'confidential',
      description: input.description,
      whenWhere: input.whenWhere,
      people: input.people,
      contact: null,
      language: 'uk',
      status: 'received',
      assigneeId: null,
    });
    expect(view!.attachments).toHaveLength(2);
    expect(view!.attachments.map((a) => [a.kind, a.mimeType, a.sizeBytes, a.metadataStripped]).sort()).toEqual(
      [
        ['document', 'application/pdf', 1500, false],
        ['photo', 'image/jpeg', 4096, true],
      ].sort(),
    );

    const byKind = new Map(view!.attachments.map((a) => [a.kind, a.id]));
    const photo = await readAttachment(t.db, vault, byKind.get('photo')!);
    const pdf = await readAttachment(t.db, vault, byKind.get('document')!);
    expect(photo?.data.equals(photoBytes)).toBe(true);
    expect(photo?.fileName).toBeNull();
    expect(pdf?.data.equals(pdfBytes)).toBe(true);
    expect(pdf?.fileName).toBe('розписка.pdf');
    expect(pdf?.reportId).toBe(created.id);

    const submitted = (await auditRows(t.db, 'report-submitted')).filter((r) => r.reportId === created.id);
    expect(submitted).toHaveLength(1);
    expect(submitted[0]?.details).toEqual({ anonymity: 'confidential', unit: 'police', attachments: 2 });
  });

  it('readReport and readAttachment return null for ids that do not exist', async () => {
    expect(await readReport(t.db, vault, '00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(await readAttachment(t.db, vault, '00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it('a retried submission returns the report the first one made and stores no second set of attachments', async () => {
    const input = reportInput({ attachments: [photoAttachment(), photoAttachment()] });
    const first = await createReport(t.db, vault, input);
    const second = await createReport(t.db, vault, { ...input, description: 'a different text on the retry' });

    expect(second).toEqual({ ...first, receipt: null, created: false });
    expect(await attachmentRows(first.id)).toHaveLength(2);
    expect((await readReport(t.db, vault, first.id))?.description).toBe(input.description);
    expect((await auditRows(t.db, 'report-submitted')).filter((r) => r.reportId === first.id)).toHaveLength(1);
  });

  it('three concurrent submissions of the same draft create exactly one report', async () => {
    const input = reportInput({ attachments: [photoAttachment()] });
    const before = await reportCount();
    const results = await Promise.all([createReport(t.db, vault, input), createReport(t.db, vault, input), createReport(t.db, vault, input)]);

    expect(await reportCount()).toBe(before + 1);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(new Set(results.map((r) => r.caseCode)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results.filter((r) => r.receipt !== null)).toHaveLength(1);
    expect(await attachmentRows(results[0]!.id)).toHaveLength(1);
    expect((await auditRows(t.db, 'report-submitted')).filter((r) => r.reportId === results[0]!.id)).toHaveLength(1);
  });
});

describe('what each anonymity mode keeps', () => {
  it('receipt-only mode keeps no link to the Telegram chat, even when the caller passes one', async () => {
    const chatId = 71_000_001;
    const created = await createReport(t.db, vault, reportInput({ anonymity: 'receipt_only', reporterChatId: chatId }));
    const row = await rawReport(created.id);
    expect(row.reporterHash).toBeNull();
    expect(row.reporterChatEnc).toBeNull();
    expect(await reporterChatId(t.db, vault, created.id)).toBeNull();
    expect(await reportsOfReporter(t.db, vault, chatId)).toEqual([]);
    expect(await isReporterOf(t.db, vault, created.id, chatId)).toBe(false);
  });

  it('confidential mode keeps the chat hashed and encrypted, and finds the report by chat id', async () => {
    const chatId = 71_000_002;
    const created = await createReport(t.db, vault, reportInput({ anonymity: 'confidential', reporterChatId: chatId }));
    const row = await rawReport(created.id);
    expect(row.reporterHash).toBeInstanceOf(Buffer);
    expect(row.reporterChatEnc).toBeInstanceOf(Buffer);
    expect(row.contactEnc).toBeNull();
    expect(await reporterChatId(t.db, vault, created.id)).toBe(chatId);
    expect((await reportsOfReporter(t.db, vault, chatId)).map((r) => r.id)).toEqual([created.id]);
    expect(await isReporterOf(t.db, vault, created.id, chatId)).toBe(true);
    expect(await isReporterOf(t.db, vault, created.id, chatId + 1)).toBe(false);
    expect(await reportsOfReporter(t.db, vault, chatId + 1)).toEqual([]);
  });

  it('a contact is kept only in named mode', async () => {
    const named = await createReport(t.db, vault, reportInput({ anonymity: 'named', contact: '+380501234567', reporterChatId: 71_000_003 }));
    const confidential = await createReport(t.db, vault, reportInput({ anonymity: 'confidential', contact: '+380507654321', reporterChatId: 71_000_003 }));
    expect((await readReport(t.db, vault, named.id))?.contact).toBe('+380501234567');
    expect((await rawReport(confidential.id)).contactEnc).toBeNull();
    expect((await reportsOfReporter(t.db, vault, 71_000_003)).map((r) => r.id).sort()).toEqual([named.id, confidential.id].sort());
  });

  it('findByReceipt opens the report with the right code and receipt only', async () => {
    const created = await createReport(t.db, vault, reportInput({ anonymity: 'receipt_only' }));
    const other = await createReport(t.db, vault, reportInput({ anonymity: 'receipt_only' }));
    expect(await findByReceipt(t.db, vault, created.caseCode, created.receipt!)).toBe(created.id);
    expect(await findByReceipt(t.db, vault, created.caseCode, other.receipt!)).toBeNull();
    expect(await findByReceipt(t.db, vault, created.caseCode, 'AAAA-AAAA-AAAA-AAAA-AAAA')).toBeNull();
    expect(await findByReceipt(t.db, vault, other.caseCode, created.receipt!)).toBeNull();
    expect(await findByReceipt(t.db, vault, 'AC-0000-0000', created.receipt!)).toBeNull();
  });
});

describe('ciphertexts at rest', () => {
  it('the encrypted columns hold none of the submitted text, chat id, file name or file bytes', async () => {
    const chatId = 918_273_645;
    const fileBytes = Buffer.concat([randomBytes(512), Buffer.from('EVIDENCE-MARKER-5521-PLAINTEXT'), randomBytes(512)]);
    const input = reportInput({
      anonymity: 'named',
      description: 'Хабар-у-відкритому-вигляді-не-зберігається-91827',
      whenWhere: 'Одеса, митниця, 14 травня',
      people: 'Коваленко В. В., митний інспектор',
      contact: 'whistle-contact@example.org',
      reporterChatId: chatId,
      attachments: [documentAttachment('накладна-секретна-7731.pdf', fileBytes)],
    });
    const created = await createReport(t.db, vault, input);

    const [row] = await t.db.execute<{
      description_enc: Buffer;
      when_where_enc: Buffer;
      people_enc: Buffer;
      contact_enc: Buffer;
      reporter_chat_enc: Buffer;
      reporter_hash: Buffer;
    }>(sql`select description_enc, when_where_enc, people_enc, contact_enc, reporter_chat_enc, reporter_hash from reports where id = ${created.id}`);
    const [file] = await t.db.execute<{ data_enc: Buffer; file_name_enc: Buffer }>(
      sql`select data_enc, file_name_enc from attachments where report_id = ${created.id}`,
    );
    expect(row).toBeDefined();
    expect(file).toBeDefined();
    const columns = {
      description_enc: row!.description_enc,
      when_where_enc: row!.when_where_enc,
      people_enc: row!.people_enc,
      contact_enc: row!.contact_enc,
      reporter_chat_enc: row!.reporter_chat_enc,
      reporter_hash: row!.reporter_hash,
      data_enc: file!.data_enc,
      file_name_enc: file!.file_name_enc,
    };
    const secrets: (string | Buffer)[] = [
      input.description,
      input.whenWhere!,
      input.people!,
      input.contact!,
      String(chatId),
      'накладна-секретна-7731',
      'EVIDENCE-MARKER-5521-PLAINTEXT',
      fileBytes,
      fileBytes.subarray(0, 64),
    ];
    for (const [name, value] of Object.entries(columns)) {
      expect(Buffer.isBuffer(value), name).toBe(true);
      for (const secret of secrets) expect(holds(value, secret), `${name} holds ${String(secret).slice(0, 30)}`).toBe(false);
    }
    // The values really are the submitted ones under the encryption.
    expect((await readReport(t.db, vault, created.id))?.description).toBe(input.description);
  });

  it('a ciphertext copied into another report fails to decrypt instead of showing that report', async () => {
    const a = await createReport(t.db, vault, reportInput({ description: 'Text of report A' }));
    const b = await createReport(t.db, vault, reportInput({ description: 'Text of report B' }));
    await t.db.execute(sql`update reports set description_enc = (select description_enc from reports where id = ${a.id}) where id = ${b.id}`);

    await expect(readReport(t.db, vault, b.id)).rejects.toBeInstanceOf(DecryptionError);
    expect((await readReport(t.db, vault, a.id))?.description).toBe('Text of report A');
  });

  it('a ciphertext moved to another field of the same report fails to decrypt', async () => {
    const created = await createReport(t.db, vault, reportInput({ description: 'The description', people: 'The people' }));
    await t.db.execute(sql`update reports set description_enc = people_enc where id = ${created.id}`);
    await expect(readReport(t.db, vault, created.id)).rejects.toBeInstanceOf(DecryptionError);
  });

  it('attachment bytes copied into another attachment row fail to decrypt', async () => {
    const created = await createReport(t.db, vault, reportInput({ attachments: [photoAttachment(), photoAttachment()] }));
    const [first, second] = await attachmentRows(created.id);
    await t.db.execute(sql`update attachments set data_enc = (select data_enc from attachments where id = ${first!.id}) where id = ${second!.id}`);
    await expect(readAttachment(t.db, vault, second!.id)).rejects.toBeInstanceOf(DecryptionError);
    expect((await readAttachment(t.db, vault, first!.id))?.data.length).toBe(3000);
  });
});

describe('transitions and decisions', () => {
  it('recordTransition moves the case and writes one audit row, and a repeat with the same key adds none', async () => {
    const officer = await insertOfficer(t.db);
    const created = await createReport(t.db, vault, reportInput());
    const extendedDueAt = new Date(Date.now() + 30 * 24 * 3600 * 1000);
    const transition = {
      reportId: created.id,
      status: 'awaiting_acceptance' as const,
      assigneeId: officer.id,
      escalationLevel: 1,
      extendedDueAt,
      action: 'assigned',
      actorOfficerId: null,
      details: { phase: 'awaiting_acceptance' },
      idempotencyKey: `wf-${created.id}/run-1/activity-7`,
    };
    await recordTransition(t.db, transition);
    await recordTransition(t.db, transition);

    const row = await rawReport(created.id);
    expect(row.status).toBe('awaiting_acceptance');
    expect(row.assigneeId).toBe(officer.id);
    expect(row.escalationLevel).toBe(1);
    expect(row.extendedDueAt?.getTime()).toBe(extendedDueAt.getTime());
    const audit = (await auditRows(t.db, 'assigned')).filter((r) => r.reportId === created.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorKind: 'system',
      actorOfficerId: null,
      idempotencyKey: transition.idempotencyKey,
      details: { phase: 'awaiting_acceptance' },
    });
  });

  it('a transition by an officer is audited with the officer as actor', async () => {
    const officer = await insertOfficer(t.db);
    const created = await createReport(t.db, vault, reportInput());
    await recordTransition(t.db, {
      reportId: created.id,
      status: 'in_review',
      assigneeId: officer.id,
      escalationLevel: 0,
      extendedDueAt: null,
      action: 'accepted',
      actorOfficerId: officer.id,
      details: {},
      idempotencyKey: `accept-${created.id}`,
    });
    const audit = (await auditRows(t.db, 'accepted')).filter((r) => r.reportId === created.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorKind: 'officer', actorOfficerId: officer.id });
  });

  it('recordDecision decides the case once: a retry changes nothing and adds no audit row', async () => {
    const officer = await insertOfficer(t.db);
    const created = await createReport(t.db, vault, reportInput());
    const summaryId = await storeMessage(t.db, vault, { reportId: created.id, kind: 'summary', officerId: officer.id, body: 'Передано до НАБУ' });
    const decision = { reportId: created.id, outcome: 'referred', referredTo: 'nabu', summaryId, decidedBy: officer.id };

    await recordDecision(t.db, decision);
    const first = await rawReport(created.id);
    await recordDecision(t.db, decision);
    await recordDecision(t.db, { ...decision, outcome: 'no_grounds', referredTo: null });
    const after = await rawReport(created.id);

    expect(first).toMatchObject({ status: 'decided', outcome: 'referred', referredTo: 'nabu', decisionSummaryId: summaryId, decidedBy: officer.id });
    expect(first.decidedAt).toBeInstanceOf(Date);
    expect(after.decidedAt?.getTime()).toBe(first.decidedAt?.getTime());
    expect(after).toMatchObject({ status: 'decided', outcome: 'referred', referredTo: 'nabu' });
    const audit = (await auditRows(t.db, 'decided')).filter((r) => r.reportId === created.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorKind: 'officer', actorOfficerId: officer.id, details: { outcome: 'referred', referredTo: 'nabu', summaryId } });
  });
});

describe('reports waiting for their workflow', () => {
  it('unstartedReports lists committed reports without a workflow, oldest first, until markWorkflowStarted', async () => {
    const first = await createReport(t.db, vault, reportInput());
    const second = await createReport(t.db, vault, reportInput());
    const cutoff = new Date(Date.now() + 60_000);

    const waiting = (await unstartedReports(t.db, cutoff, 1000)).map((r) => r.id);
    expect(waiting).toContain(first.id);
    expect(waiting).toContain(second.id);
    expect(waiting.indexOf(first.id)).toBeLessThan(waiting.indexOf(second.id));

    await markWorkflowStarted(t.db, [first.id]);
    const startedAt = (await rawReport(first.id)).workflowStartedAt;
    expect(startedAt).toBeInstanceOf(Date);
    const stillWaiting = (await unstartedReports(t.db, cutoff, 1000)).map((r) => r.id);
    expect(stillWaiting).not.toContain(first.id);
    expect(stillWaiting).toContain(second.id);

    // A second confirmation keeps the first time.
    await markWorkflowStarted(t.db, [first.id, second.id]);
    expect((await rawReport(first.id)).workflowStartedAt?.getTime()).toBe(startedAt?.getTime());
    expect((await unstartedReports(t.db, cutoff, 1000)).map((r) => r.id)).not.toContain(second.id);
    await markWorkflowStarted(t.db, []);
  });

  it('unstartedReports leaves out reports committed after the cutoff and honours the limit', async () => {
    const before = new Date(Date.now() - 60_000);
    const created = await createReport(t.db, vault, reportInput());
    expect((await unstartedReports(t.db, before, 1000)).map((r) => r.id)).not.toContain(created.id);
    await createReport(t.db, vault, reportInput());
    expect(await unstartedReports(t.db, new Date(Date.now() + 60_000), 1)).toHaveLength(1);
  });
});

describe('a submission that fails half-way', () => {
  it('leaves neither the report nor any attachment nor an audit row behind', async () => {
    const [reportsBefore, attachmentsBefore, auditBefore] = [await reportCount(), await attachmentCount(), await auditCount()];
    const input = reportInput({
      attachments: [photoAttachment(), { ...photoAttachment(), mimeType: null as unknown as string }],
    });
    await expect(createReport(t.db, vault, input)).rejects.toThrow();
    expect(await reportCount()).toBe(reportsBefore);
    expect(await attachmentCount()).toBe(attachmentsBefore);
    expect(await auditCount()).toBe(auditBefore);

    // The same draft can be submitted again once the evidence is fixed.
    const fixed = await createReport(t.db, vault, { ...input, attachments: [photoAttachment()] });
    expect(fixed.created).toBe(true);
    expect(await attachmentRows(fixed.id)).toHaveLength(1);
  });

  it('an attachment of a kind outside the schema is refused and nothing is left behind', async () => {
    const [reportsBefore, attachmentsBefore] = [await reportCount(), await attachmentCount()];
    const input = reportInput({
      attachments: [photoAttachment(), { ...photoAttachment(), kind: 'gif' as AttachmentKind }],
    });
    await expect(createReport(t.db, vault, input)).rejects.toThrow();
    expect(await reportCount()).toBe(reportsBefore);
    expect(await attachmentCount()).toBe(attachmentsBefore);
  });
});
