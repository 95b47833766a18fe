import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, loadLocalStackConfig, loadMigrateConfig, type Env } from '../../lib/config.js';
import { defaultPolicy } from '../../workflows/policy.js';
import { testEnv } from '../helpers/keys.js';

/** The ConfigError thrown for an environment; fails the test when there is none. */
function configError(env: Env): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError, but the configuration loaded');
}

const KEY_A = Buffer.alloc(32, 7).toString('base64');
const KEY_B = Buffer.alloc(32, 8).toString('base64');

describe('loadConfig with a valid environment', () => {
  const config = loadConfig(testEnv());

  it('reads the required values', () => {
    expect(config.env).toBe('test');
    expect(config.databaseUrl).toBe('postgres://postgres:x@127.0.0.1:5432/anticor');
    expect(config.telegram.token).toBe('123456:TEST-TOKEN');
    expect(config.api.adminTokens).toEqual(['a'.repeat(40)]);
    expect(config.keys.currentKeyId).toBe('test1');
    expect([...config.keys.ring.keys()]).toEqual(['test1']);
    expect(config.keys.ring.get('test1')?.equals(Buffer.alloc(32, 7))).toBe(true);
    expect(config.keys.hmacKey.equals(Buffer.alloc(32, 9))).toBe(true);
  });

  it('fills in the defaults', () => {
    expect(config.policy).toEqual(defaultPolicy);
    expect(config.api.port).toBe(3000);
    expect(config.api.host).toBe('127.0.0.1');
    expect(config.telegram.webhookPort).toBe(8080);
    expect(config.telegram.mode).toBe('polling');
    expect(config.telegram.apiRoot).toBe('https://api.telegram.org');
    expect(config.telegram.maxMessagesPerSecond).toBe(20);
    expect(config.temporal).toEqual({
      address: 'localhost:7233',
      namespace: 'default',
      taskQueue: 'anticor-reports',
      telegramTaskQueue: 'anticor-telegram',
    });
    expect(config.logLevel).toBe('info');
    expect(config.api.corsOrigins).toEqual(['http://localhost:8233']);
    expect(config.reconcileEvery).toBe('PT1M');
    expect(config.limits).toEqual({ maxAttachmentBytes: 20 * 1024 * 1024, maxAttachments: 10, reportsPerDay: 5, messagesPerMinute: 60 });
  });

  it('NODE_ENV defaults to development', () => {
    expect(loadConfig(testEnv({ NODE_ENV: undefined })).env).toBe('development');
  });

  it('reads ports and lists', () => {
    const custom = loadConfig(
      testEnv({
        API_PORT: '4000',
        BOT_WEBHOOK_PORT: '9090',
        ADMIN_TOKENS: `${'b'.repeat(32)}, ${'c'.repeat(33)},`,
        CODEC_CORS_ORIGINS: 'https://ui.example.org, http://localhost:8080',
        TELEGRAM_API_ROOT: 'http://127.0.0.1:8081/',
      }),
    );
    expect(custom.api.port).toBe(4000);
    expect(custom.telegram.webhookPort).toBe(9090);
    expect(custom.api.adminTokens).toEqual(['b'.repeat(32), 'c'.repeat(33)]);
    expect(custom.api.corsOrigins).toEqual(['https://ui.example.org', 'http://localhost:8080']);
    expect(custom.telegram.apiRoot).toBe('http://127.0.0.1:8081');
  });
});

describe('loadConfig: missing required variables', () => {
  it.each(['DATABASE_URL', 'TELEGRAM_BOT_TOKEN', 'ADMIN_TOKENS', 'ANTICOR_KEYS', 'ANTICOR_HMAC_KEY'])(
    'without %s it throws a ConfigError naming the variable',
    (name) => {
      const error = configError(testEnv({ [name]: undefined }));
      expect(error.name).toBe('ConfigError');
      expect(error.problems).toHaveLength(1);
      expect(error.problems[0]).toMatch(new RegExp(`^${name}: .*it is not set$`));
      expect(error.message).toContain(name);
    },
  );

  it('names every missing variable at once', () => {
    const error = configError({});
    for (const name of ['DATABASE_URL', 'TELEGRAM_BOT_TOKEN', 'ADMIN_TOKENS', 'ANTICOR_KEYS', 'ANTICOR_HMAC_KEY']) {
      expect(error.message).toContain(`${name}:`);
    }
  });
});

