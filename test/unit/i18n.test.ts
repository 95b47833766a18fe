import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, expectTypeOf, it } from 'vitest';
import { PUBLIC_COMMANDS } from '../../bot/commands.js';
import { REPORT_STEPS, type OfficerPurpose } from '../../bot/session.js';
import type { OfficerNotice, ReporterNotice } from '../../activities/notices.js';
import type { RedeemResult } from '../../db/repositories/officers.js';
import { ANONYMITY_MODES, OFFICER_ROLES, REPORT_STATUSES } from '../../db/schema.js';
import { CATEGORIES, UNITS } from '../../lib/catalog.js';
import { createI18n, isLanguage, LANGUAGES, LOCALES_DIR, pickLanguage, shortDate, type Language, type TranslateArgs } from '../../lib/i18n.js';
import { COMPETENT_BODIES, OUTCOMES, REJECTIONS, type Phase } from '../../workflows/messages.js';
import type { Action } from '../../workflows/rules.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const i18n = createI18n();
const source = (language: Language) => readFileSync(path.join(LOCALES_DIR, `${language}.ftl`), 'utf8');

// ---- The unions that exist only as types, written out and checked for completeness by tsc ----

const PHASES = ['unassigned', 'awaiting_acceptance', 'in_review', 'extended', 'overdue', 'decided'] as const satisfies readonly Phase[];
const ACTIONS = ['accept', 'decline', 'requestInfo', 'extend', 'decide', 'reassign'] as const satisfies readonly Action[];
const PURPOSES = ['decline', 'extend', 'question', 'summary'] as const satisfies readonly OfficerPurpose[];
type InviteRefusal = Extract<RedeemResult, { ok: false }>['reason'];
const INVITE_REFUSALS = ['unknown', 'used', 'expired', 'already-officer'] as const satisfies readonly InviteRefusal[];
const REPORTER_NOTICES = ['received', 'extended', 'question', 'decided'] as const satisfies readonly ReporterNotice[];
const OFFICER_NOTICES = [
  'assigned',
  'case-moved-away',
  'reminder',
  'decide-or-extend',
  'auto-extended',
  'escalated-overdue',
  'overdue-repeat',
  'reporter-replied',
  'decided-by-lead',
  'nobody-available',
  'officer-declined',
  'officer-no-answer',
  'escalated-auto-extended',
] as const satisfies readonly OfficerNotice[];

it('the written-out lists cover their whole unions', () => {
  expectTypeOf<Exclude<Phase, (typeof PHASES)[number]>>().toEqualTypeOf<never>();
  expectTypeOf<Exclude<Action, (typeof ACTIONS)[number]>>().toEqualTypeOf<never>();
  expectTypeOf<Exclude<OfficerPurpose, (typeof PURPOSES)[number]>>().toEqualTypeOf<never>();
  expectTypeOf<Exclude<InviteRefusal, (typeof INVITE_REFUSALS)[number]>>().toEqualTypeOf<never>();
  expectTypeOf<Exclude<ReporterNotice, (typeof REPORTER_NOTICES)[number]>>().toEqualTypeOf<never>();
  expectTypeOf<Exclude<OfficerNotice, (typeof OFFICER_NOTICES)[number]>>().toEqualTypeOf<never>();
  expect(new Set(OFFICER_NOTICES).size).toBe(OFFICER_NOTICES.length);
});

const family = (prefix: string, values: readonly string[], suffix = '') => values.map((value) => `${prefix}${value}${suffix}`);

