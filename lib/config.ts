// The one place that reads the environment. Every process parses it once at start-up; a bad or
// missing value stops the process with a message that names the variable and what it expects, and
// never echoes a secret back.
import { z } from 'zod';
import { defaultPolicy, parseDuration, policyProblems, POLICY_VERSION, type ReviewPolicy } from '../workflows/policy.js';

export type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const SECRET_VARIABLES = new Set(['ANTICOR_KEYS', 'ANTICOR_HMAC_KEY', 'TELEGRAM_BOT_TOKEN', 'TELEGRAM_WEBHOOK_SECRET', 'ADMIN_TOKENS', 'CODEC_TOKENS', 'DATABASE_URL']);

const base64Key = (bytes: number) =>
  z.string().transform((value, ctx) => {
    const buf = Buffer.from(value, 'base64');
    if (buf.length < bytes || buf.toString('base64').replace(/=+$/, '') !== value.replace(/=+$/, '')) {
      ctx.addIssue({ code: 'custom', message: `expected at least ${bytes} random bytes in base64 (generate with: openssl rand -base64 ${bytes})` });
      return z.NEVER;
    }
    return buf;
  });

const keyRing = z.string().transform((value, ctx) => {
  const ring = new Map<string, Buffer>();
  for (const entry of value.split(',').map((e) => e.trim()).filter(Boolean)) {
    const [id, key] = entry.split(':');
    const bytes = key ? Buffer.from(key, 'base64') : Buffer.alloc(0);
    if (!id || !/^[A-Za-z0-9_-]{1,16}$/.test(id) || bytes.length !== 32) {
      ctx.addIssue({
        code: 'custom',
        message: 'expected comma-separated "<key id>:<32 bytes in base64>" entries, key ids of 1-16 letters, digits, _ or -',
      });
      return z.NEVER;
    }
    if (ring.has(id)) {
      ctx.addIssue({ code: 'custom', message: `key id "${id}" appears twice` });
      return z.NEVER;
    }
    ring.set(id, bytes);
  }
  if (ring.size === 0) {
    ctx.addIssue({ code: 'custom', message: 'expected at least one "<key id>:<base64 key>" entry' });
    return z.NEVER;
  }
  return ring;
});

const duration = z.string().refine(
  (value) => {
    try {
      return parseDuration(value) > 0;
    } catch {
      return false;
    }
  },
  { message: 'expected an ISO-8601 duration longer than zero, such as P15D, PT24H or PT30S' },
);

const list = z.string().transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean));
const port = z.coerce.number().int().min(1).max(65535);
const positiveInt = z.coerce.number().int().positive();

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'expected a postgres:// connection URL'),

  TEMPORAL_ADDRESS: z.string().regex(/^[^\s:]+:\d+$/, 'expected host:port').default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('anticor-reports'),
  TEMPORAL_TELEGRAM_TASK_QUEUE: z.string().min(1).default('anticor-telegram'),

  TELEGRAM_BOT_TOKEN: z.string().regex(/^\d+:[A-Za-z0-9_-]+$/, 'expected a bot token from @BotFather, like 123456:ABC-DEF'),
  TELEGRAM_API_ROOT: z.url({ message: 'expected a URL of a Bot API server' }).default('https://api.telegram.org'),
  TELEGRAM_BOT_USERNAME: z.string().regex(/^[A-Za-z0-9_]{5,32}$/, 'expected a bot username without @').optional(),
  BOT_MODE: z.enum(['polling', 'webhook']).default('polling'),
  TELEGRAM_WEBHOOK_URL: z.url({ message: 'expected the public https URL of the api webhook route' }).optional(),
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, 'expected 16-256 characters of A-Z, a-z, 0-9, _ and -')
    .optional(),
  BOT_WEBHOOK_PORT: port.default(8080),
  TELEGRAM_MAX_MESSAGES_PER_SECOND: positiveInt.max(30, 'Telegram allows about 30 messages per second').default(20),

  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: port.default(3000),
  ADMIN_TOKENS: list.pipe(
    z.array(z.string().min(32, 'each admin token must be at least 32 characters')).min(1, 'expected at least one admin token'),
  ),
  // Tokens that open the codec endpoints only, for the Temporal UI's endpoint URL: whoever can load
  // the UI sees it, so it must not be an admin token.
  CODEC_TOKENS: list.pipe(z.array(z.string().regex(/^[A-Za-z0-9_-]{32,}$/, 'each codec token must be at least 32 URL-safe characters (openssl rand -hex 32)'))).default([]),
  CODEC_CORS_ORIGINS: list.default(['http://localhost:8233']),

  ANTICOR_KEYS: keyRing,
  ANTICOR_KEY_ID: z.string().optional(),
  ANTICOR_HMAC_KEY: base64Key(32),

  POLICY_REVIEW_DUE: duration.default(defaultPolicy.reviewDue),
  POLICY_EXTENDED_DUE: duration.default(defaultPolicy.extendedDue),
  POLICY_ACCEPT_WITHIN: duration.default(defaultPolicy.acceptWithin),
  POLICY_REMIND_BEFORE: list.pipe(z.array(duration)).default(defaultPolicy.remindBefore),
  POLICY_GRACE_AFTER_REVIEW_DUE: duration.default(defaultPolicy.graceAfterReviewDue),
  POLICY_OVERDUE_REPEAT: duration.default(defaultPolicy.overdueRepeat),
  RECONCILE_EVERY: duration.default('PT1M'),

  MAX_ATTACHMENT_BYTES: positiveInt.max(20 * 1024 * 1024, 'the Bot API serves files up to 20 MB').default(20 * 1024 * 1024),
  MAX_ATTACHMENTS: positiveInt.max(50).default(10),
  REPORTS_PER_DAY: positiveInt.default(5),
  MESSAGES_PER_MINUTE: positiveInt.default(60),
});

