// Identifiers people read aloud or type back: Crockford base32 (no I, L, O, U), grouped in fours,
// tolerant of case, spaces and the letters people confuse with digits.
import { randomBytes, randomUUID } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function randomBase32(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  // 256 is a multiple of 32, so taking each byte modulo 32 keeps the distribution uniform.
  for (const byte of bytes) out += ALPHABET[byte % 32];
  return out;
}

function group(value: string): string {
  return value.match(/.{1,4}/g)!.join('-');
}

/** Maps what a person may type to the canonical characters, or null when something else is there. */
function canonical(input: string): string | null {
  const cleaned = input
    .toUpperCase()
    .replace(/[\s\-_.]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  for (const char of cleaned) if (!ALPHABET.includes(char)) return null;
  return cleaned;
}

export const newReportId = (): string => randomUUID();
export const newId = (): string => randomUUID();

const CASE_PREFIX = 'AC';
const CASE_LENGTH = 8;

/** A case code such as AC-7K4M-9QXT: 40 random bits, unique by a database constraint. */
export function newCaseCode(): string {
  return `${CASE_PREFIX}-${group(randomBase32(CASE_LENGTH))}`;
}

/** The canonical case code of what a person typed, or null when it cannot be one. */
export function parseCaseCode(input: string): string | null {
  const value = canonical(input.trim());
  if (value === null) return null;
  const body = value.length === CASE_PREFIX.length + CASE_LENGTH && value.startsWith(CASE_PREFIX) ? value.slice(CASE_PREFIX.length) : value;
  if (body.length !== CASE_LENGTH) return null;
  return `${CASE_PREFIX}-${group(body)}`;
}

const RECEIPT_LENGTH = 20;

/** A secret receipt of 100 random bits, shown once to the whistleblower and stored only as an HMAC. */
export function newReceipt(): string {
  return group(randomBase32(RECEIPT_LENGTH));
}

export function parseReceipt(input: string): string | null {
  const value = canonical(input.trim());
  if (value === null || value.length !== RECEIPT_LENGTH) return null;
  return group(value);
}

/** An invite code for a Telegram deep link (`?start=`): 128 random bits in base64url. */
export function newInviteCode(): string {
  return randomBytes(16).toString('base64url');
}
