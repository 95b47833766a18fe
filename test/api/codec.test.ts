// The remote codec the Temporal Web UI calls: only admins decode, only the configured UI origins may
// call from a browser, and payloads it cannot handle are the caller's 400, never our 500.
import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EncryptionCodec, ENCRYPTED_ENCODING, METADATA_KEY_ID } from '../../lib/payload-codec.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { ADMIN_TOKEN, CODEC_TOKEN, bearer, buildTestApp, type TestApp } from './harness.js';

interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}
interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
}

const UI_ORIGIN = 'http://localhost:8233';
const b64 = (value: string | Uint8Array) => Buffer.from(value).toString('base64');
const unb64 = (value: string | undefined) => Buffer.from(value ?? '', 'base64');

/** A Temporal payload in the JSON shape the UI posts. */
const toJson = (payload: Payload): JsonPayload => ({
  metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, b64(v ?? new Uint8Array())])),
  ...(payload.data ? { data: b64(payload.data) } : {}),
});
const fromJson = (payload: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, unb64(v)])),
  data: payload.data === undefined ? undefined : unb64(payload.data),
});
const jsonOf = (value: unknown) => toJson(defaultPayloadConverter.toPayload(value));
const valueOf = (payload: JsonPayload | undefined) => defaultPayloadConverter.fromPayload(fromJson(payload!));

const SECRET_TEXT = 'The deputy head took 5000 USD for a permit';

let database: TestDatabase;
let api: TestApp;

beforeAll(async () => {
  database = await createTestDatabase();
  api = await buildTestApp({ db: database.db, databaseUrl: database.url, routes: { codec: true } });
});

afterAll(async () => {
  await api?.close();
  await database?.drop();
});

const post = (url: string, payload: unknown, headers: Record<string, string> = bearer()) =>
  api.inject({ method: 'POST', url, headers, payload: payload as Record<string, unknown> });

async function encodeThroughApi(values: unknown[]): Promise<JsonPayload[]> {
  const response = await post('/codec/encode', { payloads: values.map(jsonOf) });
  expect(response.statusCode).toBe(200);
  return response.json<{ payloads: JsonPayload[] }>().payloads;
}

describe('codec round trip', () => {
  it('decodes what it encoded back to the original payloads, in order', async () => {
    const values = [{ hello: 'world' }, SECRET_TEXT, 42, null, ['a', { b: true }]];
    const original = values.map(jsonOf);
    const encoded = await encodeThroughApi(values);
    expect(encoded).toHaveLength(values.length);

    const response = await post('/codec/decode', { payloads: encoded });
    expect(response.statusCode).toBe(200);
    const decoded = response.json<{ payloads: JsonPayload[] }>().payloads;
    expect(decoded).toEqual(original);
    expect(decoded.map(valueOf)).toEqual(values);
  });

  it('encodes to encrypted payloads that name their key and do not hold the plaintext', async () => {
    const [encoded] = await encodeThroughApi([{ note: SECRET_TEXT }]);
    expect(encoded!.metadata?.[METADATA_ENCODING_KEY]).toBe(b64(ENCRYPTED_ENCODING));
    expect(unb64(encoded!.metadata?.[METADATA_ENCODING_KEY]).toString('utf8')).toBe('binary/encrypted');
    expect(unb64(encoded!.metadata?.[METADATA_KEY_ID]).toString('utf8')).toBe('test1');
    const data = unb64(encoded!.data);
    expect(data.length).toBeGreaterThan(0);
    expect(data.includes(Buffer.from(SECRET_TEXT))).toBe(false);
    expect(data.includes(Buffer.from('json/plain'))).toBe(false);
  });

  it('decodes payloads the workers encrypted with the same keys', async () => {
    const [sealed] = await new EncryptionCodec(api.config.keys).encode([defaultPayloadConverter.toPayload({ reportId: 'r-1', days: 15 })]);
    const response = await post('/codec/decode', { payloads: [toJson(sealed!)] });
    expect(response.statusCode).toBe(200);
    expect(valueOf(response.json<{ payloads: JsonPayload[] }>().payloads[0])).toEqual({ reportId: 'r-1', days: 15 });
  });

  it('passes payloads that are not encrypted through decode unchanged', async () => {
    const plain = jsonOf({ visible: true });
    const response = await post('/codec/decode', { payloads: [plain] });
    expect(response.statusCode).toBe(200);
    expect(response.json<{ payloads: JsonPayload[] }>().payloads).toEqual([plain]);
  });

  it('answers an empty list with an empty list', async () => {
    const response = await post('/codec/decode', { payloads: [] });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ payloads: [] });
  });
});