export type Config = ReturnType<typeof shape>;

function shape(env: z.infer<typeof schema>) {
  const currentKeyId = env.ANTICOR_KEY_ID ?? [...env.ANTICOR_KEYS.keys()][0]!;
  const policy: ReviewPolicy = {
    version: POLICY_VERSION,
    reviewDue: env.POLICY_REVIEW_DUE,
    extendedDue: env.POLICY_EXTENDED_DUE,
    acceptWithin: env.POLICY_ACCEPT_WITHIN,
    remindBefore: env.POLICY_REMIND_BEFORE,
    graceAfterReviewDue: env.POLICY_GRACE_AFTER_REVIEW_DUE,
    overdueRepeat: env.POLICY_OVERDUE_REPEAT,
  };
  return {
    env: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    databaseUrl: env.DATABASE_URL,
    temporal: {
      address: env.TEMPORAL_ADDRESS,
      namespace: env.TEMPORAL_NAMESPACE,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      telegramTaskQueue: env.TEMPORAL_TELEGRAM_TASK_QUEUE,
    },
    telegram: {
      token: env.TELEGRAM_BOT_TOKEN,
      apiRoot: env.TELEGRAM_API_ROOT.replace(/\/+$/, ''),
      botUsername: env.TELEGRAM_BOT_USERNAME,
      mode: env.BOT_MODE,
      webhookUrl: env.TELEGRAM_WEBHOOK_URL,
      webhookSecret: env.TELEGRAM_WEBHOOK_SECRET,
      webhookPort: env.BOT_WEBHOOK_PORT,
      maxMessagesPerSecond: env.TELEGRAM_MAX_MESSAGES_PER_SECOND,
    },
    api: {
      host: env.API_HOST,
      port: env.API_PORT,
      adminTokens: env.ADMIN_TOKENS,
      codecTokens: env.CODEC_TOKENS,
      corsOrigins: env.CODEC_CORS_ORIGINS,
    },
    keys: { ring: env.ANTICOR_KEYS, currentKeyId, hmacKey: env.ANTICOR_HMAC_KEY },
    policy,
    reconcileEvery: env.RECONCILE_EVERY,
    limits: {
      maxAttachmentBytes: env.MAX_ATTACHMENT_BYTES,
      maxAttachments: env.MAX_ATTACHMENTS,
      reportsPerDay: env.REPORTS_PER_DAY,
      messagesPerMinute: env.MESSAGES_PER_MINUTE,
    },
  };
}

function describeReceived(name: string, value: unknown): string {
  if (value === undefined) return 'it is not set';
  if (SECRET_VARIABLES.has(name)) return 'the value given is not accepted (not shown: it is a secret)';
  return `got "${String(value)}"`;
}

