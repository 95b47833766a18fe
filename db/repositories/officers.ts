import { and, asc, count, eq, inArray, isNotNull, ne, notInArray, sql } from 'drizzle-orm';
import type { Vault } from '../../lib/crypto.js';
import { newInviteCode } from '../../lib/ids.js';
import type { DbOrTx } from '../client.js';
import { officerInvites, officers, reports, type Officer, type OfficerRole } from '../schema.js';
import { appendAudit } from './audit.js';

const OPEN = sql`${reports.status} <> 'decided'`;

export interface InviteInput {
  role: OfficerRole;
  unit: string;
  displayName: string;
  ttlMs: number;
  createdBy: string;
}

/** Creates a one-time invite; only the hash of its code is stored, the code is returned once. */
export async function createInvite(db: DbOrTx, vault: Vault, input: InviteInput) {
  const code = newInviteCode();
  const expiresAt = new Date(Date.now() + input.ttlMs);
  const [row] = await db
    .insert(officerInvites)
    .values({
      codeHash: vault.hasher.hash('invite', code),
      role: input.role,
      unit: input.unit,
      displayName: input.displayName,
      expiresAt,
      createdBy: input.createdBy,
    })
    .returning({ id: officerInvites.id });
  await appendAudit(db, {
    actorKind: 'admin',
    action: 'invite-created',
    details: { inviteId: row!.id, role: input.role, unit: input.unit, createdBy: input.createdBy },
  });
  return { id: row!.id, code, expiresAt };
}

export type RedeemResult =
  | { ok: true; officer: Officer }
  | { ok: false; reason: 'unknown' | 'used' | 'expired' | 'already-officer' };

/** Binds a Telegram account to the invited officer; every refusal is audited. */
export async function redeemInvite(
  db: DbOrTx,
  vault: Vault,
  input: { code: string; telegramUserId: number; language: string },
): Promise<RedeemResult> {
  return db.transaction(async (tx) => {
    const refuse = async (reason: 'unknown' | 'used' | 'expired' | 'already-officer', inviteId?: string) => {
      await appendAudit(tx, { actorKind: 'unknown', action: 'invite-refused', details: { reason, inviteId: inviteId ?? null } });
      return { ok: false as const, reason };
    };
    const [invite] = await tx
      .select()
      .from(officerInvites)
      .where(eq(officerInvites.codeHash, vault.hasher.hash('invite', input.code)))
      .for('update');
    if (!invite) return refuse('unknown');
    if (invite.usedAt) return refuse('used', invite.id);
    if (invite.expiresAt.getTime() <= Date.now()) return refuse('expired', invite.id);
    const [existing] = await tx.select().from(officers).where(eq(officers.telegramUserId, input.telegramUserId));
    if (existing?.active) return refuse('already-officer', invite.id);
    if (existing) {
      // A deactivated officer invited again keeps their history under a fresh record.
      await tx.update(officers).set({ telegramUserId: null }).where(eq(officers.id, existing.id));
    }
    const [officer] = await tx
      .insert(officers)
      .values({
        telegramUserId: input.telegramUserId,
        displayName: invite.displayName,
        role: invite.role,
        unit: invite.unit,
        language: input.language,
      })
      .returning();
    await tx.update(officerInvites).set({ usedAt: new Date(), usedByOfficerId: officer!.id }).where(eq(officerInvites.id, invite.id));
    await appendAudit(tx, {
      actorKind: 'officer',
      actorOfficerId: officer!.id,
      action: 'invite-used',
      details: { inviteId: invite.id, role: invite.role, unit: invite.unit },
    });
    return { ok: true as const, officer: officer! };
  });
}

export async function officerByTelegramId(db: DbOrTx, telegramUserId: number): Promise<Officer | null> {
  const [row] = await db
    .select()
    .from(officers)
    .where(and(eq(officers.telegramUserId, telegramUserId), eq(officers.active, true)));
  return row ?? null;
}

export async function officerById(db: DbOrTx, id: string): Promise<Officer | null> {
  const [row] = await db.select().from(officers).where(eq(officers.id, id));
  return row ?? null;
}

