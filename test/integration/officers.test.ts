// Officers against a real Postgres: one-time invites stored as hashes, every refusal audited,
// and the choice of a reviewer by load, unit, role and reachability.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chooseReviewer,
  createInvite,
  deactivateOfficer,
  isEligibleReviewer,
  leadsOf,
  listOfficers,
  officerById,
  officerByTelegramId,
  redeemInvite,
  type InviteInput,
} from '../../db/repositories/officers.js';
import { createReport } from '../../db/repositories/reports.js';
import { auditLog, officerInvites, officers, reports, type Officer, type ReportStatus } from '../../db/schema.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { testVault } from '../helpers/keys.js';
import { freshTelegramId, insertOfficer, reportInput } from './fixtures.js';

const vault = testVault();
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});

afterAll(async () => {
  await t.drop();
});

const HOUR = 3600 * 1000;
const invite = (overrides: Partial<InviteInput> = {}) =>
  createInvite(t.db, vault, { role: 'reviewer', unit: 'police', displayName: 'Олена Шевчук', ttlMs: 24 * HOUR, createdBy: 'admin-test', ...overrides });

const refusals = async () =>
  (await t.db.select().from(auditLog).where(eq(auditLog.action, 'invite-refused'))).map((r) => r.details as { reason: string; inviteId: string | null });

/** Gives `officer` cases of `unit` in the given statuses. */
async function giveCases(officer: Officer, statuses: ReportStatus[]): Promise<string[]> {
  const ids: string[] = [];
  for (const status of statuses) {
    const created = await createReport(t.db, vault, reportInput({ unit: officer.unit }));
    await t.db.update(reports).set({ assigneeId: officer.id, status }).where(eq(reports.id, created.id));
    ids.push(created.id);
  }
  return ids;
}

describe('officer invites', () => {
  it('stores only a hash of the invite code', async () => {
    const created = await invite();
    expect(created.code.length).toBeGreaterThanOrEqual(20);
    const rows = await t.db.execute(sql`select * from officer_invites where id = ${created.id}`);
    expect(rows).toHaveLength(1);
    const stored = JSON.stringify(rows[0], (_key, value: unknown) =>
      value && typeof value === 'object' && 'type' in value && (value as { type: unknown }).type === 'Buffer'
        ? Buffer.from((value as unknown as { data: number[] }).data).toString('latin1')
        : value,
    );
    expect(stored).not.toContain(created.code);
    const [row] = await t.db.select().from(officerInvites).where(eq(officerInvites.id, created.id));
    expect(row?.codeHash.includes(Buffer.from(created.code))).toBe(false);
    expect(row?.codeHash.equals(vault.hasher.hash('invite', created.code))).toBe(true);
    expect(row?.expiresAt.getTime()).toBe(created.expiresAt.getTime());

    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, 'invite-created'));
    expect(JSON.stringify(audit)).not.toContain(created.code);
    expect(audit.some((a) => (a.details as { inviteId?: string }).inviteId === created.id)).toBe(true);
  });

  it('binds the Telegram account that redeems the invite, once', async () => {
    const created = await invite({ role: 'supervisor', unit: 'border', displayName: 'Іван Бойко' });
    const telegramUserId = freshTelegramId();
    const result = await redeemInvite(t.db, vault, { code: created.code, telegramUserId, language: 'en' });

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.officer).toMatchObject({ telegramUserId, role: 'supervisor', unit: 'border', displayName: 'Іван Бойко', language: 'en', active: true });
    expect((await officerByTelegramId(t.db, telegramUserId))?.id).toBe(result.officer.id);
    const [row] = await t.db.select().from(officerInvites).where(eq(officerInvites.id, created.id));
    expect(row?.usedAt).toBeInstanceOf(Date);
    expect(row?.usedByOfficerId).toBe(result.officer.id);
    const used = await t.db.select().from(auditLog).where(eq(auditLog.action, 'invite-used'));
    expect(used.filter((a) => a.actorOfficerId === result.officer.id)).toHaveLength(1);
  });

  it('refuses a used invite, an expired one, an unknown code and a second invite of an active officer, auditing each', async () => {
    const before = (await refusals()).length;

    const used = await invite();
    const first = await redeemInvite(t.db, vault, { code: used.code, telegramUserId: freshTelegramId(), language: 'uk' });
    expect(first.ok).toBe(true);
    expect(await redeemInvite(t.db, vault, { code: used.code, telegramUserId: freshTelegramId(), language: 'uk' })).toEqual({ ok: false, reason: 'used' });

    const expired = await invite();
    await t.db.update(officerInvites).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(officerInvites.id, expired.id));
    expect(await redeemInvite(t.db, vault, { code: expired.code, telegramUserId: freshTelegramId(), language: 'uk' })).toEqual({ ok: false, reason: 'expired' });

    const shortLived = await invite({ ttlMs: -1 });
    expect(await redeemInvite(t.db, vault, { code: shortLived.code, telegramUserId: freshTelegramId(), language: 'uk' })).toEqual({ ok: false, reason: 'expired' });

    expect(await redeemInvite(t.db, vault, { code: 'no-such-invite-code-xyz', telegramUserId: freshTelegramId(), language: 'uk' })).toEqual({
      ok: false,
      reason: 'unknown',
    });

    const officer = await insertOfficer(t.db);
    const second = await invite({ role: 'head' });
    expect(await redeemInvite(t.db, vault, { code: second.code, telegramUserId: officer.telegramUserId!, language: 'uk' })).toEqual({
      ok: false,
      reason: 'already-officer',
    });
    // The refused invite stays usable for the person it was meant for.
    const [secondRow] = await t.db.select().from(officerInvites).where(eq(officerInvites.id, second.id));
    expect(secondRow?.usedAt).toBeNull();
    expect((await officerById(t.db, officer.id))?.role).toBe('reviewer');

    const added = (await refusals()).slice(before);
    expect(added).toEqual([
      { reason: 'used', inviteId: used.id },
      { reason: 'expired', inviteId: expired.id },
      { reason: 'expired', inviteId: shortLived.id },
      { reason: 'unknown', inviteId: null },
      { reason: 'already-officer', inviteId: second.id },
    ]);
    // None of the refused invites bound anyone.
    for (const id of [expired.id, shortLived.id]) {
      const [row] = await t.db.select().from(officerInvites).where(eq(officerInvites.id, id));
      expect(row?.usedByOfficerId).toBeNull();
    }
  });

  it('a double press on the invite link binds the account once', async () => {
    const created = await invite();
    const telegramUserId = freshTelegramId();
    const results = await Promise.all([
      redeemInvite(t.db, vault, { code: created.code, telegramUserId, language: 'uk' }),
      redeemInvite(t.db, vault, { code: created.code, telegramUserId, language: 'uk' }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'used' }]);
    const bound = await t.db.select().from(officers).where(eq(officers.telegramUserId, telegramUserId));
    expect(bound).toHaveLength(1);
  });

  it('a deactivated officer invited again gets a fresh record and the old one keeps its history unlinked', async () => {
    const telegramUserId = freshTelegramId();
    const old = await insertOfficer(t.db, { telegramUserId });
    expect(await deactivateOfficer(t.db, old.id, 'admin-test')).toEqual([]);
    const again = await invite({ role: 'supervisor' });
    const result = await redeemInvite(t.db, vault, { code: again.code, telegramUserId, language: 'uk' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.officer.id).not.toBe(old.id);
    expect((await officerById(t.db, old.id))?.telegramUserId).toBeNull();
    expect((await officerByTelegramId(t.db, telegramUserId))?.id).toBe(result.officer.id);
  });
});

