// docker-compose.yml is the production shape. No Docker engine runs here, so these tests read the
// file the way compose resolves it (scripts/check-compose.sh, with dummy secrets) and check what
// production relies on: secrets that must come from outside, processes that accept the
// environment they are given, start-up order, and what is reachable from outside.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { TypedSearchAttributes } from '@temporalio/common';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Env } from '../../lib/config.js';
import { SEARCH_ATTRIBUTES } from '../../workflows/search-attributes.js';

const execFileAsync = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** What production must never start without; none of them may have a default in the file. */
const SECRETS = [
  'ANTICOR_KEYS',
  'ANTICOR_HMAC_KEY',
  'ADMIN_TOKENS',
  'TEMPORAL_UI_CODEC_TOKEN',
  'TELEGRAM_BOT_TOKEN',
  'TELEGRAM_WEBHOOK_SECRET',
  'POSTGRES_PASSWORD',
  'ANTICOR_DB_PASSWORD',
  'TEMPORAL_DB_PASSWORD',
];
const APP_SERVICES = ['migrate', 'worker', 'api', 'bot'] as const;
const LONG_RUNNING_APP_SERVICES = ['worker', 'api', 'bot'] as const;

interface Service {
  image?: string;
  command?: string[] | string;
  entrypoint?: string[] | string;
  environment?: Record<string, string | null>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[] | string };
  ports?: (string | { host_ip?: string; published?: string | number; target: number })[];
  volumes?: (string | { type: string; source?: string; target: string })[];
  deploy?: { replicas?: number | string };
  scale?: number;
  user?: string;
}
interface Compose {
  services: Record<string, Service>;
}

let checkOutput: string;
let compose: Compose;
let composeText: string;

beforeAll(async () => {
  // The first run may install docker-compose (see the script); later runs take a few seconds.
  const check = await execFileAsync('bash', ['scripts/check-compose.sh'], { cwd: ROOT, timeout: 280_000 });
  checkOutput = check.stderr;
  const printed = await execFileAsync('bash', ['scripts/check-compose.sh', '--json'], { cwd: ROOT, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 });
  compose = JSON.parse(printed.stdout) as Compose;
  composeText = await readFile(path.join(ROOT, 'docker-compose.yml'), 'utf8');
}, 300_000);

function service(name: string): Service {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}

/** The variables a container really gets: compose leaves unset pass-through variables out. */
function environmentOf(name: string): Env {
  const env: Env = {};
  for (const [key, value] of Object.entries(service(name).environment ?? {})) {
    if (value !== null) env[key] = String(value);
  }
  return env;
}

function commandOf(name: string): string[] {
  const command = service(name).command;
  return typeof command === 'string' ? command.split(/\s+/) : (command ?? []);
}

/** Host address and port of each published port, in compose 1's short or compose 2's long form. */
function publishedPorts(name: string): { hostIp: string; published: string; target: string }[] {
  return (service(name).ports ?? []).map((port) => {
    if (typeof port !== 'string') {
      return { hostIp: port.host_ip ?? '', published: String(port.published ?? ''), target: String(port.target) };
    }
    const parts = port.replace(/\/\w+$/, '').split(':');
    const target = parts.pop()!;
    const published = parts.pop() ?? '';
    return { hostIp: parts.join(':'), published, target };
  });
}

function bindMountSources(name: string): string[] {
  return (service(name).volumes ?? []).flatMap((volume) => {
    if (typeof volume !== 'string') return volume.type === 'bind' && volume.source ? [volume.source] : [];
    const source = volume.split(':')[0]!;
    return source.startsWith('/') || source.startsWith('.') ? [source] : [];
  });
}

describe('scripts/check-compose.sh', () => {
  it('accepts the file with every required variable set and proves each secret is required', () => {
    expect(checkOutput).toContain('OK: docker-compose.yml is valid');
    for (const name of SECRETS) expect(checkOutput).toContain(name);
  });
});

