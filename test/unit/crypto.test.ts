import { describe, expect, it } from 'vitest';
import {
  createFieldCipher,
  createHasher,
  createSealer,
  createVault,
  DecryptionError,
  generateKey,
  type FieldContext,
  type KeyRing,
} from '../../lib/crypto.js';

const OLD_KEY = Buffer.alloc(32, 1);
const NEW_KEY = Buffer.alloc(32, 2);

const ring = (entries: [string, Buffer][], currentKeyId: string): KeyRing => ({ ring: new Map(entries), currentKeyId });
const OLD_RING = ring([['k1', OLD_KEY]], 'k1');
const ROTATED_RING = ring(
  [
    ['k1', OLD_KEY],
    ['k2', NEW_KEY],
  ],
  'k2',
);

const CONTEXT: FieldContext = { table: 'reports', rowId: '5f0c1d2e-0000-4000-8000-000000000001', field: 'description' };
const TEXT = 'The head of the permit office asked for 500 USD — «хабар» 💸';

function flipBit(data: Buffer, byte: number, bit: number): Buffer {
  const copy = Buffer.from(data);
  copy[byte] = copy[byte]! ^ (1 << bit);
  return copy;
}

describe('createFieldCipher', () => {
  const cipher = createFieldCipher(OLD_RING);

  it('a text comes back as it was written', () => {
    expect(cipher.decryptText(cipher.encrypt(TEXT, CONTEXT), CONTEXT)).toBe(TEXT);
  });

  it('an empty text round-trips', () => {
    expect(cipher.decryptText(cipher.encrypt('', CONTEXT), CONTEXT)).toBe('');
  });

  it('bytes come back byte for byte', () => {
    const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 37) % 256));
    expect(cipher.decrypt(cipher.encrypt(bytes, CONTEXT), CONTEXT).equals(bytes)).toBe(true);
  });

  it('a JSON value comes back equal', () => {
    const value = { step: 'description', files: [{ id: 'f1', size: 12 }], anonymous: true, note: null, text: TEXT };
    expect(cipher.decryptJson(cipher.encryptJson(value, CONTEXT), CONTEXT)).toEqual(value);
  });

  it('the ciphertext does not contain the plaintext', () => {
    const sealed = cipher.encrypt(TEXT, CONTEXT);
    expect(sealed.includes(Buffer.from(TEXT, 'utf8'))).toBe(false);
    expect(sealed.includes(Buffer.from('permit office', 'utf8'))).toBe(false);
  });

  it('two encryptions of the same text differ', () => {
    const a = cipher.encrypt(TEXT, CONTEXT);
    const b = cipher.encrypt(TEXT, CONTEXT);
    expect(a.equals(b)).toBe(false);
    expect(cipher.decryptText(a, CONTEXT)).toBe(cipher.decryptText(b, CONTEXT));
  });

  it('a flipped bit anywhere in the ciphertext (header, key id, nonce, tag, body) is rejected', () => {
    const sealed = cipher.encrypt('short secret', CONTEXT);
    // version | id length | "k1" | nonce (12) | tag (16) | body (12)
    expect(sealed.length).toBe(1 + 1 + 2 + 12 + 16 + 12);
    let checked = 0;
    for (let byte = 0; byte < sealed.length; byte++) {
      for (let bit = 0; bit < 8; bit++) {
        expect(() => cipher.decrypt(flipBit(sealed, byte, bit), CONTEXT), `byte ${byte} bit ${bit}`).toThrow(DecryptionError);
        checked++;
      }
    }
    expect(checked).toBe(sealed.length * 8);
  });

  it('a truncated ciphertext is rejected', () => {
    const sealed = cipher.encrypt(TEXT, CONTEXT);
    for (const length of [0, 1, 2, 4, 4 + 12, 4 + 12 + 15, sealed.length - 1]) {
      expect(() => cipher.decrypt(sealed.subarray(0, length), CONTEXT), `length ${length}`).toThrow(DecryptionError);
    }
  });

  it('extra bytes appended to a ciphertext are rejected', () => {
    const sealed = cipher.encrypt(TEXT, CONTEXT);
    expect(() => cipher.decrypt(Buffer.concat([sealed, Buffer.from([0])]), CONTEXT)).toThrow(DecryptionError);
  });

  it('a ciphertext moved to another row does not decrypt', () => {
    const sealed = cipher.encrypt(TEXT, CONTEXT);
    expect(() => cipher.decrypt(sealed, { ...CONTEXT, rowId: '5f0c1d2e-0000-4000-8000-000000000002' })).toThrow(DecryptionError);
  });

  it('a ciphertext moved to another field does not decrypt', () => {
    const sealed = cipher.encrypt(TEXT, CONTEXT);
    expect(() => cipher.decrypt(sealed, { ...CONTEXT, field: 'people' })).toThrow(DecryptionError);
  });

  it('a ciphertext moved to another table does not decrypt', () => {
    const sealed = cipher.encrypt(TEXT, CONTEXT);
    expect(() => cipher.decrypt(sealed, { ...CONTEXT, table: 'messages' })).toThrow(DecryptionError);
  });

  it('the parts of the context cannot be shifted into one another', () => {
    const sealed = cipher.encrypt(TEXT, { table: 'a', rowId: 'bc', field: 'd' });
    expect(() => cipher.decrypt(sealed, { table: 'ab', rowId: 'c', field: 'd' })).toThrow(DecryptionError);
    expect(() => cipher.decrypt(sealed, { table: 'a', rowId: 'b', field: 'cd' })).toThrow(DecryptionError);
  });

  it('an authentication failure says the ciphertext was tampered with or bound elsewhere', () => {
    const sealed = cipher.encrypt(TEXT, CONTEXT);
    expect(() => cipher.decrypt(sealed, { ...CONTEXT, field: 'people' })).toThrow(/failed authentication/);
  });

  it('a ciphertext of an unknown format version is rejected as such', () => {
    const sealed = cipher.encrypt(TEXT, CONTEXT);
    const other = Buffer.from(sealed);
    other[0] = 2;
    expect(() => cipher.decrypt(other, CONTEXT)).toThrow(new DecryptionError('unknown ciphertext format'));
  });

  it('a ciphertext under a key of another ring does not decrypt', () => {
    const stranger = createFieldCipher(ring([['k1', Buffer.alloc(32, 3)]], 'k1'));
    expect(() => stranger.decrypt(cipher.encrypt(TEXT, CONTEXT), CONTEXT)).toThrow(DecryptionError);
  });

  it('a cipher cannot be made when the current key id is not in the ring', () => {
    expect(() => createFieldCipher(ring([['k1', OLD_KEY]], 'k9'))).toThrow(/"k9" is not in the key ring/);
  });
});

