// The audit log and the statistics through the admin API, on a database of this file's own so the
// counts are exact.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../../db/repositories/audit.js';
import { createReport, recordTransition, type NewReportInput } from '../../db/repositories/reports.js';
import { auditLog, reports, type ReportStatus } from '../../db/schema.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { insertOfficer, reportInput } from '../integration/fixtures.js';
import { bearer, buildTestApp, type TestApp } from './harness.js';

interface Entry {
  id: number;
  at: string;
  actorKind: string;
  actorOfficerId: string | null;
  reportId: string | null;
  action: string;
  details: Record<string, unknown>;
}
interface Stats {
  byStatus: Record<string, number>;
  byUnit: Record<string, number>;
  open: number;
  overdue: number;
  decided: number;
  decidedWithinReviewPeriod: number;
  medianDaysToDecision: number | null;
}

const DAY = 24 * 3600_000;

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

const get = (url: string) => api.inject({ method: 'GET', url, headers: bearer() });
const stats = async () => {
  const response = await get('/api/stats');
  expect(response.statusCode).toBe(200);
  return response.json<Stats>();
};

async function seedReport(overrides: Partial<NewReportInput> & { status?: ReportStatus; decidedAt?: Date; extendedDueAt?: Date } = {}) {
  const { status, decidedAt, extendedDueAt, ...input } = overrides;
  const created = await createReport(database.db, api.vault, reportInput(input));
  if (status || decidedAt || extendedDueAt) {
    await database.db
      .update(reports)
      .set({ ...(status ? { status } : {}), ...(decidedAt ? { decidedAt } : {}), ...(extendedDueAt ? { extendedDueAt } : {}) })
      .where(eq(reports.id, created.id));
  }
  return created;
}

// The statistics come first: they count every report of this file's database.
describe('GET /api/stats', () => {
  it('answers zeros, empty counts and no median when there are no reports', async () => {
    expect(await stats()).toEqual({
      byStatus: {},
      byUnit: {},
      open: 0,
      overdue: 0,
      decided: 0,
      decidedWithinReviewPeriod: 0,
      medianDaysToDecision: null,
    });
  });

  it('counts open cases by status and unit, the overdue ones, and has no median while none is decided', async () => {
    const now = Date.now();
    await seedReport({ unit: 'police' });
    await seedReport({ unit: 'police', status: 'in_review', receivedAt: new Date(now - 20 * DAY), reviewDueAt: new Date(now - 5 * DAY) });
    // Past its review period but extended into the future: not overdue.
    await seedReport({
      unit: 'migration',
      status: 'extended',
      receivedAt: new Date(now - 20 * DAY),
      reviewDueAt: new Date(now - 5 * DAY),
      extendedDueAt: new Date(now + 10 * DAY),
    });
    // Past even its extension: overdue.
    await seedReport({
      unit: 'migration',
      status: 'overdue',
      receivedAt: new Date(now - 60 * DAY),
      reviewDueAt: new Date(now - 45 * DAY),
      extendedDueAt: new Date(now - 15 * DAY),
    });

    expect(await stats()).toEqual({
      byStatus: { received: 1, in_review: 1, extended: 1, overdue: 1 },
      byUnit: { police: 2, migration: 2 },
      open: 4,
      overdue: 2,
      decided: 0,
      decidedWithinReviewPeriod: 0,
      medianDaysToDecision: null,
    });
  });

  it('counts decided cases, those decided within the review period, and the median days to a decision', async () => {
    const receivedAt = new Date(Date.now() - 40 * DAY);
    const reviewDueAt = new Date(receivedAt.getTime() + 15 * DAY);
    await seedReport({ unit: 'border', receivedAt, reviewDueAt, status: 'decided', decidedAt: new Date(receivedAt.getTime() + 2 * DAY) });
    await seedReport({ unit: 'border', receivedAt, reviewDueAt, status: 'decided', decidedAt: new Date(receivedAt.getTime() + 20 * DAY) });

    const body = await stats();
    expect(body.byStatus).toEqual({ received: 1, in_review: 1, extended: 1, overdue: 1, decided: 2 });
    expect(body.byUnit).toEqual({ police: 2, migration: 2, border: 2 });
    expect(body.open).toBe(4);
    expect(body.overdue).toBe(2);
    expect(body.decided).toBe(2);
    expect(body.decidedWithinReviewPeriod).toBe(1);
    expect(body.medianDaysToDecision).toBe(11);
  });
});

