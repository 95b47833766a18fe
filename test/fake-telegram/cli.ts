import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import type { KeyboardButton } from 'grammy/types';
import { TelegramUser } from './client.js';
import { mimeTypeFor } from './mime.js';
import { describeContent } from './summary.js';
import type { InboxMessage } from './types.js';

const USAGE = 'usage: tsx test/fake-telegram/cli.ts [--url http://127.0.0.1:8081] [--user 1001] [--name Olena] [--lang uk] [--username olena] [--phone +380501234567]';

const HELP = `Type a line to send it to the bot; /start and other /commands go to the bot too.
  /photo <path> [caption]   send a photo        /doc <path> [caption]    send a document
  /video <path> [caption]   send a video        /voice <path>            send a voice message
  /sticker [emoji]          send a sticker      /press <n|label>         press button n (or by its text)
  /inbox                    show every bot message so far
  /help                     this help           /quit                    leave
Paths with spaces go in double quotes. When the bot asks for a reply (force_reply), your next line answers it.`;

interface Choice {
  label: string;
  press: () => Promise<void>;
}

function parseOptions(): { url: string; id: number; name: string; lang: string; username?: string; phone: string } {
  try {
    const { values } = parseArgs({
      options: {
        url: { type: 'string', default: 'http://127.0.0.1:8081' },
        user: { type: 'string', default: '1001' },
        name: { type: 'string', default: 'Tester' },
        lang: { type: 'string', default: 'uk' },
        username: { type: 'string' },
        phone: { type: 'string', default: '+380501234567' },
      },
    });
    const id = Number(values.user);
    if (!Number.isSafeInteger(id) || id <= 0) throw new Error(`invalid --user ${values.user}`);
    return {
      url: values.url.replace(/\/+$/, ''), id, name: values.name, lang: values.lang, phone: values.phone,
      ...(values.username !== undefined && { username: values.username }),
    };
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

/** Splits "<path> [rest]", honouring a double-quoted path. */
function splitPath(args: string): [string, string | undefined] {
  const match = /^"([^"]*)"\s*(.*)$/.exec(args) ?? /^(\S*)\s*(.*)$/.exec(args);
  const rest = match?.[2]?.trim();
  return [match?.[1] ?? '', rest === undefined || rest === '' ? undefined : rest];
}

async function readLocalFile(path: string): Promise<Buffer> {
  if (path === '') throw new Error('give a file path');
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message}`);
  }
}

const options = parseOptions();
const user = new TelegramUser(options.url, {
  id: options.id,
  first_name: options.name,
  language_code: options.lang,
  ...(options.username !== undefined && { username: options.username }),
});

try {
  await user.register();
} catch (error) {
  console.error(`cannot reach the fake Telegram at ${options.url}: ${(error as Error).message}`);
  process.exit(1);
}

const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: `${options.name}> ` });
const stopping = new AbortController();
let choices: Choice[] = [];
let choicesFrom: number | undefined;
let forceReplyTo: number | undefined;

/** Prints above the prompt without clobbering what the user is typing. */
function print(text: string): void {
  process.stdout.write(`\r\x1b[K${text}\n`);
  if (!stopping.signal.aborted) rl.prompt(true);
}

function keyboardChoice(button: KeyboardButton): Choice {
  if (typeof button === 'string') return { label: button, press: async () => void (await user.send(button)) };
  if ('request_contact' in button && button.request_contact === true) {
    return { label: `${button.text} (shares ${options.phone})`, press: async () => void (await user.sendContact(options.phone)) };
  }
  if ('request_location' in button && button.request_location === true) {
    return { label: `${button.text} (shares a location)`, press: async () => void (await user.sendLocation(50.4501, 30.5234)) };
  }
  return { label: button.text, press: async () => void (await user.send(button.text)) };
}

/** Prints a bot message; a live one (not an /inbox replay) is also what /press and replies act on. */
function render(message: InboxMessage, live: boolean): void {
  const flags = [message.edited && 'edited', message.deleted && 'deleted', message.protect_content && 'protected'].filter(Boolean);
  const head = `bot #${message.message_id}${flags.length > 0 ? ` [${flags.join(', ')}]` : ''}: `;
  const body = message.deleted ? '' : describeContent(message).replaceAll('\n', `\n${' '.repeat(head.length)}`);
  const lines = [head + body];
  const offered: Choice[] = [];
  const offer = (choice: Choice, suffix = ''): string => {
    offered.push(choice);
    return `${live ? `[${offered.length}]` : '-'} ${choice.label}${suffix}`;
  };
  const markup = message.deleted ? undefined : message.reply_markup;
  if (markup !== undefined && 'inline_keyboard' in markup) {
    for (const row of markup.inline_keyboard) {
      const labels = row.map((button) => {
        const data = 'callback_data' in button ? button.callback_data : undefined;
        const choice: Choice = {
          label: button.text,
          press: async () => {
            if (data === undefined) throw new Error(`"${button.text}" is not a callback button`);
            const answer = await user.press((b) => b.callback_data === data, { messageId: message.message_id });
            if (answer.text !== undefined) print(answer.show_alert ? `[alert] ${answer.text}` : `(${answer.text})`);
          },
        };
        return offer(choice, 'url' in button ? ` -> ${button.url}` : '');
      });
      lines.push(`    ${labels.join('   ')}`);
    }
  } else if (markup !== undefined && 'keyboard' in markup) {
    for (const row of markup.keyboard) lines.push(`    keyboard: ${row.map((button) => offer(keyboardChoice(button))).join('   ')}`);
  } else if (markup !== undefined && 'remove_keyboard' in markup) {
    lines.push('    (keyboard removed)');
  } else if (markup !== undefined && 'force_reply' in markup) {
    lines.push(`    (reply requested${markup.input_field_placeholder !== undefined ? `: ${markup.input_field_placeholder}` : ''})`);
  }
  if (live) {
    // New buttons replace the old; so does an edit that strips the buttons /press would use.
    if (offered.length > 0 || message.message_id === choicesFrom || (markup !== undefined && 'remove_keyboard' in markup)) {
      choices = offered;
      choicesFrom = message.message_id;
    }
    if (markup !== undefined && 'force_reply' in markup) forceReplyTo = message.message_id;
  }
  print(lines.join('\n'));
}

