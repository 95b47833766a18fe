// The real Temporal dev server with a clock of seconds: a report walks by itself from submission
// through reminders, the automatic extension and the overdue escalation, and a decision closes it.
// Also the reconciler and the dev server's own timers.
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createReport } from '../../db/repositories/reports.js';
import { reports } from '../../db/schema.js';
import { EncryptionCodec } from '../../lib/payload-codec.js';
import { dataConverter, startReview } from '../../lib/temporal.js';
import { RECONCILE_SCHEDULE_ID, ensureReconcileSchedule } from '../../worker/workers.js';
import { decideUpdate, statusQuery, workflowIdFor, type ReportReviewInput } from '../../workflows/messages.js';
import { dueDates } from '../../workflows/policy.js';
import { AnticorEscalation, AnticorStatus } from '../../workflows/search-attributes.js';
import { buttons } from '../fake-telegram/client.js';
import { has, text } from '../helpers/dialog.js';
import { startStack, type Stack } from '../helpers/stack.js';

let stack: Stack;

// Review due after 8 s, extended due after 16 s: reminders 3 s before each, one second of grace,
// overdue escalations every 3 s. The acceptance window is long, so acceptance is left alone.
const SECONDS_POLICY = {
  POLICY_REVIEW_DUE: 'PT8S',
  POLICY_EXTENDED_DUE: 'PT16S',
  POLICY_ACCEPT_WITHIN: 'PT7S',
  POLICY_REMIND_BEFORE: 'PT3S',
  POLICY_GRACE_AFTER_REVIEW_DUE: 'PT1S',
  POLICY_OVERDUE_REPEAT: 'PT3S',
};

beforeAll(async () => {
  stack = await startStack({ env: SECONDS_POLICY });
});
afterAll(async () => {
  await stack?.close();
});

async function submit(unit: string, chatId: number | null) {
  const receivedAt = new Date();
  return createReport(stack.database.db, stack.vault, {
    submissionKey: `clock-${receivedAt.getTime()}-${Math.random()}`,
    unit,
    category: 'bribery',
    anonymity: chatId ? 'confidential' : 'receipt_only',
    description: 'Someone at the border post took money to let a truck through without inspection.',
    reporterChatId: chatId,
    language: 'en',
    receivedAt,
    reviewDueAt: new Date(dueDates(stack.config.policy, receivedAt.getTime()).reviewDueAt),
    attachments: [],
  });
}

describe('a report on the real dev server with a clock of seconds', () => {
  it('runs from submission to reminders, automatic extension, overdue escalation to the head, and a decision', async () => {
    const { user: officer, officer: officerRow } = await stack.officer('reviewer', 'border', 400_001, 'en');
    const { user: supervisor } = await stack.officer('supervisor', 'border', 400_002, 'en');
    const { user: head, officer: headRow } = await stack.officer('head', 'border', 400_003, 'en');
    const whistleblower = await stack.user(400_004, 'en');
    await whistleblower.send('/start');
    await whistleblower.nextMessage();
    const report = await submit('border', whistleblower.id);
    await startReview(stack.temporal, {
      reportId: report.id,
      unit: 'border',
      receivedAt: report.receivedAt,
      policy: stack.config.policy,
      taskQueue: stack.config.temporal.taskQueue,
      telegramTaskQueue: stack.config.temporal.telegramTaskQueue,
    });
    const card = await officer.nextMessage((m) => text(m).includes(report.caseCode) && buttons(m).length > 0, 15_000);
    await officer.press('✅ Accept', { messageId: card.message_id });

    await officer.nextMessage(has(`Reminder: case ${report.caseCode}`), 15_000);
    await officer.nextMessage(has(`The review period of case ${report.caseCode} ends today`), 15_000);
    await whistleblower.nextMessage(has('has been extended'), 15_000);
    await supervisor.nextMessage(has(`Case ${report.caseCode} passed its review period without a decision`), 15_000);
    await head.nextMessage(has(`Case ${report.caseCode} is overdue`), 20_000);
    await head.nextMessage(has(`Case ${report.caseCode} is still overdue`), 15_000);

    const handle = stack.temporal.workflow.getHandle(workflowIdFor(report.id));
    expect(await handle.query(statusQuery)).toMatchObject({ phase: 'overdue', escalationLevel: 2, assigneeId: officerRow.id });
    const described = await handle.describe();
    expect(described.typedSearchAttributes.get(AnticorStatus)).toBe('overdue');
    expect(described.typedSearchAttributes.get(AnticorEscalation)).toBe(2);
    // Filterable in the Temporal UI as an admin would: overdue cases of the unit.
    const found: string[] = [];
    for await (const wf of stack.temporal.workflow.list({ query: `AnticorStatus = 'overdue' AND AnticorUnit = 'border'` })) found.push(wf.workflowId);
    expect(found).toContain(workflowIdFor(report.id));

    const { storeMessage } = await import('../../db/repositories/messages.js');
    const summaryId = await storeMessage(stack.database.db, stack.vault, { reportId: report.id, kind: 'summary', officerId: headRow.id, body: 'The driver and the officer were identified; the case went to SBI.' });
    await handle.executeUpdate(decideUpdate, { args: [{ actor: { officerId: headRow.id, role: 'head', unit: 'border' }, outcome: 'referred', referredTo: 'sbi', summaryId }] });
    await whistleblower.nextMessage(has('the case went to SBI'), 15_000);
    expect(await handle.result()).toMatchObject({ phase: 'decided', outcome: 'referred', referredTo: 'sbi' });
    const [row] = await stack.database.db.select().from(reports).where(eq(reports.id, report.id));
    expect(row).toMatchObject({ status: 'decided', escalationLevel: 2, outcome: 'referred' });
  });

  it('stores only ciphertext in Temporal, which the codec turns back into ids and the policy', async () => {
    const report = await submit('migration', null);
    await startReview(stack.temporal, {
      reportId: report.id,
      unit: 'migration',
      receivedAt: report.receivedAt,
      policy: stack.config.policy,
      taskQueue: stack.config.temporal.taskQueue,
      telegramTaskQueue: stack.config.temporal.telegramTaskQueue,
    });
    const history = await stack.temporal.workflow.getHandle(workflowIdFor(report.id)).fetchHistory();
    const started = history.events![0]!.workflowExecutionStartedEventAttributes!;
    const payload = started.input!.payloads![0]!;
    expect(Buffer.from(payload.metadata!.encoding!).toString()).toBe('binary/encrypted');
    expect(Buffer.from(payload.data!).toString('latin1')).not.toContain(report.id);
    const [decoded] = await new EncryptionCodec(stack.config.keys).decode([payload]);
    const input = JSON.parse(Buffer.from(decoded!.data!).toString()) as ReportReviewInput;
    expect(Object.keys(input).sort()).toEqual(['policy', 'receivedAt', 'reportId', 'telegramTaskQueue', 'unit']);
    expect(input.reportId).toBe(report.id);
    await stack.temporal.workflow.getHandle(workflowIdFor(report.id)).terminate('test finished');
  });
});

