import type { FastifyServerOptions } from 'fastify';
import type { Logger } from '../lib/logger.js';

/** Shared by every process that serves HTTP; request logs follow requestSerializer (lib/logger). */
export function serverOptions(logger: Logger): FastifyServerOptions {
  return {
    loggerInstance: logger,
    trustProxy: true,
    bodyLimit: 5 * 1024 * 1024,
    // A body with a property the schema does not allow is refused with 400, not silently trimmed:
    // a client that sends `admin: true` must learn that it was ignored.
    ajv: { customOptions: { removeAdditional: false } },
  };
}
