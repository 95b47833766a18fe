// Admin routes take a bearer token from ADMIN_TOKENS, compared in constant time. The Temporal UI
// cannot send headers to a codec server without its own login, so the codec routes also accept a
// token in the path: a codec token (CODEC_TOKENS), which opens nothing else, because every browser
// that loads the UI receives that URL. Paths are never logged with it (lib/logger requestSerializer).
import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    requireAdmin: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    isCodecToken: (token: string | undefined) => boolean;
  }
  interface FastifyRequest {
    adminLabel?: string;
  }
}

const digest = (value: string) => createHash('sha256').update(value).digest();

export default fp(
  async (fastify) => {
    const labelled = (tokens: string[], kind: string) => tokens.map((token, index) => ({ digest: digest(token), label: `${kind}-token-${index + 1}` }));
    const admin = labelled(fastify.deps.config.api.adminTokens, 'admin');
    const codec = labelled(fastify.deps.config.api.codecTokens, 'codec');

    const matcher = (tokens: { digest: Buffer; label: string }[]) => (token: string | undefined) => {
      if (!token) return null;
      const candidate = digest(token);
      let found: string | null = null;
      // Compare against every token so timing does not reveal which one (or whether any) matched.
      for (const t of tokens) if (timingSafeEqual(candidate, t.digest)) found = t.label;
      return found;
    };
    const match = matcher(admin);
    const matchCodec = matcher(codec);

    fastify.decorate('isCodecToken', (token: string | undefined) => matchCodec(token) !== null);
    fastify.decorate('requireAdmin', async (request: FastifyRequest, reply: FastifyReply) => {
      const header = request.headers.authorization;
      // Auth schemes are case-insensitive (RFC 9110): "bearer" is as good as "Bearer".
      const token = /^bearer\s+/i.test(header ?? '') ? header!.replace(/^bearer\s+/i, '').trim() : undefined;
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
