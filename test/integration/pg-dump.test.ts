// What someone holding a database dump (a backup, a leaked disk, a curious DBA) can read: case codes
// and timestamps, but no report text, no draft, no evidence, no answer and no whistleblower's
// Telegram id in any form.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
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

/** Every form in which a secret could sit in a dump: as text, and as the hex of a bytea. */
const forms = (secret: string) => [secret, Buffer.from(secret, 'utf8').toString('hex')];

describe('a dump of the database', () => {
  it('contains no report text, contact, answer, draft, evidence or whistleblower id, but does contain the cases', async ({ annotate }) => {
    // The real tool, as someone with a copy of the database would use it; the test setup
    // provisions one of the server's major version.
    const pgDump = inject('pgDumpPath');
    await annotate(`dumped with ${pgDump}`);
    const { stdout: dump } = await run(pgDump, [`--dbname=${t.url}`, '--format=plain', '--no-owner', '--no-privileges'], {
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