/** Every key reached through a template literal in the code, expanded from the enums behind it. */
const DYNAMIC_KEYS = [
  ...family('unit-', UNITS),
  ...family('category-', CATEGORIES),
  ...family('anonymity-', ANONYMITY_MODES),
  ...family('anonymity-', ANONYMITY_MODES, '-chosen'),
  ...family('outcome-', OUTCOMES),
  ...family('body-', COMPETENT_BODIES),
  ...family('rejection-', [...REJECTIONS, 'case-closed', 'not-confirmed', 'forged', 'stale', 'not-an-officer', 'not-your-case', 'generic']),
  ...family('phase-', PHASES),
  ...family('phase-short-', PHASES),
  ...family('reporter-phase-', REPORT_STATUSES),
  ...family('role-', OFFICER_ROLES),
  ...family('button-', ACTIONS),
  ...family('notice-officer-', OFFICER_NOTICES),
  ...family('notice-reporter-', REPORTER_NOTICES),
  ...family('invite-', INVITE_REFUSALS),
  ...family('action-done-', ACTIONS),
  ...family('officer-ask-', PURPOSES),
  ...family('report-edit-', REPORT_STEPS.filter((step) => step !== 'review')),
  ...family('command-', [...PUBLIC_COMMANDS, 'queue']),
];

// ---- Reading the code for t() calls ----

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' ? [] : filesUnder(full);
    return name.endsWith('.ts') ? [full] : [];
  });
}

function skipQuoted(src: string, i: number, quote: string): number {
  for (let j = i + 1; j < src.length; j++) {
    if (src[j] === '\\') j++;
    else if (src[j] === quote) return j + 1;
  }
  return src.length;
}

function skipTemplate(src: string, i: number): number {
  for (let j = i + 1; j < src.length; j++) {
    if (src[j] === '\\') j++;
    else if (src[j] === '`') return j + 1;
    else if (src[j] === '$' && src[j + 1] === '{') j = skipExpression(src, j + 2) - 1;
  }
  return src.length;
}

/** Index just past the `}` closing an expression that starts at i. */
function skipExpression(src: string, i: number): number {
  let depth = 0;
  for (let j = i; j < src.length; ) {
    const ch = src[j]!;
    if (ch === "'" || ch === '"') j = skipQuoted(src, j, ch);
    else if (ch === '`') j = skipTemplate(src, j);
    else {
      if (ch === '{') depth++;
      if (ch === '}' && depth-- === 0) return j + 1;
      j++;
    }
  }
  return src.length;
}

/** The source text of the first argument of a call whose `(` is just before i. */
function firstArgument(src: string, i: number): string {
  let depth = 0;
  let j = i;
  while (j < src.length) {
    const ch = src[j]!;
    if (ch === "'" || ch === '"') {
      j = skipQuoted(src, j, ch);
      continue;
    }
    if (ch === '`') {
      j = skipTemplate(src, j);
      continue;
    }
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) {
      if (depth === 0) break;
      depth--;
    } else if (ch === ',' && depth === 0) break;
    j++;
  }
  return src.slice(i, j).trim();
}

/** An argument's template literals, and the argument with them taken out (their insides are no keys). */
function splitTemplates(arg: string): { literals: string; templateTexts: string[] } {
  const templateTexts: string[] = [];
  let literals = '';
  for (let i = 0; i < arg.length; ) {
    const ch = arg[i]!;
    if (ch === "'" || ch === '"') {
      const end = skipQuoted(arg, i, ch);
      literals += arg.slice(i, end);
      i = end;
    } else if (ch === '`') {
      const end = skipTemplate(arg, i);
      templateTexts.push(arg.slice(i + 1, end - 1));
      literals += '``';
      i = end;
    } else {
      literals += ch;
      i++;
    }
  }
  return { literals, templateTexts };
}

interface KeyUse {
  file: string;
  keys: string[];
  templates: string[];
}

