// Admin routes take a bearer token from ADMIN_TOKENS, compared in constant time. The Temporal UI
// cannot send headers to a codec server without its own login, so the codec routes also accept the
// token as a path segment (never logged: see the request serializer in api/server.ts).
import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    requireAdmin: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    isAdminToken: (token: string | undefined) => boolean;
  }
  interface FastifyRequest {
    adminLabel?: string;
  }
}

const digest = (value: string) => createHash('sha256').update(value).digest();

export default fp(
  async (fastify) => {
    const tokens = fastify.deps.config.api.adminTokens.map((token, index) => ({ digest: digest(token), label: `admin-token-${index + 1}` }));

    const match = (token: string | undefined) => {
      if (!token) return null;
      const candidate = digest(token);
      let found: string | null = null;
      // Compare against every token so timing does not reveal which one (or whether any) matched.
      for (const t of tokens) if (timingSafeEqual(candidate, t.digest)) found = t.label;
      return found;
    };

    fastify.decorate('isAdminToken', (token: string | undefined) => match(token) !== null);
    fastify.decorate('requireAdmin', async (request: FastifyRequest, reply: FastifyReply) => {
      const header = request.headers.authorization;
      const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
      const label = match(token);
      if (!label) {
        reply.header('www-authenticate', 'Bearer realm="anticor-admin"');
        return reply.unauthorized(token ? 'This admin token is not valid.' : 'An admin bearer token is required (Authorization: Bearer <token>).');
      }
      request.adminLabel = label;
    });
  },
  { name: 'admin-auth', dependencies: ['deps', '@fastify/sensible'] },
);