describe('the reconciler', () => {
  it('starts the review of a committed report whose workflow never started, from its schedule', async () => {
    const report = await submit('emergency', null);
    const handle = stack.temporal.workflow.getHandle(workflowIdFor(report.id));
    await expect(handle.describe()).rejects.toThrow();
    await ensureReconcileSchedule(stack.temporal, { taskQueue: stack.config.temporal.taskQueue, every: 'PT1H' });
    const schedule = stack.temporal.schedule.getHandle(RECONCILE_SCHEDULE_ID);
    try {
      await schedule.trigger();
      const deadline = Date.now() + 20_000;
      let running = false;
      while (!running && Date.now() < deadline) {
        running = await handle.describe().then((d) => d.status.name === 'RUNNING').catch(() => false);
        if (!running) await new Promise((r) => setTimeout(r, 200));
      }
      expect(running).toBe(true);
      const deadlineStarted = Date.now() + 10_000;
      let marked = false;
      while (!marked && Date.now() < deadlineStarted) {
        const [row] = await stack.database.db.select({ at: reports.workflowStartedAt }).from(reports).where(eq(reports.id, report.id));
        marked = row?.at !== null;
        if (!marked) await new Promise((r) => setTimeout(r, 200));
      }
      expect(marked).toBe(true);
      // A second run finds nothing to do and starts nothing twice.
      const again = await stack.temporal.workflow.execute('reconcileReportsWorkflow', { taskQueue: stack.config.temporal.taskQueue, workflowId: `reconcile-test-${Date.now()}` });
      expect(again).toEqual({ started: 0 });
    } finally {
      await schedule.delete();
      await handle.terminate('test finished').catch(() => undefined);
    }
  });
});

describe('the provisioned dev server', () => {
  it('runs a test-only workflow through a timer', async () => {
    const { NativeConnection } = await import('@temporalio/worker');
    const connection = await NativeConnection.connect({ address: inject('temporalAddress') });
    const taskQueue = `timer-${Date.now()}`;
    const worker = await Worker.create({
      connection,
      taskQueue,
      workflowsPath: fileURLToPath(new URL('./timer-workflow.ts', import.meta.url)),
      dataConverter: dataConverter(stack.config.keys),
    });
    try {
      const started = Date.now();
      const slept = await worker.runUntil(stack.temporal.workflow.execute('timerWorkflow', { taskQueue, workflowId: `timer-${started}`, args: [1000] }));
      // Workflow time moved by the timer's length, and so did the wall clock: a real server.
      expect(slept).toBeGreaterThanOrEqual(1000);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    } finally {
      await connection.close();
    }
  });
});
