// Officers through the admin API: one-time invite links (code shown once, stored as a hash), the
// list of officers with their load, and deactivation.
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvite, officerById, redeemInvite } from '../../db/repositories/officers.js';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { createReport, reportFacts } from '../../db/repositories/reports.js';
import { EncryptionCodec } from '../../lib/payload-codec.js';
import { startReview } from '../../lib/temporal.js';
import { auditLog, officerInvites, reports, type Officer, type OfficerRole, type ReportStatus } from '../../db/schema.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { freshTelegramId, reportInput } from '../integration/fixtures.js';
import { BOT_USERNAME, bearer, buildTestApp, type TestApp } from './harness.js';

interface InviteResponse {
  inviteId: string;
  code: string;
  link: string | null;
  expiresAt: string;
}
interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
}
interface OfficerRow {
  id: string;
  displayName: string;
  role: string;
  unit: string;
  language: string;
  active: boolean;
  linked: boolean;
  openCases: number;
  createdAt: string;
  deactivatedAt: string | null;
}

const HOUR = 3600_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let database: TestDatabase;
let api: TestApp;

beforeAll(async () => {
  database = await createTestDatabase();
  api = await buildTestApp({ db: database.db, databaseUrl: database.url });
});

afterAll(async () => {
  await api?.close();
  await database?.drop();
});

const postInvite = (payload: unknown) => api.inject({ method: 'POST', url: '/api/officers/invites', headers: bearer(), payload: payload as Record<string, unknown> });

/** An officer who joined through an invite, as the bot's /start inv_… does. */
async function joinedOfficer(role: OfficerRole, unit: string, displayName: string): Promise<Officer> {
  const invite = await createInvite(database.db, api.vault, { role, unit, displayName, ttlMs: HOUR, createdBy: 'test' });
  const redeemed = await redeemInvite(database.db, api.vault, { code: invite.code, telegramUserId: freshTelegramId(), language: 'en' });
  if (!redeemed.ok) throw new Error(`invite not redeemed: ${redeemed.reason}`);
  return redeemed.officer;
}

async function giveCases(officer: Officer, statuses: ReportStatus[]): Promise<string[]> {
  const ids: string[] = [];
  for (const status of statuses) {
    const created = await createReport(database.db, api.vault, reportInput({ unit: officer.unit }));
    await database.db.update(reports).set({ assigneeId: officer.id, status }).where(eq(reports.id, created.id));
    ids.push(created.id);
  }
  return ids;
}

async function listed(): Promise<OfficerRow[]> {
  const response = await api.inject({ method: 'GET', url: '/api/officers', headers: bearer() });
  expect(response.statusCode).toBe(200);
  return response.json<{ officers: OfficerRow[] }>().officers;
}

