import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'drizzle-orm';
import { describeError } from '../../lib/logger.js';

const Check = Type.Object({ ok: Type.Boolean(), error: Type.Optional(Type.String()) });

/** Readiness waits at most this long for each dependency, so a hung one answers 503, not a timeout. */
const CHECK_TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS).unref()),
  ]);
}

const health: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/healthz',
    { schema: { summary: 'The process is alive', response: { 200: Type.Object({ status: Type.Literal('ok') }) } } },
    async () => ({ status: 'ok' as const }),
  );

  fastify.get(
    '/readyz',
    {
      schema: {
        summary: 'Postgres and Temporal are reachable',
        response: {
          200: Type.Object({ status: Type.Literal('ready'), postgres: Check, temporal: Check }),
          503: Type.Object({ status: Type.Literal('not-ready'), postgres: Check, temporal: Check }),
        },
      },
    },
    async (_request, reply) => {
      const { db, temporal } = fastify.deps;
      const check = async (what: string, probe: () => Promise<unknown>) => {
        try {
          await withTimeout(probe(), what);
          return { ok: true };
        } catch (error) {
          return { ok: false, error: describeError(error).message };
        }
      };
      const [postgres, temporalCheck] = await Promise.all([
        check('Postgres', () => db.execute(sql`select 1`)),
        check('Temporal', () =>
          temporal.withDeadline(Date.now() + CHECK_TIMEOUT_MS, () => temporal.workflowService.getSystemInfo({})),
        ),
      ]);
      if (postgres.ok && temporalCheck.ok) return { status: 'ready' as const, postgres, temporal: temporalCheck };
      return reply.status(503).send({ status: 'not-ready' as const, postgres, temporal: temporalCheck });
    },
  );
};

export default health;
