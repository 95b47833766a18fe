// The remote codec for the Temporal Web UI: it posts encrypted payloads and shows what comes back.
// Only admins may decode; only the configured UI origins may call from a browser.
import { describeError } from '../../lib/logger.js';
import cors from '@fastify/cors';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Payload } from '@temporalio/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { EncryptionCodec } from '../../lib/payload-codec.js';

const JsonPayload = Type.Object({
  metadata: Type.Optional(Type.Record(Type.String(), Type.String({ contentEncoding: 'base64' }))),
  data: Type.Optional(Type.String({ contentEncoding: 'base64' })),
});
const Body = Type.Object({ payloads: Type.Array(JsonPayload, { maxItems: 1000 }) });

type JsonPayloadT = { metadata?: Record<string, string>; data?: string };

const fromJson = (p: JsonPayloadT): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: p.data === undefined ? undefined : Buffer.from(p.data, 'base64'),
});
const toJson = (p: Payload): JsonPayloadT => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')])),
  ...(p.data ? { data: Buffer.from(p.data).toString('base64') } : {}),
});

const codecRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const codec = new EncryptionCodec(fastify.deps.config.keys);
  const origins = new Set(fastify.deps.config.api.corsOrigins);

  await fastify.register(cors, {
    origin: (origin, callback) => callback(null, origin === undefined || origins.has(origin)),
    methods: ['POST', 'OPTIONS'],
    allowedHeaders: ['content-type', 'x-namespace', 'authorization'],
    credentials: true,
    maxAge: 600,
  });

  /** An admin's bearer header, or a codec token in the path (the UI's configured endpoint). */
  const authorise = async (request: FastifyRequest<{ Params: { token?: string } }>, reply: FastifyReply) => {
    const origin = request.headers.origin;
    if (origin !== undefined && !origins.has(origin)) return reply.forbidden('This origin may not use the codec.');
    if (request.params.token !== undefined) {
      if (!fastify.isCodecToken(request.params.token)) return reply.unauthorized('This codec endpoint is not valid.');
      return;
    }
    return fastify.requireAdmin(request, reply);
  };

  const schema = (summary: string) => ({
    summary,
    body: Body,
    response: { 200: Body },
  });
  const run = async (direction: 'encode' | 'decode', request: FastifyRequest, reply: FastifyReply, body: { payloads: JsonPayloadT[] }) => {
    try {
      const payloads = body.payloads.map(fromJson);
      const out = direction === 'decode' ? await codec.decode(payloads) : await codec.encode(payloads);
      return { payloads: out.map(toJson) };
    } catch (error) {
      request.log.warn({ error: describeError(error) }, `codec ${direction} refused`);
      return reply.badRequest(`These payloads cannot be ${direction}d with this server's keys.`);
    }
  };

  for (const prefix of ['/codec', '/codec/:token'] as const) {
    for (const direction of ['decode', 'encode'] as const) {
      fastify.post(
        `${prefix}/${direction}`,
        { schema: schema(direction === 'decode' ? 'Decrypt payloads for the Temporal UI' : 'Encrypt payloads for the Temporal UI'), preHandler: authorise },
        async (request, reply) => run(direction, request, reply, request.body),
      );
    }
  }
};

export default codecRoutes;
