import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Message } from 'grammy/types';
import { z } from 'zod';
import { ControlError } from './errors.js';
import { mimeTypeFor } from './mime.js';
import { readMultipart, UploadedFile } from './params.js';
import type { InboxMessage } from './types.js';
import { nextEvent, type TelegramWorld } from './world.js';

const MAX_WAIT_MS = 60_000;

const UserParams = z.object({ id: z.coerce.number().int() });

const Profile = z.object({
  first_name: z.string().min(1),
  last_name: z.string().optional(),
  username: z.string().optional(),
  language_code: z.string().optional(),
});

const JsonMessage = z.union([
  z.object({ text: z.string(), reply_to_message_id: z.number().int().optional() }),
  z.object({ sticker: z.object({ emoji: z.string().optional() }) }),
  z.object({ contact: z.object({ phone_number: z.string() }) }),
  z.object({ location: z.object({ latitude: z.number(), longitude: z.number() }) }),
]);

const UploadFields = z.object({
  kind: z.enum(['photo', 'document', 'video', 'voice']),
  caption: z.string().optional(),
  file_name: z.string().optional(),
  mime_type: z.string().optional(),
});

const Press = z.object({ message_id: z.number().int(), data: z.string(), timeout_ms: z.number().int().positive().optional() });

const InboxQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  wait: z.coerce.number().int().min(0).max(MAX_WAIT_MS).default(0),
});

const Failure = z.object({
  method: z.string().min(1),
  error_code: z.number().int(),
  description: z.string(),
  retry_after: z.number().int().optional(),
  times: z.number().int().positive().optional(),
});

const Block = z.object({ user_id: z.number().int(), blocked: z.boolean().default(true) });

const RateLimit = z.object({ max_messages_per_second: z.number().int().positive() });

const CallsQuery = z.object({ method: z.string().optional() });

/**
 * The control API over HTTP under /__fake, so a bot test or the terminal client in another
 * process can act as Telegram users.
 */
export function registerMirror(app: FastifyInstance, world: TelegramWorld, requestSignal: (reply: FastifyReply) => AbortSignal): void {
  const userId = (request: FastifyRequest): number => UserParams.parse(request.params).id;

  app.post('/__fake/users/:id', async (request) => world.user(userId(request), Profile.parse(request.body ?? {})));

  app.post('/__fake/users/:id/messages', async (request): Promise<Message> => {
    const id = userId(request);
    if (request.isMultipart()) {
      const { file, ...fields } = await readMultipart(request);
      if (!(file instanceof UploadedFile)) throw new ControlError('multipart body needs a "file" part');
      const upload = UploadFields.parse(fields);
      switch (upload.kind) {
        case 'photo':
          return world.sendPhoto(id, file.bytes, upload.caption);
        case 'video':
          return world.sendVideo(id, file.bytes, upload.caption);
        case 'voice':
          return world.sendVoice(id, file.bytes, upload.caption);
        case 'document': {
          const name = upload.file_name ?? file.fileName;
          const mimeType = upload.mime_type ?? (file.mimeType === 'application/octet-stream' ? mimeTypeFor(name) : file.mimeType);
          return world.sendDocument(id, file.bytes, name, mimeType, upload.caption);
        }
      }
    }
    const body = JsonMessage.parse(request.body);
    if ('text' in body) return world.sendText(id, body.text, compactReply(body.reply_to_message_id));
    if ('sticker' in body) return world.sendSticker(id, body.sticker.emoji);
    if ('contact' in body) return world.sendContact(id, body.contact.phone_number);
    return world.sendLocation(id, body.location.latitude, body.location.longitude);
  });

  app.post('/__fake/users/:id/callbacks', async (request) => {
    const press = Press.parse(request.body);
    return world.pressButton(userId(request), press.message_id, press.data, press.timeout_ms);
  });

  app.get('/__fake/users/:id/inbox', async (request, reply): Promise<{ messages: InboxMessage[] }> => {
    const id = userId(request);
    const { after, wait } = InboxQuery.parse(request.query);
    const deadline = Date.now() + wait;
    let messages = world.inboxLog(id, after);
    const signal = requestSignal(reply);
    while (messages.length === 0 && Date.now() < deadline && !signal.aborted) {
      await nextEvent(world.events, ['inbox'], { signal, timeoutMs: deadline - Date.now() });
      messages = world.inboxLog(id, after);
    }
    return { messages };
  });

  app.post('/__fake/errors', async (request) => {
    const { method, ...spec } = Failure.parse(request.body);
    world.failNext(method, spec);
    return { ok: true };
  });

  app.post('/__fake/block', async (request) => {
    const { user_id, blocked } = Block.parse(request.body);
    world.blockBot(user_id, blocked);
    return { ok: true };
  });

  app.post('/__fake/rate-limit', async (request) => {
    world.setMaxMessagesPerSecond(RateLimit.parse(request.body).max_messages_per_second);
    return { ok: true };
  });

  app.post('/__fake/reset', async () => {
    world.reset();
    return { ok: true };
  });

  app.get('/__fake/calls', async (request) => ({ calls: world.calls(CallsQuery.parse(request.query).method) }));
}

const compactReply = (replyTo: number | undefined): { replyTo?: number } => (replyTo === undefined ? {} : { replyTo });
