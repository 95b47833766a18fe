import type { Update } from 'grammy/types';
import type { Dispatch } from './bot-api.js';
import { nextEvent, type TelegramWorld, type WebhookConfig } from './world.js';

const MAX_BACKOFF_MS = 2000;
const REQUEST_TIMEOUT_MS = 60_000;

/**
 * Pushes pending updates to the webhook one at a time, in order, retrying each until it is
 * accepted, the webhook changes, or `signal` aborts (the server closes).
 */
export async function deliverWebhookUpdates(world: TelegramWorld, dispatch: Dispatch, signal: AbortSignal): Promise<void> {
  let failures = 0;
  while (!signal.aborted) {
    const hook = world.webhook;
    const update = world.pendingUpdates()[0];
    if (hook === undefined || update === undefined) {
      failures = 0;
      await nextEvent(world.events, ['update', 'webhook'], { signal });
      continue;
    }
    const failure = await post(hook, update, dispatch, signal);
    if (failure === undefined) {
      failures = 0;
      world.dropUpdate(update);
      continue;
    }
    if (signal.aborted) return;
    hook.lastErrorDate = world.unixTime();
    hook.lastErrorMessage = failure;
    failures += 1;
    await nextEvent(world.events, ['webhook'], { signal, timeoutMs: Math.min(100 * 2 ** (failures - 1), MAX_BACKOFF_MS) });
  }
}

/** Returns undefined when delivered, else the reason getWebhookInfo reports. */
async function post(hook: WebhookConfig, update: Update, dispatch: Dispatch, signal: AbortSignal): Promise<string | undefined> {
  let body: string;
  try {
    const response = await fetch(hook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(hook.secretToken !== undefined && { 'x-telegram-bot-api-secret-token': hook.secretToken }),
      },
      body: JSON.stringify(update),
      signal: AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
    });
    body = await response.text();
    if (!response.ok) return `Wrong response from the webhook: ${response.status} ${response.statusText}`;
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    return code === 'ECONNREFUSED' ? 'Connection refused' : (error as Error).message;
  }
  await runWebhookReply(body, dispatch, signal);
  return undefined;
}

/** A webhook may answer with one method call in its response body; Telegram runs it and ignores errors. */
async function runWebhookReply(body: string, dispatch: Dispatch, signal: AbortSignal): Promise<void> {
  let reply: unknown;
  try {
    reply = JSON.parse(body);
  } catch {
    return;
  }
  if (typeof reply !== 'object' || reply === null || !('method' in reply) || typeof reply.method !== 'string') return;
  const { method, ...params } = reply as Record<string, unknown> & { method: string };
  await dispatch(method, params, signal);
}