export async function listOfficers(db: DbOrTx) {
  const load = db
    .select({ assigneeId: reports.assigneeId, open: count().as('open') })
    .from(reports)
    .where(and(OPEN, isNotNull(reports.assigneeId)))
    .groupBy(reports.assigneeId)
    .as('load');
  return db
    .select({
      id: officers.id,
      displayName: officers.displayName,
      role: officers.role,
      unit: officers.unit,
      language: officers.language,
      active: officers.active,
      linked: sql<boolean>`${officers.telegramUserId} is not null`,
      createdAt: officers.createdAt,
      deactivatedAt: officers.deactivatedAt,
      openCases: sql<number>`coalesce(${load.open}, 0)::int`,
    })
    .from(officers)
    .leftJoin(load, eq(load.assigneeId, officers.id))
    .orderBy(asc(officers.unit), asc(officers.displayName));
}

/**
 * Deactivates an officer and returns their open cases, which the caller hands to the workflows.
 * Calling it again for an inactive officer lists their remaining open cases once more, so an admin
 * can retry telling the workflows; null only when there is no such officer.
 */
export async function deactivateOfficer(db: DbOrTx, id: string, by: string) {
  return db.transaction(async (tx) => {
    const [officer] = await tx.select({ active: officers.active }).from(officers).where(eq(officers.id, id)).for('update');
    if (!officer) return null;
    if (officer.active) {
      await tx.update(officers).set({ active: false, deactivatedAt: new Date() }).where(eq(officers.id, id));
      await appendAudit(tx, { actorKind: 'admin', actorOfficerId: null, action: 'officer-deactivated', details: { officerId: id, by } });
    }
    const open = await tx.select({ id: reports.id }).from(reports).where(and(eq(reports.assigneeId, id), OPEN));
    return open.map((r) => r.id);
  });
}

/** The active reviewer of the unit with the fewest open cases, never one in `exclude`. */
export async function chooseReviewer(db: DbOrTx, input: { unit: string; exclude: string[] }): Promise<string | null> {
  const rows = await db
    .select({ id: officers.id, open: sql<number>`count(${reports.id})::int` })
    .from(officers)
    .leftJoin(reports, and(eq(reports.assigneeId, officers.id), OPEN))
    .where(
      and(
        eq(officers.unit, input.unit),
        eq(officers.role, 'reviewer'),
        eq(officers.active, true),
        isNotNull(officers.telegramUserId),
        input.exclude.length > 0 ? notInArray(officers.id, input.exclude) : undefined,
      ),
    )
    .groupBy(officers.id)
    .orderBy(sql`count(${reports.id}) asc`, asc(officers.createdAt), asc(officers.id))
    .limit(1);
  return rows[0]?.id ?? null;
}

export async function isEligibleReviewer(db: DbOrTx, input: { officerId: string; unit: string }): Promise<boolean> {
  const [row] = await db
    .select({ id: officers.id })
    .from(officers)
    .where(
      and(
        eq(officers.id, input.officerId),
        eq(officers.unit, input.unit),
        eq(officers.role, 'reviewer'),
        eq(officers.active, true),
        isNotNull(officers.telegramUserId),
      ),
    );
  return Boolean(row);
}

/** Active supervisors and/or heads of a unit who can be reached on Telegram. */
export async function leadsOf(db: DbOrTx, unit: string, roles: ('supervisor' | 'head')[]) {
  return db
    .select()
    .from(officers)
    .where(and(eq(officers.unit, unit), inArray(officers.role, roles), eq(officers.active, true), isNotNull(officers.telegramUserId)));
}

/** Reviewers of a unit a supervisor can hand a case to, least loaded first. */
export async function reviewersOf(db: DbOrTx, unit: string, except: string | null) {
  return db
    .select({ id: officers.id, displayName: officers.displayName, open: sql<number>`count(${reports.id})::int` })
    .from(officers)
    .leftJoin(reports, and(eq(reports.assigneeId, officers.id), OPEN))
    .where(
      and(
        eq(officers.unit, unit),
        eq(officers.role, 'reviewer'),
        eq(officers.active, true),
        isNotNull(officers.telegramUserId),
        except ? ne(officers.id, except) : undefined,
      ),
    )
    .groupBy(officers.id)
    .orderBy(sql`count(${reports.id}) asc`, asc(officers.displayName));
}