describe('key rotation', () => {
  const oldCipher = createFieldCipher(OLD_RING);
  const rotated = createFieldCipher(ROTATED_RING);
  const rotatedSealer = createSealer(ROTATED_RING, 'field');

  it('a value sealed under the old key still opens after a new key becomes current', () => {
    const old = oldCipher.encrypt(TEXT, CONTEXT);
    expect(rotated.decryptText(old, CONTEXT)).toBe(TEXT);
  });

  it('new values carry the new key id, old values keep theirs', () => {
    const old = oldCipher.encrypt(TEXT, CONTEXT);
    const fresh = rotated.encrypt(TEXT, CONTEXT);
    expect(rotatedSealer.keyIdOf(old)).toBe('k1');
    expect(rotatedSealer.keyIdOf(fresh)).toBe('k2');
    expect(rotatedSealer.currentKeyId).toBe('k2');
  });

  it('only values under an older key need rotation', () => {
    const old = oldCipher.encrypt(TEXT, CONTEXT);
    const fresh = rotated.encrypt(TEXT, CONTEXT);
    expect(rotated.needsRotation(old)).toBe(true);
    expect(rotated.needsRotation(fresh)).toBe(false);
    expect(oldCipher.needsRotation(old)).toBe(false);
  });

  it('rewriting an old value under the current key keeps its content and clears needsRotation', () => {
    const old = oldCipher.encrypt(TEXT, CONTEXT);
    const rewritten = rotated.encrypt(rotated.decrypt(old, CONTEXT), CONTEXT);
    expect(rotated.needsRotation(rewritten)).toBe(false);
    expect(rotated.decryptText(rewritten, CONTEXT)).toBe(TEXT);
  });

  it('a value sealed under the new key does not open with the old ring alone', () => {
    const fresh = rotated.encrypt(TEXT, CONTEXT);
    expect(() => oldCipher.decrypt(fresh, CONTEXT)).toThrow(DecryptionError);
  });

  it('a ciphertext under a key id that is not in the ring is rejected with a message naming the id', () => {
    const retired = createFieldCipher(ring([['k2', NEW_KEY]], 'k2'));
    const old = oldCipher.encrypt(TEXT, CONTEXT);
    expect(() => retired.decrypt(old, CONTEXT)).toThrow(DecryptionError);
    expect(() => retired.decrypt(old, CONTEXT)).toThrow('no key with id "k1" in the key ring');
  });

  it('relabelling a ciphertext with another key id of the ring fails authentication', () => {
    const both = ring(
      [
        ['k1', OLD_KEY],
        ['k2', NEW_KEY],
      ],
      'k1',
    );
    const cipher = createFieldCipher(both);
    const sealed = cipher.encrypt(TEXT, CONTEXT);
    const relabelled = Buffer.from(sealed);
    relabelled.write('k2', 2, 'latin1');
    expect(createSealer(both, 'field').keyIdOf(relabelled)).toBe('k2');
    expect(() => cipher.decrypt(relabelled, CONTEXT)).toThrow(/failed authentication/);
  });

  it('every key id a sealer accepts can open what it sealed', () => {
    // The header stores the key id's length in one byte; a longer id must be refused up front
    // rather than produce ciphertexts nobody can open.
    const longId = 'k'.repeat(300);
    let sealer;
    try {
      sealer = createSealer(ring([[longId, OLD_KEY]], longId), 'field');
    } catch {
      return;
    }
    const aad = Buffer.from('aad');
    expect(sealer.open(sealer.seal(Buffer.from(TEXT), aad), aad).toString()).toBe(TEXT);
  });
});

