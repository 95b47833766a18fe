// Fixed test keys: tests need reproducible key ids, never production secrets.
import { createVault, type KeyRing } from '../../lib/crypto.js';

export const TEST_KEYS: KeyRing = {
  ring: new Map([['test1', Buffer.alloc(32, 7)]]),
  currentKeyId: 'test1',
};
export const TEST_HMAC_KEY = Buffer.alloc(32, 9);

export const testVault = () => createVault(TEST_KEYS, TEST_HMAC_KEY);

/** Environment variables that make a valid configuration, for config and process tests. */
export function testEnv(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: 'postgres://postgres:x@127.0.0.1:5432/anticor',
    TELEGRAM_BOT_TOKEN: '123456:TEST-TOKEN',
    ADMIN_TOKENS: 'a'.repeat(40),
    ANTICOR_KEYS: `test1:${Buffer.alloc(32, 7).toString('base64')}`,
    ANTICOR_HMAC_KEY: Buffer.alloc(32, 9).toString('base64'),
    ...overrides,
  };
}
