import { defaultPayloadConverter, METADATA_ENCODING_KEY, ValueError, type Payload } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { DecryptionError, type KeyRing } from '../../lib/crypto.js';
import { ENCRYPTED_ENCODING, EncryptionCodec, METADATA_KEY_ID } from '../../lib/payload-codec.js';

const OLD_KEY = Buffer.alloc(32, 1);
const NEW_KEY = Buffer.alloc(32, 2);
const OLD_RING: KeyRing = { ring: new Map([['k1', OLD_KEY]]), currentKeyId: 'k1' };
const ROTATED_RING: KeyRing = {
  ring: new Map([
    ['k1', OLD_KEY],
    ['k2', NEW_KEY],
  ]),
  currentKeyId: 'k2',
};

const SECRET = 'The mayor took a bribe at the permit office';
const VALUE = { reportId: '5f0c1d2e-0000-4000-8000-000000000001', note: SECRET, days: 15, tags: ['a', 'b'] };

const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? new Uint8Array()).toString('utf8');
const toPayload = (value: unknown): Payload => defaultPayloadConverter.toPayload(value);
const fromPayload = (payload: Payload | undefined): unknown => defaultPayloadConverter.fromPayload(payload!);

describe('EncryptionCodec', () => {
  const codec = new EncryptionCodec(OLD_RING);

  it('a payload decodes back to the value it was made from', async () => {
    const [encoded] = await codec.encode([toPayload(VALUE)]);
    const [decoded] = await codec.decode([encoded!]);
    expect(fromPayload(decoded)).toEqual(VALUE);
    expect(text(decoded!.metadata?.[METADATA_ENCODING_KEY])).toBe('json/plain');
  });

  it('several payloads keep their order', async () => {
    const values = ['first', 2, { third: true }, null, [SECRET]];
    const decoded = await codec.decode(await codec.encode(values.map(toPayload)));
    expect(decoded.map(fromPayload)).toEqual(values);
  });

  it('binary and undefined payloads survive the round trip', async () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    const decoded = await codec.decode(await codec.encode([toPayload(bytes), toPayload(undefined)]));
    expect(Buffer.from(fromPayload(decoded[0]) as Uint8Array).equals(Buffer.from(bytes))).toBe(true);
    expect(fromPayload(decoded[1])).toBeUndefined();
  });

  it('an encoded payload is marked binary/encrypted and names the key it was sealed with', async () => {
    const [encoded] = await codec.encode([toPayload(VALUE)]);
    expect(ENCRYPTED_ENCODING).toBe('binary/encrypted');
    expect(text(encoded!.metadata?.[METADATA_ENCODING_KEY])).toBe('binary/encrypted');
    expect(text(encoded!.metadata?.[METADATA_KEY_ID])).toBe('k1');
    expect(Object.keys(encoded!.metadata ?? {}).sort()).toEqual([METADATA_ENCODING_KEY, METADATA_KEY_ID].sort());
  });

  it('the encoded bytes contain neither the plaintext nor the inner metadata', async () => {
    const [encoded] = await codec.encode([toPayload(VALUE)]);
    const data = Buffer.from(encoded!.data!);
    expect(data.includes(Buffer.from(SECRET))).toBe(false);
    expect(data.includes(Buffer.from('permit'))).toBe(false);
    expect(data.includes(Buffer.from('json/plain'))).toBe(false);
    expect(data.includes(Buffer.from(VALUE.reportId))).toBe(false);
  });

  it('the same payload encodes differently each time', async () => {
    const [a] = await codec.encode([toPayload(VALUE)]);
    const [b] = await codec.encode([toPayload(VALUE)]);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
  });

  it('an unencrypted payload passes through decode unchanged', async () => {
    const plain = toPayload(VALUE);
    const bare: Payload = { data: Buffer.from('no metadata at all') };
    const [decodedPlain, decodedBare] = await codec.decode([plain, bare]);
    expect(decodedPlain).toBe(plain);
    expect(decodedBare).toBe(bare);
    expect(fromPayload(decodedPlain)).toEqual(VALUE);
  });

  it('decodes a mix of encrypted and plain payloads', async () => {
    const [encoded] = await codec.encode([toPayload('sealed')]);
    const plain = toPayload('plain');
    const decoded = await codec.decode([plain, encoded!]);
    expect(decoded.map(fromPayload)).toEqual(['plain', 'sealed']);
  });

  it('a tampered encrypted payload is rejected', async () => {
    const [encoded] = await codec.encode([toPayload(VALUE)]);
    const data = Buffer.from(encoded!.data!);
    data[data.length - 1] = data[data.length - 1]! ^ 1;
    await expect(codec.decode([{ ...encoded!, data }])).rejects.toThrow(DecryptionError);
  });

  it('an encrypted payload without data is rejected', async () => {
    const [encoded] = await codec.encode([toPayload(VALUE)]);
    await expect(codec.decode([{ metadata: encoded!.metadata }])).rejects.toThrow(ValueError);
  });

  it('a payload sealed by another key ring does not decode', async () => {
    const stranger = new EncryptionCodec({ ring: new Map([['k1', Buffer.alloc(32, 5)]]), currentKeyId: 'k1' });
    const [encoded] = await codec.encode([toPayload(VALUE)]);
    await expect(stranger.decode([encoded!])).rejects.toThrow(DecryptionError);
  });
});

describe('EncryptionCodec key rotation', () => {
  it('payloads sealed under the old key decode with a ring that keeps it as non-current', async () => {
    const [old] = await new EncryptionCodec(OLD_RING).encode([toPayload(VALUE)]);
    const rotated = new EncryptionCodec(ROTATED_RING);
    const [decoded] = await rotated.decode([old!]);
    expect(fromPayload(decoded)).toEqual(VALUE);
  });

  it('after rotation new payloads name the new key and decode', async () => {
    const rotated = new EncryptionCodec(ROTATED_RING);
    const [fresh] = await rotated.encode([toPayload(VALUE)]);
    expect(text(fresh!.metadata?.[METADATA_KEY_ID])).toBe('k2');
    expect(fromPayload((await rotated.decode([fresh!]))[0])).toEqual(VALUE);
  });

  it('a payload under a retired key is rejected with a message naming the key id', async () => {
    const [old] = await new EncryptionCodec(OLD_RING).encode([toPayload(VALUE)]);
    const retired = new EncryptionCodec({ ring: new Map([['k2', NEW_KEY]]), currentKeyId: 'k2' });
    await expect(retired.decode([old!])).rejects.toThrow('no key with id "k1"');
  });
});