describe('choosing a reviewer', () => {
  it('picks the active, reachable reviewer of the unit with the fewest open cases', async () => {
    const unit = 'migration';
    const busy = await insertOfficer(t.db, { unit, role: 'reviewer' });
    const light = await insertOfficer(t.db, { unit, role: 'reviewer' });
    const middle = await insertOfficer(t.db, { unit, role: 'reviewer' });
    const inactive = await insertOfficer(t.db, { unit, role: 'reviewer', active: false });
    const unlinked = await insertOfficer(t.db, { unit, role: 'reviewer', telegramUserId: null });
    const supervisor = await insertOfficer(t.db, { unit, role: 'supervisor' });
    const elsewhere = await insertOfficer(t.db, { unit: 'guard', role: 'reviewer' });
    await giveCases(busy, ['awaiting_acceptance', 'in_review', 'overdue']);
    // Decided cases are not load.
    await giveCases(light, ['decided', 'decided', 'decided', 'decided']);
    await giveCases(middle, ['in_review', 'decided']);

    expect(await chooseReviewer(t.db, { unit, exclude: [] })).toBe(light.id);
    expect(await chooseReviewer(t.db, { unit, exclude: [light.id] })).toBe(middle.id);
    expect(await chooseReviewer(t.db, { unit, exclude: [light.id, middle.id] })).toBe(busy.id);
    expect(await chooseReviewer(t.db, { unit, exclude: [light.id, middle.id, busy.id] })).toBeNull();

    for (const never of [inactive, unlinked, supervisor, elsewhere]) {
      expect(await chooseReviewer(t.db, { unit, exclude: [] })).not.toBe(never.id);
    }
  });

  it('breaks a tie in load by who joined first', async () => {
    const unit = 'emergency';
    const later = await insertOfficer(t.db, { unit, createdAt: new Date(Date.now() - HOUR) });
    const earlier = await insertOfficer(t.db, { unit, createdAt: new Date(Date.now() - 2 * HOUR) });
    expect(await chooseReviewer(t.db, { unit, exclude: [] })).toBe(earlier.id);
    await giveCases(earlier, ['in_review']);
    expect(await chooseReviewer(t.db, { unit, exclude: [] })).toBe(later.id);
  });

  it('returns null when the unit has nobody who fits', async () => {
    const unit = 'service-centres';
    await insertOfficer(t.db, { unit, role: 'supervisor' });
    await insertOfficer(t.db, { unit, role: 'head' });
    await insertOfficer(t.db, { unit, role: 'reviewer', active: false });
    await insertOfficer(t.db, { unit, role: 'reviewer', telegramUserId: null });
    expect(await chooseReviewer(t.db, { unit, exclude: [] })).toBeNull();
    expect(await chooseReviewer(t.db, { unit: 'no-such-unit', exclude: [] })).toBeNull();
  });

  it('isEligibleReviewer accepts only an active, linked reviewer of that unit', async () => {
    const unit = 'ministry';
    const reviewer = await insertOfficer(t.db, { unit });
    const supervisor = await insertOfficer(t.db, { unit, role: 'supervisor' });
    const inactive = await insertOfficer(t.db, { unit, active: false });
    const unlinked = await insertOfficer(t.db, { unit, telegramUserId: null });

    expect(await isEligibleReviewer(t.db, { officerId: reviewer.id, unit })).toBe(true);
    expect(await isEligibleReviewer(t.db, { officerId: reviewer.id, unit: 'police' })).toBe(false);
    expect(await isEligibleReviewer(t.db, { officerId: supervisor.id, unit })).toBe(false);
    expect(await isEligibleReviewer(t.db, { officerId: inactive.id, unit })).toBe(false);
    expect(await isEligibleReviewer(t.db, { officerId: unlinked.id, unit })).toBe(false);
    expect(await isEligibleReviewer(t.db, { officerId: '00000000-0000-4000-8000-000000000000', unit })).toBe(false);
  });

  it('leadsOf lists the reachable supervisors and heads of a unit by role', async () => {
    const unit = 'other';
    const supervisor = await insertOfficer(t.db, { unit, role: 'supervisor' });
    const head = await insertOfficer(t.db, { unit, role: 'head' });
    await insertOfficer(t.db, { unit, role: 'reviewer' });
    await insertOfficer(t.db, { unit, role: 'admin' });
    await insertOfficer(t.db, { unit, role: 'supervisor', active: false });
    await insertOfficer(t.db, { unit, role: 'supervisor', telegramUserId: null });
    await insertOfficer(t.db, { unit: 'police', role: 'supervisor' });

    expect((await leadsOf(t.db, unit, ['supervisor'])).map((o) => o.id)).toEqual([supervisor.id]);
    expect((await leadsOf(t.db, unit, ['head'])).map((o) => o.id)).toEqual([head.id]);
    expect((await leadsOf(t.db, unit, ['supervisor', 'head'])).map((o) => o.id).sort()).toEqual([supervisor.id, head.id].sort());
  });
});