async function press(target: string): Promise<void> {
  const index = /^\d+$/.test(target) ? Number(target) : undefined;
  if (index !== undefined) {
    const choice = choices[index - 1];
    if (choice === undefined) throw new Error(choices.length === 0 ? 'no buttons to press' : `choose 1..${choices.length}`);
    return choice.press();
  }
  const byLabel = choices.find((choice) => choice.label === target);
  if (byLabel !== undefined) return byLabel.press();
  const answer = await user.press(target);
  if (answer.text !== undefined) print(answer.show_alert ? `[alert] ${answer.text}` : `(${answer.text})`);
}

async function handle(line: string): Promise<void> {
  const [, command = '', args = ''] = /^(\/\w+)?\s*(.*)$/s.exec(line) ?? [];
  switch (command) {
    case '':
      if (args === '') return;
      await user.send(args, forceReplyTo === undefined ? {} : { replyTo: forceReplyTo });
      forceReplyTo = undefined;
      return;
    case '/help':
      return print(HELP);
    case '/quit':
    case '/exit':
      return rl.close();
    case '/inbox': {
      const messages = await user.inbox();
      if (messages.length === 0) print('(no bot messages yet)');
      for (const message of messages) render(message, false);
      return;
    }
    case '/press':
      return press(args.trim());
    case '/sticker':
      await user.sendSticker(args.trim() || undefined);
      return;
    case '/photo':
    case '/doc':
    case '/video':
    case '/voice': {
      const [path, caption] = splitPath(args.trim());
      const bytes = await readLocalFile(path);
      if (command === '/photo') await user.sendPhoto(bytes, caption);
      else if (command === '/video') await user.sendVideo(bytes, caption);
      else if (command === '/voice') await user.sendVoice(bytes, caption);
      else await user.sendDocument(bytes, basename(path), mimeTypeFor(path), caption);
      return;
    }
    default:
      await user.send(line);
  }
}

async function pollInbox(): Promise<void> {
  let after: number | undefined;
  while (!stopping.signal.aborted) {
    try {
      if (after === undefined) {
        const earlier = await user.history(0);
        after = earlier.at(-1)?.seq ?? 0;
        if (earlier.length > 0) print(`(${earlier.length} earlier bot message(s); /inbox shows them)`);
      }
      for (const message of await user.history(after, 25_000, stopping.signal)) {
        after = message.seq;
        render(message, true);
      }
    } catch (error) {
      if (stopping.signal.aborted) return;
      print(`! ${(error as Error).message}`);
      await sleep(1000, undefined, { signal: stopping.signal }).catch(() => undefined);
    }
  }
}

console.log(`Connected to ${options.url} as ${options.name} (id ${options.id}, ${options.lang}). /help lists commands.`);
let work: Promise<void> = Promise.resolve();
const polling = pollInbox();
rl.on('line', (line) => {
  work = work
    .then(() => handle(line.trim()))
    .catch((error: unknown) => print(`! ${(error as Error).message}`))
    .finally(() => {
      if (!stopping.signal.aborted) rl.prompt();
    });
});
// Ctrl-C would only pause readline while the inbox poll keeps the process alive.
rl.on('SIGINT', () => rl.close());
rl.prompt();
await new Promise<void>((resolve) => rl.once('close', resolve));
stopping.abort();
await Promise.all([work, polling]);