function keyUses(): KeyUse[] {
  const files = ['bot', 'activities', 'lib', 'api'].flatMap((dir) => filesUnder(path.join(ROOT, dir)));
  return files.map((file) => {
    const src = readFileSync(file, 'utf8');
    const keys: string[] = [];
    const templates: string[] = [];
    for (const call of src.matchAll(/\bt\(/g)) {
      let arg = firstArgument(src, call.index + 2);
      // i18n.t(language, key): the key is the second argument.
      if (/^[A-Za-z_.]+$/.test(arg)) arg = firstArgument(src, call.index + 2 + src.slice(call.index + 2).indexOf(',') + 1);
      const { literals, templateTexts } = splitTemplates(arg);
      for (const m of literals.matchAll(/(?:^|[?:]\s*)(['"])([a-z][a-z0-9-]*)\1/g)) keys.push(m[2]!);
      templates.push(...templateTexts);
    }
    return { file: path.relative(ROOT, file), keys, templates };
  });
}

const USES = keyUses();
const STATIC_KEYS = [...new Set(USES.flatMap((use) => use.keys))].sort();
const TEMPLATES = [...new Set(USES.flatMap((use) => use.templates))].sort();
const templatePattern = (template: string) =>
  new RegExp(`^${template.split(/\$\{[^}]*\}/).map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')).join('[a-z0-9_-]+')}$`);

// ---- Fluent sources ----

/** Each message's own source lines, by key. */
function entries(language: Language): Map<string, string> {
  const map = new Map<string, string>();
  let current: string | null = null;
  for (const line of source(language).split('\n')) {
    const start = /^([a-z][a-z0-9_-]*)\s*=/.exec(line);
    if (start) {
      current = start[1]!;
      map.set(current, line);
    } else if (current && (/^\s/.test(line) || line === '')) {
      map.set(current, `${map.get(current)!}\n${line}`);
    } else {
      current = null;
    }
  }
  return map;
}

const variablesOf = (text: string) => [...new Set([...text.matchAll(/\$([a-zA-Z]+)/g)].map((m) => m[1]!))].sort();

const DATE_VARIABLES = new Set(['date', 'final', 'original']);
const NUMBER_VARIABLES = new Set(['days', 'n', 'total', 'min', 'max', 'mb', 'length', 'count', 'page', 'pages', 'hours', 'minutes', 'seconds', 'open']);
const SELECTOR_VARIABLES = new Set(['decided', 'overdue']);

function argsFor(names: string[], mode: 'typed-yes' | 'typed-no' | 'strings'): TranslateArgs {
  const args: TranslateArgs = {};
  for (const name of names) {
    if (mode === 'strings') args[name] = `sample ${name}`;
    else if (SELECTOR_VARIABLES.has(name)) args[name] = mode === 'typed-yes' ? 'yes' : 'no';
    else if (DATE_VARIABLES.has(name)) args[name] = new Date('2026-03-17T09:15:00Z');
    else if (NUMBER_VARIABLES.has(name)) args[name] = 3;
    else args[name] = `sample ${name}`;
  }
  return args;
}

describe('locale files', () => {
  it('uk and en have exactly the same keys', () => {
    const uk = i18n.keys('uk');
    const en = i18n.keys('en');
    expect(uk.length).toBeGreaterThan(100);
    expect([...uk].sort()).toEqual([...en].sort());
  });

  it('no key is defined twice in a file', () => {
    for (const language of LANGUAGES) {
      const keys = i18n.keys(language);
      expect(keys.filter((key, index) => keys.indexOf(key) !== index), language).toEqual([]);
    }
  });

  it('the entry reader sees the same keys as the bundles', () => {
    for (const language of LANGUAGES) expect([...entries(language).keys()].sort()).toEqual([...i18n.keys(language)].sort());
  });

  it('every message uses the same variables in both languages', () => {
    const uk = entries('uk');
    const en = entries('en');
    const differences = [...uk.keys()]
      .filter((key) => en.has(key))
      .map((key) => ({ key, uk: variablesOf(uk.get(key)!), en: variablesOf(en.get(key)!) }))
      .filter(({ uk, en }) => uk.join() !== en.join());
    expect(differences).toEqual([]);
  });

  it('no locale file contains isolation marks', () => {
    for (const language of LANGUAGES) expect(/[\u2068\u2069]/.test(source(language)), language).toBe(false);
  });
});

describe('every message formats', () => {
  for (const language of LANGUAGES) {
    const messages = entries(language);
    it.each(['typed-yes', 'typed-no', 'strings'] as const)(`in ${language} without Fluent errors or isolation marks (%s arguments)`, (mode) => {
      const failures: string[] = [];
      for (const [key, text] of messages) {
        try {
          const out = i18n.t(language, key, argsFor(variablesOf(text), mode));
          if (out.trim() === '') failures.push(`${key}: empty`);
          if (/[\u2068\u2069]/.test(out)) failures.push(`${key}: isolation marks`);
          if (/\{\s*\$/.test(out)) failures.push(`${key}: unresolved placeable`);
        } catch (error) {
          failures.push(`${key}: ${(error as Error).message}`);
        }
      }
      expect(failures).toEqual([]);
      expect(messages.size).toBeGreaterThan(100);
    });
  }

  it('a message missing one of its variables is reported, not silently printed', () => {
    expect(() => i18n.t('en', 'report-submitted', { code: 'AC-7K4M-9QXT' })).toThrow(/report-submitted/);
  });

  it('an unknown key is an error', () => {
    expect(() => i18n.t('en', 'no-such-key')).toThrow('missing translation "no-such-key"');
  });

  it('HTML tags in every message are balanced, as Telegram refuses broken markup', () => {
    const failures: string[] = [];
    for (const language of LANGUAGES) {
      for (const [key, text] of entries(language)) {
        const out = i18n.t(language, key, argsFor(variablesOf(text), 'strings'));
        const stack: string[] = [];
        for (const m of out.matchAll(/<(\/?)([a-z-]+)[^>]*>/g)) {
          if (m[1] === '') stack.push(m[2]!);
          else if (stack.pop() !== m[2]) failures.push(`${language} ${key}: </${m[2]}> does not close the open tag`);
        }
        if (stack.length > 0) failures.push(`${language} ${key}: <${stack.join('>, <')}> left open`);
        if (/<(?!\/?(b|i|u|s|code|pre|a|tg-spoiler|blockquote)\b)/.test(out)) failures.push(`${language} ${key}: a bare <`);
        if (/&(?!(amp|lt|gt|quot|#\d+);)/.test(out)) failures.push(`${language} ${key}: a bare &`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('every key the code uses exists', () => {
  it('the scan finds the code’s translations', () => {
    expect(STATIC_KEYS.length).toBeGreaterThan(100);
    expect(STATIC_KEYS).toContain('welcome');
    expect(STATIC_KEYS).toContain('status-ask-receipt');
    expect(TEMPLATES).toContain('unit-${unit}');
  });

  it('every static key is in both languages', () => {
    const missing = LANGUAGES.flatMap((language) =>
      USES.flatMap(({ file, keys }) => keys.filter((key) => !i18n.has(language, key)).map((key) => `${language}: ${key} (${file})`)),
    );
    expect(missing).toEqual([]);
  });

  it('every dynamic key family in the code is expanded here', () => {
    const fullyDynamic = TEMPLATES.filter((template) => template.startsWith('${'));
    // The officer's chooser builds `${key}-${value}` from the outcome- and body- families.
    expect(fullyDynamic).toEqual(['${key}-${value}']);
    const unexpanded = TEMPLATES.filter((template) => !template.startsWith('${')).filter(
      (template) => !DYNAMIC_KEYS.some((key) => templatePattern(template).test(key)),
    );
    expect(unexpanded).toEqual([]);
  });

  it('every expanded dynamic key is in both languages', () => {
    const missing = LANGUAGES.flatMap((language) => DYNAMIC_KEYS.filter((key) => !i18n.has(language, key)).map((key) => `${language}: ${key}`));
    expect(missing).toEqual([]);
  });
});

describe('pickLanguage', () => {
  it.each([
    ['uk', 'uk'],
    ['en-US', 'en'],
    ['en', 'en'],
    ['EN-gb', 'en'],
    ['en_GB', 'en'],
    ['uk-UA', 'uk'],
    ['ru', 'uk'],
    ['de', 'uk'],
    ['', 'uk'],
    [undefined, 'uk'],
    [null, 'uk'],
  ])('%j → %s', (code, language) => {
    expect(pickLanguage(code)).toBe(language);
  });

  it('isLanguage accepts only the languages we speak', () => {
    expect(isLanguage('uk')).toBe(true);
    expect(isLanguage('en')).toBe(true);
    expect(isLanguage('ru')).toBe(false);
    expect(isLanguage(undefined)).toBe(false);
    expect(isLanguage(1)).toBe(false);
  });

  it('other languages are answered in Ukrainian', () => {
    expect(i18n.t('ru', 'cancel-done')).toBe(i18n.t('uk', 'cancel-done'));
    expect(i18n.forLanguage('en-US')('cancel-done')).toBe('Cancelled.');
  });
});

describe('dates', () => {
  const newYearInKyiv = new Date('2026-12-31T22:30:00Z');

  it('render in the Kyiv time zone in English', () => {
    const text = i18n.t('en', 'status-received', { date: newYearInKyiv });
    expect(text).toMatch(/\b(1 January 2027|January 1, 2027)\b/);
    expect(text).not.toContain('December');
    expect(text).not.toContain('31');
  });

  it('render in the Kyiv time zone in Ukrainian', () => {
    const text = i18n.t('uk', 'status-received', { date: newYearInKyiv });
    expect(text).toContain('1 січня 2027');
    expect(text).not.toContain('грудня');
    expect(text).not.toContain('31');
  });

  it('the short date is Kyiv day and month too', () => {
    expect(shortDate(newYearInKyiv, 'uk')).toMatch(/^01\D01$/);
    expect(shortDate(newYearInKyiv, 'en')).toMatch(/^01\D01$/);
    expect(shortDate(new Date('2026-07-15T12:00:00Z'), 'uk')).toMatch(/^15\D07$/);
  });
});

describe('createI18n with other locale folders', () => {
  const dirs: string[] = [];
  const folder = (files: Record<string, string>) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'anticor-i18n-'));
    dirs.push(dir);
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a folder without one of the languages', () => {
    expect(() => createI18n(folder({ 'uk.ftl': 'hello = Привіт\n' }))).toThrow('missing locale file en.ftl');
  });

  it('a locale file with a syntax error is refused at start-up, not dropped silently', () => {
    // Without the check, the broken English message disappears and English readers get Ukrainian.
    expect(() => createI18n(folder({ 'uk.ftl': 'hello = Привіт\n', 'en.ftl': 'hello = { $name\n' }))).toThrow(/en\.ftl/);
  });

  it('a locale file defining a key twice is refused', () => {
    expect(() => createI18n(folder({ 'uk.ftl': 'hello = Привіт\nhello = Вітаю\n', 'en.ftl': 'hello = Hello\n' }))).toThrow(/uk\.ftl.*hello/);
  });

  it('falls back to Ukrainian for a key missing in English', () => {
    const local = createI18n(folder({ 'uk.ftl': 'hello = Привіт\nonly-uk = Лише українською\n', 'en.ftl': 'hello = Hello\n' }));
    expect(local.t('en', 'hello')).toBe('Hello');
    expect(local.t('en', 'only-uk')).toBe('Лише українською');
    expect(local.has('en', 'only-uk')).toBe(false);
  });

  it('substitutes variables without isolation marks', () => {
    const local = createI18n(folder({ 'uk.ftl': 'hi = Привіт, { $name }!\n', 'en.ftl': 'hi = Hi, { $name }!\n' }));
    expect(local.t('en', 'hi', { name: 'Olena' })).toBe('Hi, Olena!');
    expect(local.t('en', 'hi', { name: 'Olena', unused: null })).toBe('Hi, Olena!');
  });
});