describe('deactivating and listing officers', () => {
  it('deactivateOfficer returns the open cases, deactivates, lists them again on a retry, and refuses an unknown officer', async () => {
    const officer = await insertOfficer(t.db, { unit: 'guard' });
    const open = await giveCases(officer, ['awaiting_acceptance', 'in_review', 'extended']);
    await giveCases(officer, ['decided']);

    const handed = await deactivateOfficer(t.db, officer.id, 'admin-test');
    expect(handed?.sort()).toEqual(open.sort());
    const row = await officerById(t.db, officer.id);
    expect(row?.active).toBe(false);
    expect(row?.deactivatedAt).toBeInstanceOf(Date);
    expect(await officerByTelegramId(t.db, officer.telegramUserId!)).toBeNull();
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, 'officer-deactivated'));
    expect(audit.filter((a) => (a.details as { officerId?: string }).officerId === officer.id)).toHaveLength(1);

    // A retry (say, after Temporal was unreachable) lists the cases again without a second audit row.
    expect((await deactivateOfficer(t.db, officer.id, 'admin-test'))?.sort()).toEqual(open.sort());
    expect(await deactivateOfficer(t.db, '00000000-0000-4000-8000-000000000000', 'admin-test')).toBeNull();
    const auditAfter = await t.db.select().from(auditLog).where(eq(auditLog.action, 'officer-deactivated'));
    expect(auditAfter.filter((a) => (a.details as { officerId?: string }).officerId === officer.id)).toHaveLength(1);
  });

  it('listOfficers counts each officer’s open cases and says who is linked', async () => {
    const loaded = await insertOfficer(t.db, { unit: 'border', displayName: 'Zz loaded' });
    const idle = await insertOfficer(t.db, { unit: 'border', displayName: 'Zz idle', telegramUserId: null });
    await giveCases(loaded, ['in_review', 'awaiting_acceptance', 'decided']);

    const list = await listOfficers(t.db);
    const byId = new Map(list.map((o) => [o.id, o]));
    expect(byId.get(loaded.id)).toMatchObject({ openCases: 2, linked: true, active: true, role: 'reviewer', unit: 'border' });
    expect(byId.get(idle.id)).toMatchObject({ openCases: 0, linked: false });
    const total = await t.db.select({ n: sql<number>`count(*)::int` }).from(officers);
    expect(list).toHaveLength(total[0]!.n);
  });
});