describe('POST /api/officers/invites', () => {
  it('creates an invite and answers 201 with its id, code, deep link and expiry', async () => {
    const before = Date.now();
    const response = await postInvite({ role: 'reviewer', unit: 'police', displayName: 'Олена Коваль', ttlHours: 5 });
    const after = Date.now();
    expect(response.statusCode).toBe(201);
    const body = response.json<InviteResponse>();
    expect(body.inviteId).toMatch(UUID);
    expect(body.code.length).toBeGreaterThanOrEqual(16);
    expect(body.link).toBe(`https://t.me/${BOT_USERNAME}?start=inv_${body.code}`);
    const expires = Date.parse(body.expiresAt);
    expect(expires).toBeGreaterThanOrEqual(before + 5 * HOUR);
    expect(expires).toBeLessThanOrEqual(after + 5 * HOUR);
  });

  it('gives an invite 72 hours when ttlHours is not given', async () => {
    const before = Date.now();
    const response = await postInvite({ role: 'head', unit: 'ministry', displayName: 'Default TTL' });
    expect(response.statusCode).toBe(201);
    const expires = Date.parse(response.json<InviteResponse>().expiresAt);
    expect(expires).toBeGreaterThanOrEqual(before + 72 * HOUR);
    expect(expires).toBeLessThanOrEqual(Date.now() + 72 * HOUR);
  });

  it('accepts the bounds of ttlHours, 1 and 336', async () => {
    expect((await postInvite({ role: 'reviewer', unit: 'police', displayName: 'One hour', ttlHours: 1 })).statusCode).toBe(201);
    expect((await postInvite({ role: 'reviewer', unit: 'police', displayName: 'Two weeks', ttlHours: 336 })).statusCode).toBe(201);
  });

  it('stores the invite with its role, unit and name but never the code in clear', async () => {
    const response = await postInvite({ role: 'supervisor', unit: 'border', displayName: 'Stored As Hash', ttlHours: 2 });
    const body = response.json<InviteResponse>();
    const [row] = await database.db.select().from(officerInvites).where(eq(officerInvites.id, body.inviteId));
    expect(row).toMatchObject({ role: 'supervisor', unit: 'border', displayName: 'Stored As Hash', usedAt: null, createdBy: 'admin-token-1' });
    expect(row!.codeHash.equals(api.vault.hasher.hash('invite', body.code))).toBe(true);
    expect(row!.codeHash.includes(Buffer.from(body.code, 'utf8'))).toBe(false);
    const raw = await database.db.execute(sql`select * from officer_invites where id = ${body.inviteId}`);
    expect(JSON.stringify(raw)).not.toContain(body.code);
  });

  it('makes an invite the bot can redeem exactly once', async () => {
    const body = (await postInvite({ role: 'reviewer', unit: 'guard', displayName: 'Redeemable' })).json<InviteResponse>();
    const first = await redeemInvite(database.db, api.vault, { code: body.code, telegramUserId: freshTelegramId(), language: 'uk' });
    expect(first.ok).toBe(true);
    const again = await redeemInvite(database.db, api.vault, { code: body.code, telegramUserId: freshTelegramId(), language: 'uk' });
    expect(again).toEqual({ ok: false, reason: 'used' });
  });

  it('records who created it in the audit log, without the code', async () => {
    const body = (await postInvite({ role: 'reviewer', unit: 'emergency', displayName: 'Audited' })).json<InviteResponse>();
    const rows = await database.db.select().from(auditLog).where(eq(auditLog.action, 'invite-created'));
    const row = rows.find((r) => (r.details as { inviteId?: string }).inviteId === body.inviteId);
    expect(row).toBeDefined();
    expect(row).toMatchObject({ actorKind: 'admin', details: { inviteId: body.inviteId, role: 'reviewer', unit: 'emergency', createdBy: 'admin-token-1' } });
    expect(JSON.stringify(row)).not.toContain(body.code);
  });

  it.each([
    ['an unknown role', { role: 'janitor', unit: 'police', displayName: 'Bad Role' }],
    ['an unknown unit', { role: 'reviewer', unit: 'mars', displayName: 'Bad Unit' }],
    ['a missing displayName', { role: 'reviewer', unit: 'police' }],
    ['a one-letter displayName', { role: 'reviewer', unit: 'police', displayName: 'X' }],
    ['a displayName over 100 characters', { role: 'reviewer', unit: 'police', displayName: 'Y'.repeat(101) }],
    ['an extra property', { role: 'reviewer', unit: 'police', displayName: 'Extra', admin: true }],
    ['ttlHours of 0', { role: 'reviewer', unit: 'police', displayName: 'Zero', ttlHours: 0 }],
    ['ttlHours above two weeks', { role: 'reviewer', unit: 'police', displayName: 'Too Long', ttlHours: 337 }],
    ['a fractional ttlHours', { role: 'reviewer', unit: 'police', displayName: 'Fraction', ttlHours: 1.5 }],
    ['a negative ttlHours', { role: 'reviewer', unit: 'police', displayName: 'Negative', ttlHours: -3 }],
  ])('answers 400 with a reason for %s, and creates nothing', async (_what, payload) => {
    const invitesBefore = await database.db.select({ n: sql<number>`count(*)::int` }).from(officerInvites);
    const response = await postInvite(payload);
    expect(response.statusCode).toBe(400);
    const body = response.json<ErrorBody>();
    expect(body.statusCode).toBe(400);
    expect(body.error).toBe('Bad Request');
    expect(body.message.length).toBeGreaterThan(0);
    const invitesAfter = await database.db.select({ n: sql<number>`count(*)::int` }).from(officerInvites);
    expect(invitesAfter[0]!.n).toBe(invitesBefore[0]!.n);
  });

  it('answers 400 to a body that is not JSON', async () => {
    const response = await api.inject({
      method: 'POST',
      url: '/api/officers/invites',
      headers: { ...bearer(), 'content-type': 'application/json' },
      payload: '{"role": "reviewer",',
    });
    expect(response.statusCode).toBe(400);
  });

  it('answers with a null link when the bot username is not configured', async () => {
    const anonymous = await buildTestApp({ db: database.db, databaseUrl: database.url, env: { TELEGRAM_BOT_USERNAME: undefined } });
    try {
      const response = await anonymous.inject({
        method: 'POST',
        url: '/api/officers/invites',
        headers: bearer(),
        payload: { role: 'reviewer', unit: 'police', displayName: 'No Link' },
      });
      expect(response.statusCode).toBe(201);
      const body = response.json<InviteResponse>();
      expect(body.link).toBeNull();
      expect(body.code.length).toBeGreaterThan(0);
    } finally {
      await anonymous.close();
    }
  });
});