describe('codec authentication', () => {
  it('answers 401 to encode and decode without a token', async () => {
    for (const url of ['/codec/decode', '/codec/encode']) {
      const response = await post(url, { payloads: [jsonOf('x')] }, {});
      expect(response.statusCode, url).toBe(401);
      expect(response.json<ErrorBody>().message.length).toBeGreaterThan(0);
    }
  });

  it('answers 401 to a wrong bearer token', async () => {
    const response = await post('/codec/decode', { payloads: [jsonOf('x')] }, bearer('w'.repeat(40)));
    expect(response.statusCode).toBe(401);
  });

  it('accepts the admin token as a path segment, the endpoint the Temporal UI is configured with', async () => {
    const [encoded] = await encodeThroughApi(['through the path']);
    const decode = await post(`/codec/${CODEC_TOKEN}/decode`, { payloads: [encoded] }, {});
    expect(decode.statusCode).toBe(200);
    expect(valueOf(decode.json<{ payloads: JsonPayload[] }>().payloads[0])).toBe('through the path');
    const encode = await post(`/codec/${CODEC_TOKEN}/encode`, { payloads: [jsonOf('y')] }, {});
    expect(encode.statusCode).toBe(200);
  });

  it("opens nothing else with the UI's codec token, and takes no admin token in the path", async () => {
    // Whoever loads the Temporal UI sees the codec URL: its token must not be an admin's.
    const full = await buildTestApp({ db: database.db, databaseUrl: database.url, routes: { admin: true, codec: true } });
    try {
      expect((await full.inject({ method: 'GET', url: '/api/officers', headers: bearer(CODEC_TOKEN) })).statusCode).toBe(401);
    } finally {
      await full.close();
    }
    const path = await post(`/codec/${ADMIN_TOKEN}/decode`, { payloads: [jsonOf('x')] }, {});
    expect(path.statusCode).toBe(401);
  });

  it('answers 401 to a wrong token in the path, even with a right bearer header', async () => {
    for (const token of ['w'.repeat(40), CODEC_TOKEN.slice(1), 'codec', ADMIN_TOKEN]) {
      const response = await post(`/codec/${token}/decode`, { payloads: [jsonOf('x')] }, {});
      expect(response.statusCode, token).toBe(401);
    }
    const mixed = await post(`/codec/${'w'.repeat(40)}/decode`, { payloads: [jsonOf('x')] }, bearer());
    expect(mixed.statusCode).toBe(401);
  });
});

