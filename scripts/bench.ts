// `npm run bench`: what encryption at rest and in Temporal costs, as ratios against a baseline
// measured in the same run (numbers in ms mean little on a shared machine; ratios travel).
//   field:   encrypting a report's fields vs copying the same bytes
//   codec:   the payload codec on a workflow input vs the JSON conversion Temporal does anyway
//   strip:   removing JPEG metadata vs reading the file once (sha256)
import { createHash } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { createFieldCipher, generateKey } from '../lib/crypto.js';
import { stripMetadata } from '../lib/metadata.js';
import { EncryptionCodec } from '../lib/payload-codec.js';
import { defaultPolicy } from '../workflows/policy.js';

const keys = { ring: new Map([['b1', Buffer.from(generateKey(), 'base64')]]), currentKeyId: 'b1' };
const cipher = createFieldCipher(keys);
const codec = new EncryptionCodec(keys);

function time(fn: () => unknown, iterations: number): number {
  for (let i = 0; i < Math.min(1000, iterations); i += 1) fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i += 1) fn();
  return Number(process.hrtime.bigint() - start) / 1e6 / iterations;
}

async function timeAsync(fn: () => Promise<unknown>, iterations: number): Promise<number> {
  for (let i = 0; i < Math.min(200, iterations); i += 1) await fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i += 1) await fn();
  return Number(process.hrtime.bigint() - start) / 1e6 / iterations;
}

function row(name: string, ours: number, baseline: number, unit = 'ms/op') {
  process.stdout.write(`${name.padEnd(46)} ${ours.toFixed(4).padStart(10)} ${unit}   baseline ${baseline.toFixed(4).padStart(10)} ${unit}   ratio ${(ours / baseline).toFixed(2)}\n`);
}

const description = 'Інспектор патрульної поліції вимагав 2000 гривень, щоб не складати протокол. '.repeat(20);
const fields = { description, whenWhere: '1 грудня, траса М-06, пост біля Житомира', people: 'Свідок — колега в авто' };
const ctx = (field: string) => ({ table: 'reports', rowId: '00000000-0000-4000-8000-000000000000', field });

const fieldOurs = time(() => {
  for (const [name, value] of Object.entries(fields)) cipher.decryptText(cipher.encrypt(value, ctx(name)), ctx(name));
}, 20_000);
const fieldBase = time(() => {
  for (const value of Object.values(fields)) Buffer.from(Buffer.from(value, 'utf8')).toString('utf8');
}, 20_000);
row('field: encrypt+decrypt a report (3 fields)', fieldOurs, fieldBase);

const input = { reportId: '00000000-0000-4000-8000-000000000000', unit: 'police', receivedAt: new Date().toISOString(), policy: defaultPolicy, telegramTaskQueue: 'anticor-telegram' };
const codecOurs = await timeAsync(async () => codec.decode(await codec.encode([defaultPayloadConverter.toPayload(input)])), 20_000);
const codecBase = time(() => defaultPayloadConverter.fromPayload(defaultPayloadConverter.toPayload(input)), 20_000);
row('codec: encode+decode a workflow input', codecOurs, codecBase);

const photo = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe1]),
  Buffer.from([0x10, 0x02]),
  Buffer.alloc(0x1000, 0x41),
  Buffer.from([0xff, 0xda, 0x00, 0x08, 1, 1, 0, 0, 0x3f, 0]),
  Buffer.alloc(2 * 1024 * 1024, 0x11),
  Buffer.from([0xff, 0xd9]),
]);
const stripOurs = time(() => stripMetadata(photo, 'image/jpeg'), 200);
const stripBase = time(() => createHash('sha256').update(photo).digest(), 200);
row('strip: JPEG metadata of a 2 MB photo', stripOurs, stripBase);

// Heap plus the off-heap buffers, before and after holding 10,000 sealed values.
const used = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
globalThis.gc?.();
const before = used();
const sealed: Buffer[] = [];
for (let i = 0; i < 10_000; i += 1) sealed.push(cipher.encrypt(description, ctx('description')));
globalThis.gc?.();
const perValue = (used() - before) / sealed.length;
const plainBytes = Buffer.byteLength(description, 'utf8');
process.stdout.write(`${'memory: per sealed description held'.padEnd(46)} ${perValue.toFixed(0).padStart(10)} B       plaintext  ${String(plainBytes).padStart(10)} B       ratio ${(perValue / plainBytes).toFixed(2)}\n`);
