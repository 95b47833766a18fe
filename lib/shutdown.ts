// Graceful stop for the process entries: on SIGINT or SIGTERM, run the closing steps once, in
// order, and give up after a deadline rather than hang a deploy.
import type { Logger } from './logger.js';

export function onShutdown(logger: Logger, name: string, steps: () => Promise<void>, deadlineMs = 10_000) {
  let closing: Promise<void> | null = null;
  const shutdown = (cause: string): Promise<void> => {
    closing ??= (async () => {
      logger.info({ cause }, `${name} shutting down`);
      const force = setTimeout(() => process.exit(1), deadlineMs).unref();
      try {
        await steps();
      } finally {
        clearTimeout(force);
      }
    })();
    return closing;
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  return shutdown;
}