describe('createSealer purposes', () => {
  const aad = Buffer.from('same associated data');
  const field = createSealer(OLD_RING, 'field');
  const payload = createSealer(OLD_RING, 'payload');

  it('each purpose opens its own output', () => {
    expect(field.open(field.seal(Buffer.from(TEXT), aad), aad).toString()).toBe(TEXT);
    expect(payload.open(payload.seal(Buffer.from(TEXT), aad), aad).toString()).toBe(TEXT);
  });

  it('a payload sealer cannot open a field ciphertext made with the same ring', () => {
    expect(() => payload.open(field.seal(Buffer.from(TEXT), aad), aad)).toThrow(DecryptionError);
  });

  it('a field sealer cannot open a payload ciphertext made with the same ring', () => {
    expect(() => field.open(payload.seal(Buffer.from(TEXT), aad), aad)).toThrow(DecryptionError);
  });

  it('a field cipher cannot open a payload ciphertext even with the right associated data', () => {
    const cipher = createFieldCipher(OLD_RING);
    const fieldAad = Buffer.from(`${CONTEXT.table}\u0000${CONTEXT.rowId}\u0000${CONTEXT.field}`);
    expect(cipher.decryptText(field.seal(Buffer.from(TEXT), fieldAad), CONTEXT)).toBe(TEXT);
    expect(() => cipher.decrypt(payload.seal(Buffer.from(TEXT), fieldAad), CONTEXT)).toThrow(DecryptionError);
  });

  it('keyIdOf rejects what is not a ciphertext', () => {
    expect(() => field.keyIdOf(Buffer.from('plain text, not sealed'))).toThrow(DecryptionError);
    expect(() => field.keyIdOf(Buffer.alloc(0))).toThrow(DecryptionError);
  });

  it('opens a ciphertext given as a view into a larger buffer', () => {
    const sealed = field.seal(Buffer.from(TEXT), aad);
    const larger = new Uint8Array(sealed.length + 20);
    larger.set(sealed, 10);
    expect(field.open(larger.subarray(10, 10 + sealed.length), aad).toString()).toBe(TEXT);
  });
});