function issuesToProblems(issues: z.core.$ZodIssue[], env: Env): string[] {
  return issues.map((issue) => {
    const name = String(issue.path[0] ?? '');
    return `${name}: ${issue.message}; ${describeReceived(name, env[name])}`;
  });
}

/** Parses and checks every setting; throws a ConfigError naming each bad variable. */
export function loadConfig(env: Env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new ConfigError(issuesToProblems(parsed.error.issues, env));
  const config = shape(parsed.data);
  const problems: string[] = [];
  if (!config.keys.ring.has(config.keys.currentKeyId)) {
    problems.push(`ANTICOR_KEY_ID: expected one of the key ids in ANTICOR_KEYS; got "${config.keys.currentKeyId}"`);
  }
  for (const problem of policyProblems(config.policy)) problems.push(`POLICY_*: ${problem}`);
  if (config.telegram.mode === 'webhook') {
    if (!config.telegram.webhookSecret) problems.push('TELEGRAM_WEBHOOK_SECRET: required when BOT_MODE=webhook; it is not set');
    if (!config.telegram.webhookUrl) problems.push('TELEGRAM_WEBHOOK_URL: required when BOT_MODE=webhook; it is not set');
  }
  if (config.env === 'production' && config.telegram.webhookUrl && !config.telegram.webhookUrl.startsWith('https://')) {
    problems.push('TELEGRAM_WEBHOOK_URL: Telegram delivers webhooks only to https URLs in production');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function orExit<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every variable and what it expects.\n`);
      process.exit(78);
    }
    throw error;
  }
}

/** For process entries: parse once, or print the problems and stop with exit code 78 (EX_CONFIG). */
export function loadConfigOrExit(env: Env = process.env): Config {
  return orExit(() => loadConfig(env));
}

/** The migration command needs the database and nothing else. */
export function loadMigrateConfig(env: Env = process.env): { databaseUrl: string } {
  return orExit(() => {
    const parsed = schema.pick({ DATABASE_URL: true }).safeParse(env);
    if (!parsed.success) throw new ConfigError(issuesToProblems(parsed.error.issues, env));
    return { databaseUrl: parsed.data.DATABASE_URL };
  });
}

/** Settings of the local tooling (scripts/): where cached tools live and explicit overrides. */
export function loadToolsConfig(env: Env = process.env) {
  return {
    toolsDir: env.ANTICOR_TOOLS_DIR,
    temporalCliPath: env.TEMPORAL_CLI_PATH,
    testServerPath: env.TEMPORAL_TEST_SERVER_PATH,
    pathEnv: env.PATH ?? '',
    homeDir: env.HOME,
    xdgCacheHome: env.XDG_CACHE_HOME,
    // go, mvn and java need HOME, GOPROXY, proxies, JAVA_HOME… exactly as the user has them.
    env: { ...env },
  };
}

/**
 * What `npm start` and the local command-line tools take from the environment before anything
 * runs: overrides that replace an embedded component, ports, and where local state lives. The
 * whole environment is passed on to the processes it starts, which validate it with loadConfig.
 */
export function loadLocalStackConfig(env: Env = process.env) {
  const portOf = (name: string, fallback: number) => {
    const value = env[name];
    if (value === undefined || value === '') return fallback;
    const parsed = port.safeParse(value);
    if (!parsed.success) throw new ConfigError([`${name}: expected a port number between 1 and 65535; got "${value}"`]);
    return parsed.data;
  };
  return orExit(() => ({
    databaseUrl: env.DATABASE_URL || undefined,
    temporalAddress: env.TEMPORAL_ADDRESS || undefined,
    telegramBotToken: env.TELEGRAM_BOT_TOKEN || undefined,
    dataDir: env.ANTICOR_DATA_DIR || undefined,
    ports: {
      api: portOf('API_PORT', 3000),
      postgres: portOf('ANTICOR_POSTGRES_PORT', 5433),
      temporal: portOf('ANTICOR_TEMPORAL_PORT', 7233),
      temporalUi: portOf('ANTICOR_TEMPORAL_UI_PORT', 8233),
      fakeTelegram: portOf('ANTICOR_FAKE_TELEGRAM_PORT', 8081),
    },
    uid: process.getuid?.() ?? 0,
    env: { ...env },
  }));
}