describe('secrets', () => {
  it.each(SECRETS)('%s has no default: every use in docker-compose.yml requires it', (name) => {
    const uses = composeText.match(new RegExp(`\\$\\{${name}(?![A-Za-z0-9_])[^}]*\\}`, 'g')) ?? [];
    expect(uses.length).toBeGreaterThan(0);
    for (const use of uses) expect(use.startsWith(`\${${name}:?`)).toBe(true);
  });

  it('no service is given a literal value for a secret', () => {
    const assigned = new RegExp(`^\\s*(?:- )?(${SECRETS.join('|')})\\s*[:=]\\s*(\\S.*)$`, 'gm');
    for (const match of composeText.matchAll(assigned)) {
      expect(match[2], `${match[1]} must come from the environment`).toMatch(/^\$\{\w+:\?/);
    }
  });

  it('migrations get the database and no keys or tokens', () => {
    expect(Object.keys(environmentOf('migrate')).sort()).toEqual(['DATABASE_URL', 'NODE_ENV']);
  });
});

describe('app services', () => {
  it.each(APP_SERVICES)('%s runs one of the repository entry files on the shared image in production mode', (name) => {
    const command = commandOf(name);
    expect(command.slice(0, 3)).toEqual(['node', '--import', 'tsx']);
    expect(existsSync(path.join(ROOT, command[3]!))).toBe(true);
    expect(service(name).image).toBe(service('worker').image);
    expect(environmentOf(name).NODE_ENV).toBe('production');
  });

  it.each(LONG_RUNNING_APP_SERVICES)('lib/config accepts the environment %s gets', (name) => {
    const config = loadConfig(environmentOf(name));
    expect(config.env).toBe('production');
    expect(config.temporal.address).toBe('temporal:7233');
    expect(config.databaseUrl).toBe(environmentOf('migrate').DATABASE_URL);
  });

  it('the bot serves the webhook over https on the port it publishes', () => {
    const config = loadConfig(environmentOf('bot'));
    expect(config.telegram.mode).toBe('webhook');
    expect(config.telegram.webhookUrl).toMatch(/^https:\/\/.+\/telegram\/webhook$/);
    expect(config.api.host).toBe('0.0.0.0');
    expect(publishedPorts('bot').map((p) => p.target)).toEqual([String(config.telegram.webhookPort)]);
  });

  it('the api listens beyond loopback inside its container, on the port it publishes', () => {
    const config = loadConfig(environmentOf('api'));
    expect(config.api.host).toBe('0.0.0.0');
    expect(publishedPorts('api').map((p) => p.target)).toEqual([String(config.api.port)]);
  });

  it('runs at least two workers', () => {
    const worker = service('worker');
    expect(Number(worker.deploy?.replicas ?? worker.scale ?? 1)).toBeGreaterThanOrEqual(2);
  });
});

describe('Temporal', () => {
  it('registers exactly the search attributes the workflows set, in the namespace the app uses', () => {
    const expected = SEARCH_ATTRIBUTES.map((key) => `${key.name}=${TypedSearchAttributes.toMetadataType(key.type)}`);
    expect(commandOf('temporal-admin-tools')).toEqual(expected);
    expect(expected).toEqual([
      'AnticorStatus=Keyword',
      'AnticorAssignee=Keyword',
      'AnticorDueAt=Datetime',
      'AnticorEscalation=Int',
      'AnticorUnit=Keyword',
    ]);
    expect(environmentOf('temporal-admin-tools').TEMPORAL_NAMESPACE).toBe(loadConfig(environmentOf('worker')).temporal.namespace);
  });

  it('runs pinned images: server 1.29, UI 2.42', () => {
    expect(service('temporal').image).toMatch(/^temporalio\/server:1\.29\.\d+$/);
    expect(service('temporal-admin-tools').image).toMatch(/^temporalio\/admin-tools:1\.29\.\d+/);
    expect(service('temporal-schema').image).toBe(service('temporal-admin-tools').image);
    expect(service('temporal-ui').image).toMatch(/^temporalio\/ui:2\.42\.\d+$/);
    expect(service('postgres').image).toMatch(/^postgres:16/);
  });

  it('the UI decodes through the api with a token the api accepts, from an origin the api allows', () => {
    const ui = environmentOf('temporal-ui');
    const api = loadConfig(environmentOf('api'));
    const endpoint = new URL(ui.TEMPORAL_CODEC_ENDPOINT!);
    const [, prefix, token] = endpoint.pathname.split('/');
    expect(prefix).toBe('codec');
    expect(api.api.codecTokens).toContain(token);
    // A codec-only token: whoever loads the UI sees it, so it must open no admin route.
    expect(api.api.adminTokens).not.toContain(token);
    // The browser calls the codec, so the endpoint must be the api as published, not a container name.
    expect(endpoint.port || '80').toBe(publishedPorts('api')[0]!.published);
    expect(api.api.corsOrigins).toEqual(expect.arrayContaining(ui.TEMPORAL_CORS_ORIGINS!.split(',')));
  });
});

describe('start-up order', () => {
  const completed = { condition: 'service_completed_successfully' };
  const healthy = { condition: 'service_healthy' };

  it.each(LONG_RUNNING_APP_SERVICES)('%s starts after the migrations and the search attributes', (name) => {
    expect(service(name).depends_on).toMatchObject({ migrate: completed, 'temporal-admin-tools': completed });
  });

  it('each one-shot waits for what it sets up', () => {
    expect(service('migrate').depends_on).toMatchObject({ postgres: healthy });
    expect(service('temporal-schema').depends_on).toMatchObject({ postgres: healthy });
    expect(service('temporal').depends_on).toMatchObject({ 'temporal-schema': completed });
    expect(service('temporal-admin-tools').depends_on).toMatchObject({ temporal: healthy });
  });

  it('every service another waits on as healthy has a healthcheck', () => {
    for (const [name, definition] of Object.entries(compose.services)) {
      for (const [dependency, { condition }] of Object.entries(definition.depends_on ?? {})) {
        if (condition === 'service_healthy') expect(service(dependency).healthcheck?.test, `${name} waits for ${dependency}`).toBeDefined();
      }
    }
  });

  it('every file a service mounts from the repository exists', () => {
    for (const name of Object.keys(compose.services)) {
      for (const source of bindMountSources(name)) expect(existsSync(path.resolve(ROOT, source)), source).toBe(true);
    }
  });
});

describe('.env.example', () => {
  /** Variables the machine provides; documenting them would only mislead. */
  const SYSTEM = new Set(['PATH', 'HOME', 'XDG_CACHE_HOME']);
  let example: string;
  beforeAll(async () => {
    example = await readFile(path.join(ROOT, '.env.example'), 'utf8');
  });
  const documented = (name: string) => new RegExp(`^(# )?${name}=`, 'm').test(example);

  it('documents every variable lib/config.ts reads', async () => {
    const source = await readFile(path.join(ROOT, 'lib/config.ts'), 'utf8');
    const read = new Set([
      ...[...source.matchAll(/^ {2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!),
      ...[...source.matchAll(/\benv\.([A-Z][A-Z0-9_]+)/g)].map((m) => m[1]!),
      ...[...source.matchAll(/portOf\('([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1]!),
    ]);
    const missing = [...read].filter((name) => !SYSTEM.has(name) && !documented(name));
    expect(read.size).toBeGreaterThan(30);
    expect(missing).toEqual([]);
  });

  it('documents every variable docker-compose.yml takes from the environment', () => {
    const used = new Set([...composeText.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!));
    expect([...used].filter((name) => !documented(name))).toEqual([]);
  });

  it('ships no secret: every required variable is empty', () => {
    for (const name of SECRETS) expect(example).toMatch(new RegExp(`^${name}=$`, 'm'));
  });
});

describe('exposure', () => {
  it('publishes only the UI, the api and the bot webhook', () => {
    const publishing = Object.keys(compose.services).filter((name) => (service(name).ports ?? []).length > 0);
    expect(publishing.sort()).toEqual(['api', 'bot', 'temporal-ui']);
  });

  it.each(['temporal-ui', 'api'])('%s is published on loopback only by default', (name) => {
    for (const port of publishedPorts(name)) expect(port.hostIp).toBe('127.0.0.1');
  });
});