describe('GET /api/officers', () => {
  it('lists officers with their unit, role, link state and count of open cases', async () => {
    const busy = await joinedOfficer('reviewer', 'migration', 'Busy Reviewer');
    const idle = await joinedOfficer('reviewer', 'migration', 'Idle Reviewer');
    const head = await joinedOfficer('head', 'migration', 'Head Of Migration');
    await giveCases(busy, ['awaiting_acceptance', 'in_review', 'decided']);

    const officers = await listed();
    const byId = new Map(officers.map((o) => [o.id, o]));
    expect(byId.get(busy.id)).toMatchObject({
      displayName: 'Busy Reviewer',
      role: 'reviewer',
      unit: 'migration',
      language: 'en',
      active: true,
      linked: true,
      openCases: 2,
      deactivatedAt: null,
    });
    expect(byId.get(idle.id)).toMatchObject({ openCases: 0, active: true });
    expect(byId.get(head.id)).toMatchObject({ role: 'head', openCases: 0 });
    expect(Number.isNaN(Date.parse(byId.get(busy.id)!.createdAt))).toBe(false);
  });

  it('orders officers by unit, then by name', async () => {
    const zenon = await joinedOfficer('reviewer', 'border', 'Zenon Border');
    const adam = await joinedOfficer('reviewer', 'border', 'Adam Border');
    const migration = await joinedOfficer('reviewer', 'migration', 'Aaron Migration');
    const ids = (await listed()).map((o) => o.id);
    expect(ids.indexOf(adam.id)).toBeLessThan(ids.indexOf(zenon.id));
    expect(ids.indexOf(zenon.id)).toBeLessThan(ids.indexOf(migration.id));
  });
});

