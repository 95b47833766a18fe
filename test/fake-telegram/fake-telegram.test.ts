import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Api, Bot, InlineKeyboard, InputFile, Keyboard, webhookCallback } from 'grammy';
import type { Message } from 'grammy/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buttons, TelegramUser } from './client.js';
import { createFakeTelegram, type FakeTelegram } from './server.js';

const USER = 1001;

let fake: FakeTelegram;
let api: Api;

beforeEach(async () => {
  fake = createFakeTelegram();
  await fake.listen();
  api = new Api(fake.token, { apiRoot: fake.url });
  fake.control.user(USER, { first_name: 'Olena', username: 'olena', language_code: 'uk' });
});

afterEach(async () => {
  await fake.close();
});

/** Telegram only lets a bot write to users who have written to it. */
const startChat = (): Message => fake.control.sendText(USER, '/start');

/** Runs a long-polling grammY bot for the duration of `body`. */
async function withBot(setup: (bot: Bot) => void, body: () => Promise<void>): Promise<void> {
  const bot = new Bot(fake.token, { client: { apiRoot: fake.url }, botInfo: fake.botInfo });
  const errors: unknown[] = [];
  bot.catch((error) => errors.push(error.error));
  setup(bot);
  const running = bot.start();
  try {
    await body();
  } finally {
    await bot.stop();
    await running;
  }
  expect(errors).toEqual([]);
}

