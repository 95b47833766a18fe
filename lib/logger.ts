// Logs are read by many people and kept for long; they must never hold report text, update bodies,
// a whistleblower's id or a secret. Redaction is the safety net; the habit is to log ids only.
import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

export const REDACT_PATHS = [
  'token',
  '*.token',
  'password',
  '*.password',
  'secret',
  '*.secret',
  'text',
  '*.text',
  '*.*.text',
  '*.*.caption',
  'caption',
  '*.caption',
  'description',
  '*.description',
  'summary',
  '*.summary',
  'reason',
  '*.reason',
  'chatId',
  '*.chatId',
  'chat_id',
  '*.chat_id',
  'from',
  '*.from',
  'chat',
  '*.chat',
  'update',
  '*.update',
  'body',
  '*.body',
  'req.headers.authorization',
  'req.headers["x-telegram-bot-api-secret-token"]',
  'req.headers.cookie',
];

interface LoggableRequest {
  id?: string;
  method?: string;
  url?: string;
  routeOptions?: { url?: string };
}

/** A path as it may be logged: no query string, and no token after /codec/. */
function loggablePath(url: string | undefined): string | undefined {
  const path = url?.split('?')[0];
  if (path === undefined || /^\/+codec\/(de|en)code\/?$/.test(path)) return path;
  return path.replace(/^\/+codec\/+[^/]*/, '/codec/:token');
}

/** Requests are logged by route pattern: no query strings, no tokens in paths, no bodies. */
export function requestSerializer(request: LoggableRequest) {
  return {
    id: request.id,
    method: request.method,
    // Unmatched paths (a 404) have no route pattern, and may carry a codec token after /codec/.
    route: request.routeOptions?.url ?? loggablePath(request.url),
  };
}

export function createLogger(options: { level: string; name: string; destination?: pino.DestinationStream }): Logger {
  const config: LoggerOptions = {
    level: options.level,
    name: options.name,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { service: options.name },
    serializers: { req: requestSerializer },
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}

/**
 * A loggable summary of an error. Database errors from drizzle carry the query's parameters in
 * their message, which may hold ciphertexts or ids we do not want in logs: only the driver's own
 * message and code are kept.
 */
export function describeError(error: unknown): { type: string; message: string; code?: string } {
  if (!(error instanceof Error)) return { type: typeof error, message: String(error) };
  if (error.message.startsWith('Failed query:') && error.cause instanceof Error) {
    const cause = error.cause as Error & { code?: string };
    return { type: cause.name, message: cause.message, ...(cause.code ? { code: cause.code } : {}) };
  }
  return { type: error.name, message: error.message.split('\n')[0]! };
}