describe('POST /api/officers/:id/deactivate', () => {
  it('deactivates the officer and answers how many open cases move to other reviewers', async () => {
    const leaving = await joinedOfficer('reviewer', 'service-centres', 'Leaving Reviewer');
    await giveCases(leaving, ['awaiting_acceptance', 'in_review', 'extended', 'decided']);

    const response = await api.inject({ method: 'POST', url: `/api/officers/${leaving.id}/deactivate`, headers: bearer() });
    expect(response.statusCode).toBe(200);
    // These cases have no running workflow to tell, so the answer says they are still to be moved.
    expect(response.json()).toEqual({ reassignedCases: 0, notYetReassigned: 3 });

    const stored = await officerById(database.db, leaving.id);
    expect(stored?.active).toBe(false);
    expect(stored?.deactivatedAt).toBeInstanceOf(Date);
    const row = (await listed()).find((o) => o.id === leaving.id);
    expect(row).toMatchObject({ active: false });
    expect(row?.deactivatedAt).not.toBeNull();

    const audit = await database.db.select().from(auditLog).where(eq(auditLog.action, 'officer-deactivated'));
    expect(audit.map((r) => r.details)).toContainEqual({ officerId: leaving.id, by: 'admin-token-1' });
  });

  it("tells the running review of each open case that its officer left", async () => {
    const leaving = await joinedOfficer('reviewer', 'police', 'Leaving With A Running Case');
    const [caseId] = await giveCases(leaving, ['in_review']);
    const report = await reportFacts(database.db, caseId!);
    // No worker polls this queue: the workflow only records what it is sent.
    const { workflowId } = await startReview(api.temporal, {
      reportId: caseId!,
      unit: 'police',
      receivedAt: report!.receivedAt,
      policy: api.config.policy,
      taskQueue: `api-test-${randomUUID()}`,
      telegramTaskQueue: `api-test-${randomUUID()}`,
    });
    const handle = api.temporal.workflow.getHandle(workflowId);
    try {
      const response = await api.inject({ method: 'POST', url: `/api/officers/${leaving.id}/deactivate`, headers: bearer() });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ reassignedCases: 1, notYetReassigned: 0 });

      const history = await handle.fetchHistory();
      const signals = (history.events ?? []).flatMap((e) => (e.workflowExecutionSignaledEventAttributes ? [e.workflowExecutionSignaledEventAttributes] : []));
      expect(signals.map((s) => s.signalName)).toEqual(['officerDeactivated']);
      const [payload] = signals[0]!.input?.payloads ?? [];
      const [decoded] = await new EncryptionCodec(api.config.keys).decode([payload as Payload]);
      expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual({ officerId: leaving.id });
    } finally {
      await handle.terminate('test over').catch(() => undefined);
    }
  });

  it('answers 0 reassigned cases for an officer without open cases', async () => {
    const idle = await joinedOfficer('supervisor', 'guard', 'Idle Supervisor');
    const response = await api.inject({ method: 'POST', url: `/api/officers/${idle.id}/deactivate`, headers: bearer() });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ reassignedCases: 0, notYetReassigned: 0 });
  });

  it('answers a repeated deactivation again, so an admin can retry telling the open cases', async () => {
    const officer = await joinedOfficer('reviewer', 'other', 'Twice Deactivated');
    expect((await api.inject({ method: 'POST', url: `/api/officers/${officer.id}/deactivate`, headers: bearer() })).statusCode).toBe(200);
    const again = await api.inject({ method: 'POST', url: `/api/officers/${officer.id}/deactivate`, headers: bearer() });
    expect(again.statusCode).toBe(200);
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.action, 'officer-deactivated'));
    expect(audit.filter((r) => (r.details as { officerId?: string }).officerId === officer.id)).toHaveLength(1);
  });

  it('answers 404 with a reason for an unknown id', async () => {
    const response = await api.inject({ method: 'POST', url: `/api/officers/${randomUUID()}/deactivate`, headers: bearer() });
    expect(response.statusCode).toBe(404);
    expect(response.json<ErrorBody>().message).toMatch(/officer/i);
  });

  it('answers 400 for an id that is not a uuid', async () => {
    const response = await api.inject({ method: 'POST', url: '/api/officers/not-a-uuid/deactivate', headers: bearer() });
    expect(response.statusCode).toBe(400);
    expect(response.json<ErrorBody>().error).toBe('Bad Request');
  });
});