async function download(filePath: string | undefined): Promise<Buffer> {
  const response = await fetch(`${fake.url}/file/bot${fake.token}/${filePath ?? ''}`);
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

describe('long polling with grammY', () => {
  it('delivers a user text and photo, and serves the photo bytes via getFile', async () => {
    const received: Message[] = [];
    const photo = randomBytes(5000);
    await withBot(
      (bot) => {
        bot.on('message:text', async (ctx) => {
          received.push(ctx.message);
          await ctx.reply(`echo: ${ctx.message.text}`);
        });
        bot.on('message:photo', async (ctx) => {
          received.push(ctx.message);
          const file = await ctx.getFile();
          const same = (await download(file.file_path)).equals(photo);
          await ctx.reply(`photo bytes match: ${same}`);
        });
      },
      async () => {
        const echo = fake.control.waitFor(USER, (m) => m.text === 'echo: /start');
        startChat();
        await echo;
        const checked = fake.control.waitFor(USER, (m) => m.text?.startsWith('photo bytes') === true);
        fake.control.sendPhoto(USER, photo, 'evidence');
        expect((await checked).text).toBe('photo bytes match: true');
      },
    );
    expect(received[0]).toMatchObject({
      message_id: 1,
      text: '/start',
      entities: [{ type: 'bot_command', offset: 0, length: 6 }],
      from: { id: USER, is_bot: false, first_name: 'Olena', username: 'olena', language_code: 'uk' },
      chat: { id: USER, type: 'private', first_name: 'Olena', username: 'olena' },
    });
    const sizes = received[1]?.photo ?? [];
    expect(received[1]?.caption).toBe('evidence');
    expect(sizes.map((s) => s.width)).toEqual([90, 320, 800]);
    expect(new Set(sizes.map((s) => s.file_unique_id)).size).toBe(3);
    expect(received[1]?.message_id).toBe(3);
  });

  it('round-trips inline buttons through pressButton and answerCallbackQuery', async () => {
    let queryId = '';
    await withBot(
      (bot) => {
        bot.command('start', (ctx) =>
          ctx.reply('Submit the report?', { reply_markup: new InlineKeyboard().text('Yes', 'submit:yes').text('No', 'submit:no') }));
        bot.callbackQuery(/^submit:(.+)$/, async (ctx) => {
          queryId = ctx.callbackQuery.id;
          expect(ctx.callbackQuery.message?.message_id).toBeGreaterThan(0);
          await ctx.answerCallbackQuery({ text: `You chose ${ctx.match[1] ?? ''}`, show_alert: true });
          await ctx.editMessageText('Thanks!');
        });
      },
      async () => {
        const question = fake.control.waitFor(USER, (m) => m.text === 'Submit the report?');
        startChat();
        const message = await question;
        expect(buttons(message)).toEqual([
          { text: 'Yes', callback_data: 'submit:yes' },
          { text: 'No', callback_data: 'submit:no' },
        ]);
        const edited = fake.control.waitFor(USER, (m) => m.edited);
        expect(await fake.control.pressButton(USER, message.message_id, 'submit:yes')).toEqual({ text: 'You chose yes', show_alert: true });
        // An edit without reply_markup drops the inline keyboard, as on Telegram.
        const after = await edited;
        expect(after).toMatchObject({ message_id: message.message_id, text: 'Thanks!', edited: true });
        expect(after.reply_markup).toBeUndefined();
        await expect(fake.control.pressButton(USER, message.message_id, 'submit:no')).rejects.toThrow(/no button/);
      },
    );
    await expect(api.answerCallbackQuery(queryId)).rejects.toMatchObject({
      error_code: 400,
      description: 'Bad Request: query is too old and response timeout expired or query ID is invalid',
    });
  });
});

describe('Bot API errors', () => {
  it('rejects a wrong token with 401 and an unknown method with 404; method names are case-insensitive', async () => {
    await expect(new Api('999:WRONG', { apiRoot: fake.url }).getMe()).rejects.toMatchObject({ error_code: 401, description: 'Unauthorized' });
    const unknown = await fetch(`${fake.url}/bot${fake.token}/sendTelepathy`, { method: 'POST' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ ok: false, error_code: 404, description: 'Not Found' });
    const shouting = await fetch(`${fake.url}/bot${fake.token}/GETME`);
    expect(await shouting.json()).toEqual({ ok: true, result: fake.botInfo });
  });

  it('validates messages like Telegram', async () => {
    startChat();
    const bad = (description: string): object => ({ error_code: 400, description: `Bad Request: ${description}` });
    await expect(api.sendMessage(USER, '  ')).rejects.toMatchObject(bad('message text is empty'));
    await expect(api.sendMessage(USER, 'x'.repeat(4097))).rejects.toMatchObject(bad('message is too long'));
    await expect(api.sendMessage(USER, 'x'.repeat(4096))).resolves.toMatchObject({ text: 'x'.repeat(4096) });
    await expect(api.sendMessage(424242, 'hi')).rejects.toMatchObject(bad('chat not found'));
    for (const data of ['', 'x'.repeat(65)]) {
      await expect(api.sendMessage(USER, 'pick', { reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: data }]] } }))
        .rejects.toMatchObject(bad('BUTTON_DATA_INVALID'));
    }
    await expect(api.sendMessage(USER, 'pick', { reply_markup: { inline_keyboard: [[{ text: 'Ж'.repeat(32), callback_data: 'ж'.repeat(32) }]] } }))
      .resolves.toBeDefined();
    await expect(api.sendMessage(USER, '<b>unclosed', { parse_mode: 'HTML' })).rejects.toMatchObject(
      bad('can\'t parse entities: Can\'t find end tag corresponding to start tag "b"'));
    await expect(api.sendMessage(USER, 'a <br> b', { parse_mode: 'HTML' })).rejects.toMatchObject(
      bad('can\'t parse entities: Unsupported start tag "br" at byte offset 2'));
    await expect(api.sendMessage(USER, 'Done.', { parse_mode: 'MarkdownV2' })).rejects.toMatchObject(
      bad("can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'"));
    const formatted = await api.sendMessage(USER, '🚨 <b>New</b> &lt;report&gt; <a href="https://example.org">link</a>', { parse_mode: 'HTML' });
    expect(formatted.text).toBe('🚨 New <report> link');
    expect(formatted.entities).toEqual([
      { type: 'bold', offset: 3, length: 3 },
      { type: 'text_link', offset: 16, length: 4, url: 'https://example.org' },
    ]);
  });

  it('rejects bad edits and deletions', async () => {
    startChat();
    const bad = (description: string): object => ({ error_code: 400, description: `Bad Request: ${description}` });
    const sent = await api.sendMessage(USER, 'Status: new', { reply_markup: new InlineKeyboard().text('Refresh', 'refresh') });
    await expect(api.editMessageText(USER, sent.message_id, 'Status: new', { reply_markup: new InlineKeyboard().text('Refresh', 'refresh') }))
      .rejects.toMatchObject(bad('message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message'));
    await expect(api.editMessageText(USER, 9999, 'x')).rejects.toMatchObject(bad('message to edit not found'));
    await expect(api.editMessageText(USER, 1, 'x')).rejects.toMatchObject(bad("message can't be edited"));
    await expect(api.editMessageReplyMarkup(USER, sent.message_id)).resolves.toMatchObject({ text: 'Status: new' });
    await expect(api.deleteMessage(USER, 9999)).rejects.toMatchObject(bad('message to delete not found'));
    await expect(api.deleteMessage(USER, sent.message_id)).resolves.toBe(true);
    await expect(api.deleteMessage(USER, sent.message_id)).rejects.toMatchObject(bad('message to delete not found'));
    const old = await api.sendMessage(USER, 'old news');
    fake.control.advanceTime(49 * 3600 * 1000);
    await expect(api.deleteMessage(USER, old.message_id)).rejects.toMatchObject(bad("message can't be deleted for everyone"));
    expect(fake.control.inbox(USER).map((m) => [m.text, m.edited, m.deleted])).toEqual([
      ['Status: new', true, true],
      ['old news', false, false],
    ]);
  });

  it('rejects unknown callback queries and files over 20 MB', async () => {
    await expect(api.answerCallbackQuery('123')).rejects.toMatchObject({
      error_code: 400,
      description: 'Bad Request: query is too old and response timeout expired or query ID is invalid',
    });
    const big = fake.control.sendDocument(USER, Buffer.alloc(21 * 1024 * 1024), 'dump.bin', 'application/octet-stream');
    await expect(api.getFile(big.document?.file_id ?? '')).rejects.toMatchObject({ error_code: 400, description: 'Bad Request: file is too big' });
  });

  it('answers 403 when the user blocked the bot or never started it, and emits my_chat_member', async () => {
    await expect(api.sendMessage(USER, 'hello?')).rejects.toMatchObject({ error_code: 403, description: "Forbidden: bot can't initiate conversation with a user" });
    startChat();
    fake.control.blockBot(USER);
    await expect(api.sendMessage(USER, 'still there?')).rejects.toMatchObject({ error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    const updates = await api.getUpdates();
    expect(updates[1]?.my_chat_member).toMatchObject({ old_chat_member: { status: 'member' }, new_chat_member: { status: 'kicked' } });
    fake.control.blockBot(USER, false);
    await expect(api.sendMessage(USER, 'welcome back')).resolves.toMatchObject({ text: 'welcome back' });
  });

  it('answers 429 with retry_after above the message rate cap', async () => {
    startChat();
    fake.control.setMaxMessagesPerSecond(3);
    for (let i = 0; i < 3; i += 1) await api.sendMessage(USER, `burst ${i}`);
    await expect(api.sendMessage(USER, 'one too many')).rejects.toMatchObject({
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });
  });

  it('answers 409 to getUpdates while a webhook is set, and to a poll superseded by another', async () => {
    const first = api.getUpdates({ timeout: 30 });
    await sleep(100);
    await expect(api.getUpdates({ timeout: 0 })).resolves.toEqual([]);
    await expect(first).rejects.toMatchObject({
      error_code: 409,
      description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
    });
    await api.setWebhook('http://127.0.0.1:9/unused');
    await expect(api.getUpdates()).rejects.toMatchObject({
      error_code: 409,
      description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    });
    await api.deleteWebhook();
    await expect(api.getUpdates()).resolves.toEqual([]);
  });

  it('fails injected calls the requested number of times and records every call', async () => {
    startChat();
    fake.control.failNext('sendMessage', { error_code: 502, description: 'Bad Gateway', times: 2 });
    await expect(api.sendMessage(USER, 'a')).rejects.toMatchObject({ error_code: 502, description: 'Bad Gateway' });
    await expect(api.sendMessage(USER, 'a')).rejects.toMatchObject({ error_code: 502 });
    await expect(api.sendMessage(USER, 'a')).resolves.toMatchObject({ text: 'a' });
    expect(fake.control.calls('sendmessage').map((call) => call.error?.error_code)).toEqual([502, 502, undefined]);
    expect(fake.control.calls('sendMessage')[2]?.params).toEqual({ chat_id: USER, text: 'a' });
  });
});

