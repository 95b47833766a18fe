import { describe, expect, it } from 'vitest';
import { newCaseCode, newId, newInviteCode, newReceipt, newReportId, parseCaseCode, parseReceipt } from '../../lib/ids.js';

// Crockford base32: digits and letters without I, L, O and U.
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const C = '[0-9A-HJKMNP-TV-Z]';
const CASE_CODE = new RegExp(`^AC-${C}{4}-${C}{4}$`);
const RECEIPT = new RegExp(`^${C}{4}-${C}{4}-${C}{4}-${C}{4}-${C}{4}$`);
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const many = <T>(n: number, make: () => T): T[] => Array.from({ length: n }, make);

describe('case codes', () => {
  it('look like AC-XXXX-XXXX in Crockford base32', () => {
    for (const code of many(500, newCaseCode)) expect(code).toMatch(CASE_CODE);
  });

  it('use every Crockford character and no other', () => {
    const seen = new Set(many(2000, newCaseCode).flatMap((code) => [...code.slice(3).replace('-', '')]));
    expect([...seen].sort().join('')).toBe(CROCKFORD);
  });

  it('are distinct', () => {
    const codes = many(5000, newCaseCode);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('a generated code parses back to itself', () => {
    for (const code of many(100, newCaseCode)) expect(parseCaseCode(code)).toBe(code);
  });

  it.each([
    ['AC-7K4M-9QXT', 'canonical'],
    ['ac-7k4m-9qxt', 'lower case'],
    ['Ac-7K4m-9qXt', 'mixed case'],
    ['  AC-7K4M-9QXT  ', 'surrounding spaces'],
    ['AC 7K4M 9QXT', 'spaces for dashes'],
    ['AC7K4M9QXT', 'no dashes'],
    ['7K4M-9QXT', 'no prefix'],
    ['7k4m9qxt', 'no prefix, no dashes, lower case'],
    ['7K4M 9QXT', 'no prefix, a space'],
    ['ac_7k4m.9qxt', 'underscores and dots'],
    ['AC-7K4M-\t9QXT', 'a tab'],
  ])('%s is read as AC-7K4M-9QXT (%s)', (input) => {
    expect(parseCaseCode(input)).toBe('AC-7K4M-9QXT');
  });

  it('O is read as zero and I and L as one', () => {
    expect(parseCaseCode('AC-OOIL-ilo0')).toBe('AC-0011-1100');
    expect(parseCaseCode('oil0 1234')).toBe('AC-0110-1234');
  });

  it('a code whose own characters start with AC is found without the prefix too', () => {
    expect(parseCaseCode('AC-ACXX-XXXX')).toBe('AC-ACXX-XXXX');
    expect(parseCaseCode('ACXX-XXXX')).toBe('AC-ACXX-XXXX');
  });

  it.each([
    ['', 'empty'],
    ['AC-', 'prefix only'],
    ['AC-7K4M-9QX', 'seven characters'],
    ['AC-7K4M-9QXTZ', 'nine characters'],
    ['7K4M-9QX', 'seven characters without prefix'],
    ['ZZ7K4M9QXT', 'ten characters under another prefix'],
    ['AC-7K4M-9QX!', 'a symbol'],
    ['AC-7K4M-9QX#', 'a hash'],
    ['AC-7K4M-9QXU', 'U is not Crockford'],
    ['AC-7K4M/9QXT', 'a slash'],
    ['AC-7K4M-9QXT-7K4M', 'two codes'],
  ])('%j is not a case code (%s)', (input) => {
    expect(parseCaseCode(input)).toBeNull();
  });
});

describe('receipts', () => {
  it('are 20 Crockford characters in groups of four', () => {
    for (const receipt of many(500, newReceipt)) {
      expect(receipt).toMatch(RECEIPT);
      expect(receipt.replace(/-/g, '')).toHaveLength(20);
    }
  });

  it('are distinct', () => {
    const receipts = many(5000, newReceipt);
    expect(new Set(receipts).size).toBe(receipts.length);
  });

  it('a generated receipt parses back to itself', () => {
    for (const receipt of many(100, newReceipt)) expect(parseReceipt(receipt)).toBe(receipt);
  });

  it.each([
    ['7K4M-9QXT-ABCD-EFGH-JKMN', 'canonical'],
    ['7k4m-9qxt-abcd-efgh-jkmn', 'lower case'],
    ['7K4M9QXTABCDEFGHJKMN', 'no dashes'],
    ['7K4M 9QXT ABCD EFGH JKMN', 'spaces'],
    [' 7k4m9qxt abcdefgh-jkmn\n', 'mixed separators and surrounding space'],
  ])('%j is read as the canonical receipt (%s)', (input) => {
    expect(parseReceipt(input)).toBe('7K4M-9QXT-ABCD-EFGH-JKMN');
  });

  it('O is read as zero and I and L as one', () => {
    expect(parseReceipt('OOOO-IIII-LLLL-oooo-illi')).toBe('0000-1111-1111-0000-1111');
  });

  it.each([
    ['', 'empty'],
    ['7K4M-9QXT-ABCD-EFGH-JKM', '19 characters'],
    ['7K4M-9QXT-ABCD-EFGH-JKMNP', '21 characters'],
    ['7K4M-9QXT-ABCD-EFGH-JKM!', 'a symbol'],
    ['7K4M-9QXT-ABCD-EFGH-JKMU', 'U is not Crockford'],
    ['AC-7K4M-9QXT', 'a case code'],
  ])('%j is not a receipt (%s)', (input) => {
    expect(parseReceipt(input)).toBeNull();
  });
});

describe('invite codes', () => {
  it('are 16 random bytes in base64url', () => {
    for (const code of many(200, newInviteCode)) {
      expect(code).toMatch(/^[A-Za-z0-9_-]{22}$/);
      const bytes = Buffer.from(code, 'base64url');
      expect(bytes).toHaveLength(16);
      expect(bytes.toString('base64url')).toBe(code);
    }
  });

  it('are distinct', () => {
    const codes = many(5000, newInviteCode);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

describe('row ids', () => {
  it('are distinct random UUIDs', () => {
    const ids = [...many(500, newId), ...many(500, newReportId)];
    for (const id of ids) expect(id).toMatch(UUID_V4);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
