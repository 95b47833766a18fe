import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CASE_ACTIONS,
  CASE_PATTERN,
  caseData,
  menuData,
  menuPattern,
  packId,
  parseCaseData,
  parseMenuData,
  unpackId,
  type CaseAction,
} from '../../lib/callback-data.js';

const REPORT = '5f0c1d2e-9a8b-4c7d-8e6f-0123456789ab';
const OFFICER = 'ffffffff-ffff-4fff-bfff-ffffffffffff';
const ACTIONS = Object.keys(CASE_ACTIONS) as CaseAction[];
const bytes = (data: string) => Buffer.byteLength(data, 'utf8');

describe('packId / unpackId', () => {
  it('a UUID packs into 22 base64url characters and back', () => {
    for (const uuid of [REPORT, OFFICER, '00000000-0000-0000-0000-000000000000', ...Array.from({ length: 200 }, () => randomUUID())]) {
      const packed = packId(uuid);
      expect(packed).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(unpackId(packed)).toBe(uuid);
    }
  });

  it.each([
    ['', 'empty'],
    ['abc', 'too short'],
    ['A'.repeat(21), '21 characters'],
    ['A'.repeat(23), '23 characters'],
    ['AAAAAAAAAAAAAAAAAAAA+/', 'standard base64 characters'],
    ['AAAAAAAAAAAAAAAAAAAA==', 'padding'],
    ['AAAAAAAAAAAAAAAAAAAA A', 'a space'],
    [REPORT, 'an unpacked UUID'],
  ])('%j does not unpack (%s)', (packed) => {
    expect(unpackId(packed)).toBeNull();
  });
});

describe('caseData / parseCaseData', () => {
  it.each(ACTIONS)('%s round-trips without an argument', (action) => {
    const data = caseData(action, REPORT);
    expect(data).toBe(`v1:c:${CASE_ACTIONS[action]}:${packId(REPORT)}`);
    expect(parseCaseData(data)).toEqual({ action, reportId: REPORT });
  });

  it.each(ACTIONS)('%s round-trips with an argument', (action) => {
    for (const arg of ['substantiated', 'nabu', '3', packId(OFFICER), '']) {
      expect(parseCaseData(caseData(action, REPORT, arg))).toEqual({ action, reportId: REPORT, arg });
    }
  });

  it('every action code is distinct', () => {
    expect(new Set(Object.values(CASE_ACTIONS)).size).toBe(ACTIONS.length);
  });

  it('every produced string fits in 64 bytes, even with two packed UUIDs', () => {
    const args = [undefined, 'not_substantiated', 'police', '999', packId(OFFICER)];
    for (const action of ACTIONS) {
      for (const arg of args) {
        const data = caseData(action, OFFICER, arg);
        expect(bytes(data), data).toBeLessThanOrEqual(64);
      }
    }
    expect(bytes(caseData('reassignTo', OFFICER, packId(OFFICER)))).toBeLessThanOrEqual(64);
  });

  it('an argument that would overflow 64 bytes is refused when the button is made', () => {
    expect(() => caseData('outcome', REPORT, 'x'.repeat(40))).toThrow(RangeError);
  });

  it('every case button matches CASE_PATTERN and no menu button does', () => {
    for (const action of ACTIONS) expect(caseData(action, REPORT)).toMatch(CASE_PATTERN);
    expect(menuData('mn', 'queue')).not.toMatch(CASE_PATTERN);
  });

  const packed = packId(REPORT);
  it.each([
    ['v2:c:a:' + packed, 'another version'],
    ['V1:c:a:' + packed, 'the version in upper case'],
    [':c:a:' + packed, 'no version'],
    ['v1:c:zz:' + packed, 'an unknown action code'],
    ['v1:c::' + packed, 'an empty action code'],
    ['v1:c:A:' + packed, 'an action code in the wrong case'],
    ['v1:c:a:' + packed.slice(0, 21), 'a truncated id'],
    ['v1:c:a:' + packed + 'A', 'a long id'],
    ['v1:c:a:' + REPORT.replace(/-/g, '_'), 'an unpacked id'],
    ['v1:c:a', 'no id'],
    ['v1:c', 'no action'],
    ['v1', 'the version alone'],
    ['', 'empty'],
    ['v1:c:a:' + packed + ':arg:extra', 'extra parts'],
    ['v1:m:a:' + packed, 'a menu button'],
    ['v1:x:a:' + packed, 'an unknown kind'],
    ['v1:c:a:' + packed + ':' + 'x'.repeat(40), 'over 64 bytes'],
    ['v1:c:a:' + packed + ':ok go', 'a space'],
    ['v1:c:a:' + packed + ':é', 'a non-ASCII character'],
    ['v1:c:a:' + packed + ':<b>', 'markup'],
    ['v1:c:a:' + packed + ':a.b', 'a dot'],
    ['v1:c:a:' + packed + '\n', 'a newline'],
  ])('%j is refused (%s)', (data) => {
    expect(parseCaseData(data)).toBeNull();
  });

  it.each([[undefined], [null], [42], [{ action: 'accept' }], [['v1', 'c']]])('a non-string %j is refused', (data) => {
    expect(parseCaseData(data)).toBeNull();
    expect(parseMenuData(data)).toBeNull();
  });
});

describe('menuData / parseMenuData', () => {
  it('round-trips a feature and a value', () => {
    for (const [feature, value] of [
      ['lg', 'en'],
      ['mn', 'queue'],
      ['qp', '12'],
      ['answer', packId(REPORT)],
      ['rd', ''],
    ] as const) {
      const data = menuData(feature, value);
      expect(data).toBe(`v1:m:${feature}:${value}`);
      expect(parseMenuData(data)).toEqual({ feature, value });
    }
  });

  it('the value defaults to empty', () => {
    expect(parseMenuData(menuData('st'))).toEqual({ feature: 'st', value: '' });
  });

  it.each([
    ['v1:m:lg', 'no value part'],
    ['v1:m:lg:en:extra', 'extra parts'],
    ['v2:m:lg:en', 'another version'],
    ['v1:c:lg:en', 'a case button'],
    ['v1:m:lg:e n', 'a space'],
    ['v1:m:lg:' + 'x'.repeat(60), 'over 64 bytes'],
  ])('%j is refused (%s)', (data) => {
    expect(parseMenuData(data)).toBeNull();
  });

  it('a value that would overflow 64 bytes is refused when the button is made', () => {
    expect(() => menuData('lg', 'x'.repeat(60))).toThrow(RangeError);
  });
});

describe('menuPattern', () => {
  it('matches the buttons of its feature', () => {
    expect(menuData('qp', '2')).toMatch(menuPattern('qp'));
    expect(menuData('qp')).toMatch(menuPattern('qp'));
  });

  it('does not match another feature, even one that starts the same', () => {
    expect(menuData('q', '2')).not.toMatch(menuPattern('qp'));
    expect(menuData('qpx', '2')).not.toMatch(menuPattern('qp'));
    expect(menuData('qp', '2')).not.toMatch(menuPattern('q'));
    expect(menuData('answer', packId(REPORT))).not.toMatch(menuPattern('mn'));
  });

  it('does not match case buttons or other versions', () => {
    expect(caseData('accept', REPORT)).not.toMatch(menuPattern('c'));
    expect('v2:m:qp:2').not.toMatch(menuPattern('qp'));
    expect('xv1:m:qp:2').not.toMatch(menuPattern('qp'));
  });
});