describe('updates and webhooks', () => {
  it('holds getUpdates for its timeout and returns as soon as an update arrives', async () => {
    const idleStart = Date.now();
    await expect(api.getUpdates({ timeout: 1 })).resolves.toEqual([]);
    expect(Date.now() - idleStart).toBeGreaterThanOrEqual(900);

    const wakeStart = Date.now();
    const waiting = api.getUpdates({ timeout: 30 });
    await sleep(200);
    fake.control.sendText(USER, 'wake up');
    const [update] = await waiting;
    expect(Date.now() - wakeStart).toBeLessThan(10_000);
    expect(update?.message?.text).toBe('wake up');
    // The offset confirms the update, so it is not served again.
    await expect(api.getUpdates({ offset: (update?.update_id ?? 0) + 1 })).resolves.toEqual([]);
  });

  it('posts updates to the webhook with the secret header and retries after a 500', async () => {
    const bot = new Bot(fake.token, { client: { apiRoot: fake.url }, botInfo: fake.botInfo });
    bot.on('message:text', (ctx) => ctx.reply(`got ${ctx.message.text}`));
    const handle = webhookCallback(bot, 'http', { secretToken: 's3cret' });
    const secrets: (string | string[] | undefined)[] = [];
    const server: Server = createServer((req, res) => {
      secrets.push(req.headers['x-telegram-bot-api-secret-token']);
      if (secrets.length === 1) {
        res.writeHead(500).end();
        return;
      }
      handle(req, res).catch((error: unknown) => {
        res.writeHead(500).end(String(error));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    try {
      await api.setWebhook(hookUrl, { secret_token: 's3cret' });
      const reply = fake.control.waitFor(USER, (m) => m.text === 'got via webhook');
      fake.control.sendText(USER, 'via webhook');
      await reply;
      expect(secrets).toEqual(['s3cret', 's3cret']);
      await until(() => fake.control.calls('sendMessage').length === 1);
      const info = await api.getWebhookInfo();
      expect(info).toMatchObject({ url: hookUrl, pending_update_count: 0, last_error_message: 'Wrong response from the webhook: 500 Internal Server Error' });
      await api.deleteWebhook();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('files', () => {
  it('accepts InputFile uploads for sendPhoto and sendDocument and re-sends by file_id', async () => {
    startChat();
    const bytes = randomBytes(3000);
    const photo = await api.sendPhoto(USER, new InputFile(bytes, 'evidence.jpg'), { caption: '<b>Evidence</b>', parse_mode: 'HTML', protect_content: true });
    expect(photo).toMatchObject({ caption: 'Evidence', caption_entities: [{ type: 'bold', offset: 0, length: 8 }], has_protected_content: true });
    const largest = photo.photo?.at(-1);
    expect((await download((await api.getFile(largest?.file_id ?? '')).file_path)).equals(bytes)).toBe(true);

    const pdf = Buffer.from('%PDF-1.4 fake');
    const doc = await api.sendDocument(USER, new InputFile(pdf, 'report.pdf'), { reply_parameters: { message_id: 1 } });
    expect(doc.document).toMatchObject({ file_name: 'report.pdf', mime_type: 'application/pdf', file_size: pdf.length });
    expect(doc.reply_to_message?.text).toBe('/start');
    expect(fake.control.calls('sendDocument')[0]?.params.document).toEqual({ file_name: 'report.pdf', size: pdf.length });
    const again = await api.sendDocument(USER, doc.document?.file_id ?? '');
    expect(again.document?.file_id).toBe(doc.document?.file_id);
    await expect(api.sendPhoto(USER, doc.document?.file_id ?? '')).rejects.toMatchObject({ error_code: 400, description: 'Bad Request: type of file mismatch' });
    expect(fake.control.inbox(USER).map((m) => m.protect_content)).toEqual([true, false, false]);

    const voice = await api.sendVoice(USER, new InputFile(randomBytes(8000), 'note.ogg'), { duration: 4 });
    expect(voice.voice).toMatchObject({ duration: 4, mime_type: 'audio/ogg', file_size: 8000 });
    const video = await api.sendVideo(USER, new InputFile(randomBytes(1000), 'clip.mp4'));
    expect(video.video).toMatchObject({ mime_type: 'video/mp4', file_name: 'clip.mp4', file_size: 1000 });
    expect(video.video?.file_unique_id).not.toBe(voice.voice?.file_unique_id);
  });
});

describe('control API', () => {
  it('expires unanswered callback queries, and reset forgets everything', async () => {
    startChat();
    const menu = await api.sendMessage(USER, 'Menu', { reply_markup: new InlineKeyboard().text('Go', 'go') });
    await expect(fake.control.pressButton(USER, menu.message_id, 'go', 50)).rejects.toThrow(/did not answer callback query/);
    const [, update] = await api.getUpdates();
    await expect(api.answerCallbackQuery(update?.callback_query?.id ?? '')).rejects.toMatchObject({ error_code: 400 });

    fake.control.reset();
    expect(fake.control.calls()).toEqual([]);
    await expect(api.getUpdates()).resolves.toEqual([]);
    await expect(api.sendMessage(USER, 'anyone?')).rejects.toMatchObject({ description: 'Bad Request: chat not found' });
    expect(() => fake.control.inbox(USER)).toThrow(/not registered/);
  });
});

describe('bot settings', () => {
  it('keeps commands per scope and language, and accepts menu buttons and chat actions', async () => {
    startChat();
    await api.setMyCommands([{ command: 'report', description: 'File a report' }]);
    await api.setMyCommands([{ command: 'report', description: 'Повідомити' }], { language_code: 'uk' });
    await api.setMyCommands([{ command: 'review', description: 'Review queue' }], { scope: { type: 'chat', chat_id: USER } });
    await expect(api.getMyCommands()).resolves.toEqual([{ command: 'report', description: 'File a report' }]);
    await expect(api.getMyCommands({ language_code: 'uk' })).resolves.toEqual([{ command: 'report', description: 'Повідомити' }]);
    await expect(api.getMyCommands({ scope: { type: 'chat', chat_id: USER } })).resolves.toEqual([{ command: 'review', description: 'Review queue' }]);
    await api.deleteMyCommands({ language_code: 'uk' });
    await expect(api.getMyCommands({ language_code: 'uk' })).resolves.toEqual([]);
    await expect(api.setMyCommands([{ command: 'Bad-Command', description: 'x' }])).rejects.toMatchObject({ description: 'Bad Request: BOT_COMMAND_INVALID' });
    await expect(api.setChatMenuButton({ chat_id: USER, menu_button: { type: 'commands' } })).resolves.toBe(true);
    await expect(api.sendChatAction(USER, 'typing')).resolves.toBe(true);
  });
});

describe('HTTP mirror and TelegramUser', () => {
  it('drives an echo bot as a user in another process would', async () => {
    await withBot(
      (bot) => {
        bot.command('start', (ctx) => ctx.reply('Welcome', { reply_markup: new InlineKeyboard().text('Ping', 'ping') }));
        bot.command('menu', (ctx) => ctx.reply('Choose', { reply_markup: new Keyboard().text('Report').requestContact('Share phone').oneTime() }));
        bot.callbackQuery('ping', (ctx) => ctx.answerCallbackQuery('pong'));
        bot.on('message:text', (ctx) => ctx.reply(`echo: ${ctx.message.text}`));
        bot.on('message:document', (ctx) => ctx.reply(`doc ${ctx.message.document.file_name ?? ''} ${ctx.message.document.mime_type ?? ''}`));
        bot.on('message:contact', (ctx) => ctx.reply(`phone ${ctx.message.contact.phone_number}`));
      },
      async () => {
        const olena = new TelegramUser(fake.url, { id: 2002, first_name: 'Olena', language_code: 'uk' });
        await olena.register();
        await olena.send('/start');
        const welcome = await olena.nextMessage();
        expect(welcome.text).toBe('Welcome');
        expect(buttons(welcome)).toEqual([{ text: 'Ping', callback_data: 'ping' }]);
        expect(await olena.press('Ping')).toEqual({ text: 'pong', show_alert: false });
        await expect(olena.press('Nope')).rejects.toThrow(/no button "Nope".*"Ping" on #2/);

        await olena.send('hello');
        expect((await olena.nextMessage()).text).toBe('echo: hello');
        await olena.sendDocument(Buffer.from('a,b\n1,2'), 'data.csv', 'text/csv', 'numbers');
        expect((await olena.nextMessage((m) => m.text?.startsWith('doc') === true)).text).toBe('doc data.csv text/csv');
        await olena.send('/menu');
        const menu = await olena.nextMessage();
        expect(menu.reply_markup).toMatchObject({ keyboard: [[{ text: 'Report' }, { text: 'Share phone', request_contact: true }]], one_time_keyboard: true });
        await olena.sendContact('+380501234567');
        expect((await olena.nextMessage()).text).toBe('phone +380501234567');
        await expect(olena.nextMessage(undefined, 300)).rejects.toThrow('user 2002: no matching bot message within 300 ms; received nothing');

        const inbox = await olena.inbox();
        expect(inbox.map((m) => m.text)).toEqual(['Welcome', 'echo: hello', 'doc data.csv text/csv', 'Choose', 'phone +380501234567']);
        expect((await olena.lastMessage())?.text).toBe('phone +380501234567');
      },
    );
  });

  it('injects errors and blocks over HTTP', async () => {
    startChat();
    const post = (path: string, body: object): Promise<Response> =>
      fetch(`${fake.url}/__fake${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post('/errors', { method: 'sendMessage', error_code: 500, description: 'Internal Server Error' })).status).toBe(200);
    await expect(api.sendMessage(USER, 'x')).rejects.toMatchObject({ error_code: 500, description: 'Internal Server Error' });
    expect((await post('/block', { user_id: USER })).status).toBe(200);
    await expect(api.sendMessage(USER, 'x')).rejects.toMatchObject({ error_code: 403 });
    const invalid = await post('/errors', { method: 'sendMessage' });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error: string }).error).toMatch(/error_code/);
  });
});