describe('loadConfig: bad values', () => {
  it.each([
    ['API_PORT', '99999', null],
    ['API_PORT', 'http', null],
    ['LOG_LEVEL', 'verbose', null],
    ['BOT_MODE', 'push', null],
    ['TEMPORAL_ADDRESS', 'localhost', 'expected host:port'],
    ['TELEGRAM_MAX_MESSAGES_PER_SECOND', '100', 'Telegram allows about 30 messages per second'],
    ['MAX_ATTACHMENT_BYTES', '52428800', 'the Bot API serves files up to 20 MB'],
    ['TELEGRAM_BOT_USERNAME', '@anticor_bot', 'expected a bot username without @'],
    ['POLICY_REVIEW_DUE', 'P1M', 'expected an ISO-8601 duration'],
  ])('a bad %s (%s) is named and echoed', (name, value, expectation) => {
    const error = configError(testEnv({ [name]: value }));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(new RegExp(`^${name}: .+; got "${value}"$`));
    if (expectation !== null) expect(error.problems[0]).toContain(expectation);
  });

  it('the problem says what is expected', () => {
    expect(configError(testEnv({ TEMPORAL_ADDRESS: 'localhost' })).problems[0]).toBe('TEMPORAL_ADDRESS: expected host:port; got "localhost"');
    expect(configError(testEnv({ ANTICOR_HMAC_KEY: 'c2hvcnQ=' })).message).toContain('expected at least 32 random bytes in base64');
  });

  it.each([
    ['ANTICOR_HMAC_KEY', 'not-base64-secret-xyz'],
    ['ANTICOR_HMAC_KEY', Buffer.alloc(16, 1).toString('base64')],
    ['ANTICOR_KEYS', 'k1:not-a-real-key-secret-xyz'],
    ['ANTICOR_KEYS', `k1:${KEY_A},k1:${KEY_B}`],
    ['TELEGRAM_BOT_TOKEN', 'secret token with spaces'],
    ['ADMIN_TOKENS', 'short-admin-secret-xyz'],
    ['DATABASE_URL', 'mysql://root:hunter2-secret@db/anticor'],
  ])('a bad %s is named but its value %j is not echoed', (name, value) => {
    const error = configError(testEnv({ [name]: value }));
    expect(error.message).toContain(`${name}:`);
    expect(error.message).not.toContain(value);
    expect(error.message).toContain('not shown: it is a secret');
  });

  it('a bad webhook secret is not echoed', () => {
    const value = 'tiny!secret';
    const error = configError(testEnv({ TELEGRAM_WEBHOOK_SECRET: value }));
    expect(error.message).toContain('TELEGRAM_WEBHOOK_SECRET:');
    expect(error.message).not.toContain(value);
  });

  it('a key ring naming one id twice is refused', () => {
    expect(configError(testEnv({ ANTICOR_KEYS: `k1:${KEY_A},k1:${KEY_B}` })).message).toContain('key id "k1" appears twice');
  });

  it('a key of the wrong length is refused', () => {
    const error = configError(testEnv({ ANTICOR_KEYS: `k1:${Buffer.alloc(16, 1).toString('base64')}` }));
    expect(error.problems[0]).toMatch(/^ANTICOR_KEYS: expected comma-separated/);
  });

  it('reports every bad variable at once', () => {
    const error = configError(testEnv({ API_PORT: '0', LOG_LEVEL: 'loud', DATABASE_URL: undefined }));
    expect(error.problems.map((p) => p.split(':')[0]).sort()).toEqual(['API_PORT', 'DATABASE_URL', 'LOG_LEVEL']);
  });
});

describe('loadConfig: key ring', () => {
  const twoKeys = `old:${KEY_A}, new:${KEY_B}`;

  it('the first key of the ring is current unless ANTICOR_KEY_ID says otherwise', () => {
    expect(loadConfig(testEnv({ ANTICOR_KEYS: twoKeys })).keys.currentKeyId).toBe('old');
    const rotated = loadConfig(testEnv({ ANTICOR_KEYS: twoKeys, ANTICOR_KEY_ID: 'new' }));
    expect(rotated.keys.currentKeyId).toBe('new');
    expect([...rotated.keys.ring.keys()]).toEqual(['old', 'new']);
    expect(rotated.keys.ring.get('new')?.equals(Buffer.alloc(32, 8))).toBe(true);
  });

  it('ANTICOR_KEY_ID must be in the ring', () => {
    const error = configError(testEnv({ ANTICOR_KEYS: twoKeys, ANTICOR_KEY_ID: 'newest' }));
    expect(error.problems).toEqual(['ANTICOR_KEY_ID: expected one of the key ids in ANTICOR_KEYS; got "newest"']);
  });
});

