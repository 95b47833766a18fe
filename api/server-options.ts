import type { FastifyServerOptions } from 'fastify';
import type { Logger } from '../lib/logger.js';

/** Shared by every process that serves HTTP; request logs follow requestSerializer (lib/logger). */
export function serverOptions(logger: Logger): FastifyServerOptions {
  return {
    loggerInstance: logger,
    trustProxy: true,
    bodyLimit: 5 * 1024 * 1024,
  };
}
