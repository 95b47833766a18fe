import type { FastifyRequest } from 'fastify';
import { badRequest, TelegramError } from './errors.js';

/** A file part of a multipart request. */
export class UploadedFile {
  constructor(
    readonly bytes: Buffer,
    readonly fileName: string,
    readonly mimeType: string,
  ) {}

  toJSON(): { file_name: string; size: number } {
    return { file_name: this.fileName, size: this.bytes.length };
  }
}

/** Parameters that arrive JSON-serialized in form and query bodies. */
const JSON_FIELDS = new Set([
  'reply_markup', 'entities', 'caption_entities', 'reply_parameters', 'link_preview_options',
  'allowed_updates', 'commands', 'scope', 'menu_button',
]);
const INTEGER_FIELDS = new Set([
  'chat_id', 'message_id', 'offset', 'limit', 'timeout', 'duration', 'width', 'height', 'reply_to_message_id',
  'cache_time', 'max_connections',
]);
const BOOLEAN_FIELDS = new Set([
  'show_alert', 'protect_content', 'drop_pending_updates', 'disable_notification', 'allow_sending_without_reply',
]);

/**
 * Gives form-encoded parameters the types a JSON body would have, so handlers and the recorded
 * calls look the same whichever encoding the client chose.
 */
export function normalizeForm(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value !== 'string') out[name] = value;
    else if (JSON_FIELDS.has(name)) out[name] = tryJson(value);
    else if (INTEGER_FIELDS.has(name) && /^-?\d+$/.test(value)) out[name] = Number(value);
    else if (BOOLEAN_FIELDS.has(name) && (value === 'true' || value === 'false')) out[name] = value === 'true';
    else out[name] = value;
  }
  return out;
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/**
 * Reads a multipart body. Fields become strings; a file part replaces the field that references it
 * as `attach://<name>` (how grammY uploads), or becomes the parameter of the same name.
 */
export async function readMultipart(request: FastifyRequest): Promise<Record<string, unknown>> {
  const fields: Record<string, unknown> = {};
  const files = new Map<string, UploadedFile>();
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        files.set(part.fieldname, new UploadedFile(await part.toBuffer(), part.filename, part.mimetype));
      } else {
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 413) throw new TelegramError(413, 'Request Entity Too Large');
    throw error;
  }
  const attached = new Set<string>();
  for (const [name, value] of Object.entries(fields)) {
    const file = typeof value === 'string' && value.startsWith('attach://') ? files.get(value.slice(9)) : undefined;
    if (file === undefined) continue;
    fields[name] = file;
    attached.add(value as string);
  }
  for (const [name, file] of files) {
    if (!attached.has(`attach://${name}`) && !(name in fields)) fields[name] = file;
  }
  return fields;
}

/** Typed access to one call's parameters, failing with Telegram-style messages. */
export class Params {
  constructor(readonly raw: Record<string, unknown>) {}

  string(name: string): string | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw badRequest(`field "${name}" must be of type String`);
  }

  integer(name: string): number | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null || value === '') return undefined;
    const number = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isInteger(number)) throw badRequest(`field "${name}" must be of type Integer`);
    return number;
  }

  flag(name: string): boolean {
    const value = this.raw[name];
    return value === true || value === 'true' || value === 1 || value === '1';
  }

  /** A JSON-serialized object parameter; `reason` is Telegram's message when it does not parse. */
  json(name: string, reason: string): unknown {
    const value = this.raw[name];
    if (typeof value !== 'string') return value ?? undefined;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      throw badRequest(reason);
    }
  }

  chatId(name = 'chat_id'): number | string | undefined {
    const value = this.raw[name];
    return typeof value === 'number' || typeof value === 'string' ? value : undefined;
  }

  file(name: string): UploadedFile | string | undefined {
    const value = this.raw[name];
    return value instanceof UploadedFile || typeof value === 'string' ? value : undefined;
  }
}