describe('loadConfig: policy', () => {
  it('POLICY_* overrides in ISO durations apply', () => {
    const config = loadConfig(
      testEnv({
        POLICY_REVIEW_DUE: 'PT10M',
        POLICY_EXTENDED_DUE: 'PT20M',
        POLICY_ACCEPT_WITHIN: 'PT2M',
        POLICY_REMIND_BEFORE: 'PT5M, PT1M',
        POLICY_GRACE_AFTER_REVIEW_DUE: 'PT1M',
        POLICY_OVERDUE_REPEAT: 'PT30S',
      }),
    );
    expect(config.policy).toEqual({
      version: defaultPolicy.version,
      reviewDue: 'PT10M',
      extendedDue: 'PT20M',
      acceptWithin: 'PT2M',
      remindBefore: ['PT5M', 'PT1M'],
      graceAfterReviewDue: 'PT1M',
      overdueRepeat: 'PT30S',
    });
  });

  it('one override keeps the other defaults', () => {
    expect(loadConfig(testEnv({ POLICY_ACCEPT_WITHIN: 'PT12H' })).policy).toEqual({ ...defaultPolicy, acceptWithin: 'PT12H' });
  });

  it('an inconsistent policy fails naming POLICY_', () => {
    const error = configError(testEnv({ POLICY_EXTENDED_DUE: 'P10D' }));
    expect(error.message).toContain('POLICY_');
    expect(error.problems.some((p) => p.startsWith('POLICY_') && p.includes('extendedDue (P10D) cannot come before reviewDue (P15D)'))).toBe(true);
  });

  it('a zero duration is refused', () => {
    const error = configError(testEnv({ POLICY_OVERDUE_REPEAT: 'PT0S' }));
    expect(error.problems[0]).toMatch(/^POLICY_OVERDUE_REPEAT: expected an ISO-8601 duration longer than zero/);
  });

  it('a bad reminder is named', () => {
    const error = configError(testEnv({ POLICY_REMIND_BEFORE: 'P5D,P1M' }));
    expect(error.problems[0]).toMatch(/^POLICY_REMIND_BEFORE: /);
  });
});

describe('loadConfig: webhook mode', () => {
  const url = 'https://anticor.example.org/telegram/webhook';
  const secret = 'S'.repeat(32);

  it('requires the secret and the URL', () => {
    const error = configError(testEnv({ BOT_MODE: 'webhook' }));
    expect(error.problems).toEqual([
      'TELEGRAM_WEBHOOK_SECRET: required when BOT_MODE=webhook; it is not set',
      'TELEGRAM_WEBHOOK_URL: required when BOT_MODE=webhook; it is not set',
    ]);
  });

  it('requires the URL even with the secret', () => {
    expect(configError(testEnv({ BOT_MODE: 'webhook', TELEGRAM_WEBHOOK_SECRET: secret })).problems).toEqual([
      'TELEGRAM_WEBHOOK_URL: required when BOT_MODE=webhook; it is not set',
    ]);
  });

  it('loads with both', () => {
    const config = loadConfig(testEnv({ BOT_MODE: 'webhook', TELEGRAM_WEBHOOK_SECRET: secret, TELEGRAM_WEBHOOK_URL: url }));
    expect(config.telegram).toMatchObject({ mode: 'webhook', webhookSecret: secret, webhookUrl: url });
  });

  it('production refuses a plain http webhook URL', () => {
    const error = configError(
      testEnv({ NODE_ENV: 'production', BOT_MODE: 'webhook', TELEGRAM_WEBHOOK_SECRET: secret, TELEGRAM_WEBHOOK_URL: 'http://anticor.example.org/hook' }),
    );
    expect(error.problems).toEqual(['TELEGRAM_WEBHOOK_URL: Telegram delivers webhooks only to https URLs in production']);
  });
});

describe('loadMigrateConfig', () => {
  it('needs only the database URL', () => {
    expect(loadMigrateConfig({ DATABASE_URL: 'postgresql://u:p@localhost/db' })).toEqual({ databaseUrl: 'postgresql://u:p@localhost/db' });
  });
});

describe('loadLocalStackConfig', () => {
  it('uses the default ports when nothing is set', () => {
    expect(loadLocalStackConfig({}).ports).toEqual({ api: 3000, postgres: 5433, temporal: 7233, temporalUi: 8233, fakeTelegram: 8081 });
  });

  it('reads the port overrides and treats empty values as unset', () => {
    const local = loadLocalStackConfig({
      API_PORT: '3100',
      ANTICOR_POSTGRES_PORT: '6543',
      ANTICOR_TEMPORAL_PORT: '',
      ANTICOR_TEMPORAL_UI_PORT: '9233',
      ANTICOR_FAKE_TELEGRAM_PORT: '18081',
      DATABASE_URL: '',
      TELEGRAM_BOT_TOKEN: '123:abc',
    });
    expect(local.ports).toEqual({ api: 3100, postgres: 6543, temporal: 7233, temporalUi: 9233, fakeTelegram: 18081 });
    expect(local.databaseUrl).toBeUndefined();
    expect(local.telegramBotToken).toBe('123:abc');
  });

  it('passes the whole environment on as a copy', () => {
    const env = { SOMETHING: 'x' };
    const local = loadLocalStackConfig(env);
    expect(local.env).toEqual(env);
    expect(local.env).not.toBe(env);
  });
});