describe('GET /api/reports/:id/audit', () => {
  it('answers the trail of one report, oldest first, and nothing of other reports', async () => {
    const description = `Хабар на митниці ${randomUUID()}`;
    const report = await seedReport({ description });
    const other = await seedReport();
    const officer = await insertOfficer(database.db, { unit: 'police' });
    await recordTransition(database.db, {
      reportId: report.id,
      status: 'in_review',
      assigneeId: officer.id,
      escalationLevel: 0,
      extendedDueAt: null,
      action: 'accepted',
      actorOfficerId: officer.id,
      details: { phase: 'in_review' },
    });
    await recordTransition(database.db, {
      reportId: other.id,
      status: 'in_review',
      assigneeId: officer.id,
      escalationLevel: 0,
      extendedDueAt: null,
      action: 'accepted',
      actorOfficerId: officer.id,
      details: {},
    });

    const response = await get(`/api/reports/${report.id}/audit`);
    expect(response.statusCode).toBe(200);
    const { entries } = response.json<{ entries: Entry[] }>();
    expect(entries.map((e) => e.action)).toEqual(['report-submitted', 'accepted']);
    expect(entries.every((e) => e.reportId === report.id)).toBe(true);
    expect(entries[0]).toMatchObject({ actorKind: 'reporter', actorOfficerId: null, details: { anonymity: 'confidential', unit: 'police', attachments: 0 } });
    expect(entries[1]).toMatchObject({ actorKind: 'officer', actorOfficerId: officer.id, details: { phase: 'in_review' } });
    expect(Number.isNaN(Date.parse(entries[0]!.at))).toBe(false);
    expect(entries[0]!.id).toBeLessThan(entries[1]!.id);
    expect(response.body).not.toContain(description);
  });

  it('answers 404 for a report that does not exist, even when the log names its id', async () => {
    const ghost = randomUUID();
    await appendAudit(database.db, { actorKind: 'unknown', reportId: ghost, action: 'forged-button', details: {} });
    const response = await get(`/api/reports/${ghost}/audit`);
    expect(response.statusCode).toBe(404);
    expect(response.json<{ message: string }>().message).toMatch(/report/i);
  });

  it('answers 400 for an id that is not a uuid', async () => {
    expect((await get('/api/reports/AC-1234-5678/audit')).statusCode).toBe(400);
  });
});

describe('GET /api/audit', () => {
  it('answers the newest entries first, as many as the limit', async () => {
    const all = await database.db.select({ id: auditLog.id }).from(auditLog);
    const newest = all.map((r) => r.id).sort((a, b) => b - a);
    const response = await get('/api/audit?limit=3');
    expect(response.statusCode).toBe(200);
    const { entries } = response.json<{ entries: Entry[] }>();
    expect(entries.map((e) => e.id)).toEqual(newest.slice(0, 3));
  });

  it('pages through the whole log with `before`, without gaps or repeats', async () => {
    const all = (await database.db.select({ id: auditLog.id }).from(auditLog)).map((r) => r.id).sort((a, b) => b - a);
    expect(all.length).toBeGreaterThan(4);
    const seen: number[] = [];
    let before: number | undefined;
    for (let page = 0; page < 100; page += 1) {
      const response = await get(`/api/audit?limit=2${before === undefined ? '' : `&before=${before}`}`);
      expect(response.statusCode).toBe(200);
      const { entries } = response.json<{ entries: Entry[] }>();
      if (entries.length === 0) break;
      expect(entries.length).toBeLessThanOrEqual(2);
      seen.push(...entries.map((e) => e.id));
      before = entries[entries.length - 1]!.id;
    }
    expect(seen).toEqual(all);
  });

  it('answers at most 100 entries when no limit is given', async () => {
    for (let i = 0; i < 105; i += 1) await appendAudit(database.db, { actorKind: 'system', action: 'filler', details: { i } });
    const response = await get('/api/audit');
    expect(response.statusCode).toBe(200);
    const { entries } = response.json<{ entries: Entry[] }>();
    expect(entries).toHaveLength(100);
    expect(entries[0]).toMatchObject({ action: 'filler', details: { i: 104 } });
  });

  it.each([['limit=0'], ['limit=501'], ['limit=ten'], ['before=0'], ['before=-4'], ['limit=2.5']])('answers 400 to %s', async (query) => {
    const response = await get(`/api/audit?${query}`);
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: string }>().error).toBe('Bad Request');
  });
});
