// The admin API: officers and invites, the audit log, statistics. Every route needs an admin token.
import { describeError } from '../../lib/logger.js';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'drizzle-orm';
import { auditOfReport, recentAudit } from '../../db/repositories/audit.js';
import { createInvite, deactivateOfficer, listOfficers } from '../../db/repositories/officers.js';
import { reportFacts } from '../../db/repositories/reports.js';
import { OFFICER_ROLES, reports } from '../../db/schema.js';
import { UNITS } from '../../lib/catalog.js';
import { inviteLink } from '../../lib/invites.js';
import { officerDeactivatedSignal, workflowIdFor } from '../../workflows/messages.js';

const ErrorBody = Type.Object({ statusCode: Type.Integer(), error: Type.String(), message: Type.String() });
const Uuid = Type.String({ format: 'uuid' });

const InviteBody = Type.Object(
  {
    role: Type.Union(OFFICER_ROLES.map((r) => Type.Literal(r))),
    unit: Type.Union(UNITS.map((u) => Type.Literal(u))),
    displayName: Type.String({ minLength: 2, maxLength: 100 }),
    ttlHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 * 14, default: 72 })),
  },
  { additionalProperties: false },
);

const Officer = Type.Object({
  id: Uuid,
  displayName: Type.String(),
  role: Type.String(),
  unit: Type.String(),
  language: Type.String(),
  active: Type.Boolean(),
  linked: Type.Boolean(),
  openCases: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  deactivatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actorKind: Type.String(),
  actorOfficerId: Type.Union([Uuid, Type.Null()]),
  reportId: Type.Union([Uuid, Type.Null()]),
  action: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown()),
});

const toAudit = (row: Awaited<ReturnType<typeof auditOfReport>>[number]) => ({ ...row, at: row.at.toISOString() });

const admin: FastifyPluginAsyncTypebox = async (fastify) => {
  const { db, vault, temporal, config } = fastify.deps;
  fastify.addHook('onRequest', fastify.requireAdmin);

  fastify.post(
    '/officers/invites',
    {
      schema: {
        summary: 'Create a one-time invite link for an officer',
        body: InviteBody,
        response: {
          201: Type.Object({ inviteId: Uuid, code: Type.String(), link: Type.Union([Type.String(), Type.Null()]), expiresAt: Type.String() }),
          401: ErrorBody,
        },
      },
    },
    async (request, reply) => {
      const { role, unit, displayName, ttlHours = 72 } = request.body;
      const invite = await createInvite(db, vault, { role, unit, displayName, ttlMs: ttlHours * 3600_000, createdBy: request.adminLabel ?? 'admin' });
      return reply.status(201).send({
        inviteId: invite.id,
        code: invite.code,
        link: inviteLink(config.telegram.botUsername, invite.code),
        expiresAt: invite.expiresAt.toISOString(),
      });
    },
  );

  fastify.get(
    '/officers',
    { schema: { summary: 'List officers with their open cases', response: { 200: Type.Object({ officers: Type.Array(Officer) }) } } },
    async () => ({
      officers: (await listOfficers(db)).map((o) => ({
        ...o,
        createdAt: o.createdAt.toISOString(),
        deactivatedAt: o.deactivatedAt?.toISOString() ?? null,
      })),
    }),
  );

  fastify.post(
    '/officers/:id/deactivate',
    {
      schema: {
        summary: 'Deactivate an officer; their open cases move to other reviewers (repeat to retry telling them)',
        params: Type.Object({ id: Uuid }),
        response: { 200: Type.Object({ reassignedCases: Type.Integer(), notYetReassigned: Type.Integer() }), 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const open = await deactivateOfficer(db, request.params.id, request.adminLabel ?? 'admin');
      if (open === null) return reply.notFound('No officer with this id.');
      let signalled = 0;
      for (const reportId of open) {
        try {
          await temporal.workflow.getHandle(workflowIdFor(reportId)).signal(officerDeactivatedSignal, { officerId: request.params.id });
          signalled += 1;
        } catch (error) {
          request.log.error({ reportId, error: describeError(error) }, 'could not tell a case its officer left');
        }
      }
      // A case not told now keeps the departed officer until told: the count says so, and calling
      // this again tells the remaining cases (it is idempotent for an inactive officer).
      return { reassignedCases: signalled, notYetReassigned: open.length - signalled };
    },
  );

  fastify.get(
    '/reports/:id/audit',
    {
      schema: {
        summary: 'The audit trail of one report',
        params: Type.Object({ id: Uuid }),
        response: { 200: Type.Object({ entries: Type.Array(AuditEntry) }), 404: ErrorBody },
      },
    },
    async (request, reply) => {
      if (!(await reportFacts(db, request.params.id))) return reply.notFound('No report with this id.');
      return { entries: (await auditOfReport(db, request.params.id)).map(toAudit) };
    },
  );

  fastify.get(
    '/audit',
    {
      schema: {
        summary: 'The audit log, newest first',
        querystring: Type.Object({
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
          before: Type.Optional(Type.Integer({ minimum: 1 })),
        }),
        response: { 200: Type.Object({ entries: Type.Array(AuditEntry) }) },
      },
    },
    async (request) => ({ entries: (await recentAudit(db, request.query.limit, request.query.before)).map(toAudit) }),
  );

  fastify.get(
    '/stats',
    {
      schema: {
        summary: 'Counts of cases by status and unit, overdue cases and decision times',
        response: {
          200: Type.Object({
            byStatus: Type.Record(Type.String(), Type.Integer()),
            byUnit: Type.Record(Type.String(), Type.Integer()),
            open: Type.Integer(),
            overdue: Type.Integer(),
            decided: Type.Integer(),
            decidedWithinReviewPeriod: Type.Integer(),
            medianDaysToDecision: Type.Union([Type.Number(), Type.Null()]),
          }),
        },
      },
    },
    async () => {
      const byStatus = await db.select({ key: reports.status, n: sql<number>`count(*)::int` }).from(reports).groupBy(reports.status);
      const byUnit = await db.select({ key: reports.unit, n: sql<number>`count(*)::int` }).from(reports).groupBy(reports.unit);
      const [summary] = await db
        .select({
          open: sql<number>`count(*) filter (where ${reports.status} <> 'decided')::int`,
          overdue: sql<number>`count(*) filter (where ${reports.status} <> 'decided' and now() > coalesce(${reports.extendedDueAt}, ${reports.reviewDueAt}))::int`,
          decided: sql<number>`count(*) filter (where ${reports.status} = 'decided')::int`,
          inTime: sql<number>`count(*) filter (where ${reports.decidedAt} <= ${reports.reviewDueAt})::int`,
          median: sql<number | null>`percentile_cont(0.5) within group (order by extract(epoch from ${reports.decidedAt} - ${reports.receivedAt}) / 86400) filter (where ${reports.decidedAt} is not null)`,
        })
        .from(reports);
      return {
        byStatus: Object.fromEntries(byStatus.map((r) => [r.key, r.n])),
        byUnit: Object.fromEntries(byUnit.map((r) => [r.key, r.n])),
        open: summary?.open ?? 0,
        overdue: summary?.overdue ?? 0,
        decided: summary?.decided ?? 0,
        decidedWithinReviewPeriod: summary?.inTime ?? 0,
        medianDaysToDecision: summary?.median === null || summary?.median === undefined ? null : Math.round(Number(summary.median) * 10) / 10,
      };
    },
  );
};

export default admin;
