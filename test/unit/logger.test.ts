import { Writable } from 'node:stream';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { createLogger, describeError, requestSerializer } from '../../lib/logger.js';

/** A logger writing JSON lines into memory. */
function memoryLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  const logger = createLogger({ level: 'debug', name: 'test', destination });
  const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, records };
}

describe('createLogger redaction', () => {
  it('redacts report text, descriptions and chat ids at the top level', () => {
    const { logger, lines, records } = memoryLogger();
    logger.info({ reportId: 'r-1', text: 'SECRET-TEXT', description: 'SECRET-DESCRIPTION', chatId: 987654321 }, 'report received');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/SECRET|987654321/);
    expect(records()[0]).toMatchObject({ reportId: 'r-1', text: '[redacted]', description: '[redacted]', chatId: '[redacted]', msg: 'report received' });
  });

  it('redacts the same fields one level down', () => {
    const { logger, lines, records } = memoryLogger();
    logger.warn({ draft: { text: 'SECRET-TEXT', description: 'SECRET-DESCRIPTION', chatId: 987654321, step: 'review' } }, 'draft');
    expect(lines[0]).not.toMatch(/SECRET|987654321/);
    expect(records()[0]).toMatchObject({ draft: { text: '[redacted]', description: '[redacted]', chatId: '[redacted]', step: 'review' } });
  });

  it('a whole Telegram update is redacted, with the message text inside it', () => {
    const { logger, lines, records } = memoryLogger();
    const update = { update_id: 7, message: { message_id: 1, text: 'SECRET-MESSAGE', chat: { id: 987654321 }, from: { id: 987654321, username: 'whistle' } } };
    logger.error({ update }, 'update failed');
    logger.error({ ctx: { update } }, 'update failed again');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).not.toMatch(/SECRET-MESSAGE|987654321|whistle/);
    expect(records()[0]).toMatchObject({ update: '[redacted]' });
  });

  it('the authorization header of a request is not logged', () => {
    const { logger, lines } = memoryLogger();
    logger.info({ req: { method: 'POST', url: '/admin/officers', headers: { authorization: 'Bearer SECRET-ADMIN-TOKEN', cookie: 'SECRET-COOKIE' } } }, 'request');
    expect(lines[0]).not.toMatch(/SECRET/);
  });

  it('redacts secrets, tokens, summaries, reasons, captions and bodies', () => {
    const { logger, lines, records } = memoryLogger();
    logger.info(
      { token: 'SECRET-1', password: 'SECRET-2', secret: 'SECRET-3', summary: 'SECRET-4', reason: 'SECRET-5', caption: 'SECRET-6', body: 'SECRET-7', from: { id: 5 }, chat_id: 6 },
      'all of them',
    );
    expect(lines[0]).not.toMatch(/SECRET/);
    expect(records()[0]).toMatchObject({ token: '[redacted]', body: '[redacted]', from: '[redacted]', chat_id: '[redacted]' });
  });

  it('keeps ids and the message', () => {
    const { logger, records } = memoryLogger();
    logger.info({ reportId: 'r-1', notice: 'assigned' }, 'notice sent');
    expect(records()[0]).toMatchObject({ reportId: 'r-1', notice: 'assigned', msg: 'notice sent', service: 'test', name: 'test', level: 30 });
  });

  it('respects the level', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(chunk.toString('utf8'));
        callback();
      },
    });
    const logger = createLogger({ level: 'warn', name: 'quiet', destination });
    logger.info('not written');
    logger.warn('written');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('written');
  });
});

describe('requestSerializer', () => {
  it('replaces the codec token in the path', () => {
    expect(requestSerializer({ id: 'req-1', method: 'POST', url: '/codec/SECRET-TOKEN/decode' })).toEqual({
      id: 'req-1',
      method: 'POST',
      route: '/codec/:token/decode',
    });
    expect(requestSerializer({ method: 'POST', url: '/codec/SECRET-TOKEN/encode' }).route).toBe('/codec/:token/encode');
  });

  it('drops query strings', () => {
    expect(requestSerializer({ method: 'GET', url: '/admin/audit?reportId=r-1&token=SECRET' }).route).toBe('/admin/audit');
    expect(requestSerializer({ method: 'OPTIONS', url: '/codec/SECRET-TOKEN/decode?x=1' }).route).toBe('/codec/:token/decode');
  });

  it('prefers the route pattern when the router knows it', () => {
    expect(requestSerializer({ method: 'GET', url: '/admin/cases/r-1?x=1', routeOptions: { url: '/admin/cases/:id' } }).route).toBe('/admin/cases/:id');
  });

  it('keeps other paths', () => {
    expect(requestSerializer({ method: 'GET', url: '/health' }).route).toBe('/health');
    expect(requestSerializer({ method: 'POST', url: '/codec/decode' }).route).toBe('/codec/decode');
  });

  it('the logger uses it for req', () => {
    const { logger, lines, records } = memoryLogger();
    logger.info({ req: { id: 'req-9', method: 'POST', url: '/codec/SECRET-TOKEN/decode?q=SECRET', headers: { authorization: 'SECRET' } } }, 'codec');
    expect(lines[0]).not.toContain('SECRET');
    expect(records()[0]).toMatchObject({ req: { id: 'req-9', method: 'POST', route: '/codec/:token/decode' } });
  });
});

describe('describeError', () => {
  it("strips drizzle's failed-query message down to the driver's message and code", () => {
    const cause = new postgres.PostgresError({ message: 'duplicate key value violates unique constraint "reports_case_code_unique"' } as never);
    Object.assign(cause, { code: '23505', detail: 'Key (case_code)=(AC-SECR-ET00) already exists.' });
    const error = new DrizzleQueryError('insert into "reports" ("description_enc") values ($1)', ['\\xSECRET-CIPHERTEXT', 'AC-SECR-ET00'], cause);
    expect(error.message).toMatch(/^Failed query: /);
    expect(describeError(error)).toEqual({
      type: 'PostgresError',
      message: 'duplicate key value violates unique constraint "reports_case_code_unique"',
      code: '23505',
    });
  });

  it('leaves the code out when the cause has none', () => {
    const error = new DrizzleQueryError('select 1', [], new Error('connection refused'));
    expect(describeError(error)).toEqual({ type: 'Error', message: 'connection refused' });
  });

  it('keeps only the first line of other errors', () => {
    expect(describeError(new TypeError('bad input\nwith a second line holding data'))).toEqual({ type: 'TypeError', message: 'bad input' });
  });

  it('describes what is not an Error', () => {
    expect(describeError('plain string')).toEqual({ type: 'string', message: 'plain string' });
    expect(describeError(undefined)).toEqual({ type: 'undefined', message: 'undefined' });
  });
});