describe('codec CORS', () => {
  it('echoes an allowed origin on a request from the Temporal UI', async () => {
    const response = await post(`/codec/${CODEC_TOKEN}/decode`, { payloads: [jsonOf('x')] }, { origin: UI_ORIGIN });
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe(UI_ORIGIN);
    expect(response.headers['access-control-allow-credentials']).toBe('true');
  });

  it('answers a preflight from the Temporal UI with 204, POST and the headers the UI sends', async () => {
    const response = await api.inject({
      method: 'OPTIONS',
      url: '/codec/decode',
      headers: {
        origin: UI_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-namespace,authorization',
      },
    });
    expect(response.statusCode).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe(UI_ORIGIN);
    expect(String(response.headers['access-control-allow-methods'])).toMatch(/POST/);
    const allowed = String(response.headers['access-control-allow-headers'])
      .split(',')
      .map((h) => h.trim().toLowerCase());
    expect(allowed).toEqual(expect.arrayContaining(['content-type', 'x-namespace', 'authorization']));
  });

  it('answers the same preflight for the path-token endpoint', async () => {
    const response = await api.inject({
      method: 'OPTIONS',
      url: `/codec/${CODEC_TOKEN}/decode`,
      headers: { origin: UI_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace' },
    });
    expect(response.statusCode).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe(UI_ORIGIN);
  });

  it('answers 403 without an allow-origin header to an origin that is not configured, even with the admin token', async () => {
    for (const headers of [{ origin: 'https://evil.example' }, { origin: 'http://localhost:8234', ...bearer() }]) {
      const response = await post(`/codec/${CODEC_TOKEN}/decode`, { payloads: [jsonOf('x')] }, headers);
      expect(response.statusCode).toBe(403);
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    }
  });

  it('gives no allow-origin header to a preflight from an origin that is not configured', async () => {
    const response = await api.inject({
      method: 'OPTIONS',
      url: '/codec/decode',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
    });
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('takes its origins from CODEC_CORS_ORIGINS', async () => {
    const custom = await buildTestApp({
      db: database.db,
      databaseUrl: database.url,
      routes: { codec: true },
      env: { CODEC_CORS_ORIGINS: 'https://temporal.example.org, http://127.0.0.1:9999' },
    });
    try {
      const allowed = await custom.inject({ method: 'POST', url: '/codec/decode', headers: { ...bearer(), origin: 'https://temporal.example.org' }, payload: { payloads: [] } });
      expect(allowed.statusCode).toBe(200);
      expect(allowed.headers['access-control-allow-origin']).toBe('https://temporal.example.org');
      const defaultOrigin = await custom.inject({ method: 'POST', url: '/codec/decode', headers: { ...bearer(), origin: UI_ORIGIN }, payload: { payloads: [] } });
      expect(defaultOrigin.statusCode).toBe(403);
    } finally {
      await custom.close();
    }
  });
});

describe('codec refusals', () => {
  const claimEncrypted = (data?: Buffer): JsonPayload => ({
    metadata: { [METADATA_ENCODING_KEY]: b64(ENCRYPTED_ENCODING), [METADATA_KEY_ID]: b64('test1') },
    ...(data ? { data: b64(data) } : {}),
  });

  it.each([
    ['random bytes claiming to be encrypted', () => claimEncrypted(randomBytes(80))],
    ['an encrypted payload without data', () => claimEncrypted()],
    ['a ciphertext header with nothing after it', () => claimEncrypted(Buffer.from([1, 5, ...Buffer.from('test1')]))],
  ])('answers 400 with a reason, not 500, to %s', async (_what, make) => {
    const response = await post('/codec/decode', { payloads: [make()] });
    expect(response.statusCode).toBe(400);
    const body = response.json<ErrorBody>();
    expect(body.statusCode).toBe(400);
    expect(body.message).toMatch(/cannot be decoded/);
  });

  it('answers 400 to a payload whose ciphertext was tampered with', async () => {
    const [encoded] = await encodeThroughApi(['tamper with me']);
    const data = unb64(encoded!.data);
    data[data.length - 1] = data[data.length - 1]! ^ 0xff;
    const response = await post('/codec/decode', { payloads: [{ ...encoded, data: b64(data) }] });
    expect(response.statusCode).toBe(400);
  });

  it('answers 400 to a payload sealed with keys this server does not have', async () => {
    const foreign = new EncryptionCodec({ ring: new Map([['other', randomBytes(32)]]), currentKeyId: 'other' });
    const [sealed] = await foreign.encode([defaultPayloadConverter.toPayload('not yours')]);
    const response = await post('/codec/decode', { payloads: [toJson(sealed!)] });
    expect(response.statusCode).toBe(400);
    expect(response.body).not.toContain('not yours');
  });

  it('refuses the whole request when one payload of several is bad', async () => {
    const [good] = await encodeThroughApi(['good']);
    const response = await post('/codec/decode', { payloads: [good, claimEncrypted(randomBytes(64))] });
    expect(response.statusCode).toBe(400);
    expect(response.body).not.toContain(b64('"good"'));
  });

  it.each([
    ['an empty object', {}],
    ['payloads that is not a list', { payloads: 'x' }],
    ['a payload that is not an object', { payloads: [42] }],
    ['metadata that is not an object', { payloads: [{ metadata: 'json/plain' }] }],
    ['more than 1000 payloads', { payloads: Array.from({ length: 1001 }, () => ({})) }],
  ])('answers 400 to a malformed body: %s', async (_what, body) => {
    const response = await post('/codec/decode', body);
    expect(response.statusCode).toBe(400);
    expect(response.json<ErrorBody>().error).toBe('Bad Request');
  });

  it('answers 400 to a body that is not JSON', async () => {
    const response = await api.inject({
      method: 'POST',
      url: '/codec/decode',
      headers: { ...bearer(), 'content-type': 'application/json' },
      payload: '{"payloads": [',
    });
    expect(response.statusCode).toBe(400);
  });
});
