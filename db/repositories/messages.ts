import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Vault } from '../../lib/crypto.js';
import { newId } from '../../lib/ids.js';
import type { DbOrTx } from '../client.js';
import { attachments, messages, type MessageKind } from '../schema.js';
import { appendAudit } from './audit.js';
import { sealAttachment, type NewAttachmentInput } from './reports.js';

const field = (rowId: string) => ({ table: 'messages', rowId, field: 'body' });

export interface NewMessageInput {
  reportId: string;
  kind: MessageKind;
  officerId: string | null;
  body: string | null;
  attachments?: NewAttachmentInput[];
}

/** Stores a text of a case (question, answer, summary, internal note) encrypted; returns its id. */
export async function storeMessage(db: DbOrTx, vault: Vault, input: NewMessageInput): Promise<string> {
  const id = newId();
  await db.transaction(async (tx) => {
    await tx.insert(messages).values({
      id,
      reportId: input.reportId,
      kind: input.kind,
      officerId: input.officerId,
      bodyEnc: input.body ? vault.cipher.encrypt(input.body, field(id)) : null,
    });
    if (input.attachments?.length) {
      await tx.insert(attachments).values(input.attachments.map((a, index) => sealAttachment(vault, input.reportId, id, a, index)));
    }
    await appendAudit(tx, {
      actorKind: input.officerId ? 'officer' : input.kind === 'answer' ? 'reporter' : 'system',
      actorOfficerId: input.officerId,
      reportId: input.reportId,
      action: `message-${input.kind}`,
      details: { messageId: id, attachments: input.attachments?.length ?? 0 },
    });
  });
  return id;
}

export interface MessageView {
  id: string;
  reportId: string;
  kind: MessageKind;
  officerId: string | null;
  body: string | null;
  createdAt: Date;
  attachmentIds: string[];
}

export async function readMessage(db: DbOrTx, vault: Vault, id: string): Promise<MessageView | null> {
  const [row] = await db.select().from(messages).where(eq(messages.id, id));
  if (!row) return null;
  const files = await db.select({ id: attachments.id }).from(attachments).where(eq(attachments.messageId, id)).orderBy(asc(attachments.createdAt), asc(attachments.position));
  return {
    id: row.id,
    reportId: row.reportId,
    kind: row.kind,
    officerId: row.officerId,
    body: row.bodyEnc ? vault.cipher.decryptText(row.bodyEnc, field(id)) : null,
    createdAt: row.createdAt,
    attachmentIds: files.map((f) => f.id),
  };
}

/** Questions and answers of a case in order: the relay thread an officer sees on the case card. */
export async function threadOf(db: DbOrTx, vault: Vault, reportId: string, kinds: MessageKind[] = ['question', 'answer']) {
  const rows = await db
    .select()
    .from(messages)
    .where(and(eq(messages.reportId, reportId), inArray(messages.kind, kinds)))
    .orderBy(asc(messages.createdAt), asc(messages.id));
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    createdAt: row.createdAt,
    body: row.bodyEnc ? vault.cipher.decryptText(row.bodyEnc, field(row.id)) : null,
  }));
}
