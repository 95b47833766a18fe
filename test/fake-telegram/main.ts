import { parseArgs } from 'node:util';
import { createFakeTelegram, DEFAULT_TOKEN } from './server.js';

const USAGE = 'usage: tsx test/fake-telegram/main.ts [--port 8081] [--host 127.0.0.1] [--token 123456:FAKE-TOKEN] [--username bot_name] [--log]';

function options(): { port: number; host: string; token: string; username?: string; log: boolean } {
  try {
    const { values } = parseArgs({
      options: {
        port: { type: 'string', default: '8081' },
        host: { type: 'string', default: '127.0.0.1' },
        token: { type: 'string', default: DEFAULT_TOKEN },
        username: { type: 'string' },
        log: { type: 'boolean', default: false },
      },
    });
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port ${values.port}`);
    return { port, host: values.host, token: values.token, log: values.log, ...(values.username !== undefined && { username: values.username }) };
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

const args = options();
const fake = createFakeTelegram({
  token: args.token,
  logger: args.log,
  ...(args.username !== undefined && { botUsername: args.username }),
});
const url = await fake.listen(args.port, args.host).catch((error: unknown) => {
  console.error(`cannot listen on ${args.host}:${args.port}: ${(error as Error).message}`);
  process.exit(1);
});
console.log(`Fake Telegram Bot API on ${url} (token ${fake.token}, bot @${fake.botInfo.username})`);

const stop = (): void => {
  fake.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
