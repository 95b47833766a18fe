// One error handler: a client's mistake gets its 4xx with the reason; our own failure is logged
// with context and answered with a generic 500 that reveals nothing.
import { STATUS_CODES } from 'node:http';
import fp from 'fastify-plugin';
import { describeError } from '../../lib/logger.js';

export default fp(
  async (fastify) => {
    fastify.setErrorHandler((error: Error & { statusCode?: number; validation?: unknown }, request, reply) => {
      const status = error.statusCode ?? 500;
      if (status >= 500) {
        request.log.error({ error: describeError(error) }, 'request failed');
        return reply.status(status).send({ statusCode: status, error: 'Internal Server Error', message: 'Something went wrong on our side.' });
      }
      return reply.status(status).send({ statusCode: status, error: STATUS_CODES[status] ?? 'Error', message: error.message });
    });
    fastify.setNotFoundHandler((_request, reply) =>
      reply.status(404).send({ statusCode: 404, error: 'Not Found', message: 'There is no such route.' }),
    );
  },
  { name: 'errors' },
);