describe('createHasher', () => {
  const hasher = createHasher(Buffer.alloc(32, 9));

  it('is deterministic for one key, purpose and value', () => {
    expect(hasher.hash('reporter', '123456789').equals(hasher.hash('reporter', '123456789'))).toBe(true);
    expect(createHasher(Buffer.alloc(32, 9)).hash('reporter', '123456789').equals(hasher.hash('reporter', '123456789'))).toBe(true);
  });

  it('gives a 32-byte HMAC that does not contain the value', () => {
    const hash = hasher.hash('reporter', '123456789');
    expect(hash.length).toBe(32);
    expect(hash.includes(Buffer.from('123456789'))).toBe(false);
  });

  it('different values give different hashes', () => {
    expect(hasher.hash('reporter', '123456789').equals(hasher.hash('reporter', '123456780'))).toBe(false);
  });

  it('different keys give different hashes of the same value', () => {
    const other = createHasher(Buffer.alloc(32, 10));
    expect(other.hash('reporter', '123456789').equals(hasher.hash('reporter', '123456789'))).toBe(false);
  });

  it('different purposes give different hashes of the same value', () => {
    const purposes = ['reporter', 'receipt', 'invite', 'session', 'rate'] as const;
    const hashes = new Set(purposes.map((purpose) => hasher.hash(purpose, 'same value').toString('hex')));
    expect(hashes.size).toBe(purposes.length);
  });

  it('equals compares by content and tolerates different lengths', () => {
    const a = hasher.hash('receipt', 'X');
    expect(hasher.equals(a, Buffer.from(a))).toBe(true);
    expect(hasher.equals(a, hasher.hash('receipt', 'Y'))).toBe(false);
    expect(hasher.equals(a, a.subarray(0, 31))).toBe(false);
    expect(hasher.equals(Buffer.alloc(0), Buffer.alloc(0))).toBe(true);
  });
});

describe('createVault', () => {
  it('bundles a field cipher for the key ring and a hasher for the HMAC key', () => {
    const hmacKey = Buffer.alloc(32, 9);
    const vault = createVault(ROTATED_RING, hmacKey);
    const sealed = vault.cipher.encrypt(TEXT, CONTEXT);
    expect(createFieldCipher(ROTATED_RING).decryptText(sealed, CONTEXT)).toBe(TEXT);
    expect(createSealer(ROTATED_RING, 'field').keyIdOf(sealed)).toBe('k2');
    expect(vault.hasher.hash('invite', 'code').equals(createHasher(hmacKey).hash('invite', 'code'))).toBe(true);
    expect(vault.hasher.hash('invite', 'code').equals(createHasher(Buffer.alloc(32, 8)).hash('invite', 'code'))).toBe(false);
  });

  it('refuses a key ring whose current key is missing', () => {
    expect(() => createVault(ring([['k1', OLD_KEY]], 'k2'), Buffer.alloc(32, 9))).toThrow(/not in the key ring/);
  });
});

describe('generateKey', () => {
  it('gives 32 random bytes in base64, different each time', () => {
    const a = generateKey();
    const b = generateKey();
    expect(Buffer.from(a, 'base64').length).toBe(32);
    expect(Buffer.from(a, 'base64').toString('base64')).toBe(a);
    expect(a).not.toBe(b);
  });
});
