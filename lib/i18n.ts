// Every user-visible text lives in Fluent files (bot/locales/<lang>.ftl). The bot and the
// notification activities render through the same bundles, in the recipient's language.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FluentBundle, FluentDateTime, FluentResource, type FluentVariable } from '@fluent/bundle';

export const LANGUAGES = ['uk', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'uk';

export const LOCALES_DIR = fileURLToPath(new URL('../bot/locales/', import.meta.url));

export type TranslateArgs = Record<string, FluentVariable | null | undefined>;
export type Translate = (key: string, args?: TranslateArgs) => string;

export interface I18n {
  languages: readonly Language[];
  t(language: string, key: string, args?: TranslateArgs): string;
  has(language: string, key: string): boolean;
  keys(language: Language): string[];
  /** A translator bound to one language. */
  forLanguage(language: string): Translate;
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Telegram's language_code ("uk", "en-US", "ru") mapped to a language we speak; Ukrainian otherwise. */
export function pickLanguage(code: string | undefined | null): Language {
  const base = code?.toLowerCase().split(/[-_]/)[0];
  return isLanguage(base) ? base : DEFAULT_LANGUAGE;
}

/** Dates in messages are shown in Kyiv time, as the law's days are counted there. */
export const TIME_ZONE = 'Europe/Kyiv';

export function createI18n(dir: string = LOCALES_DIR): I18n {
  const bundles = new Map<Language, FluentBundle>();
  const sources = new Map<Language, string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ftl'))) {
    const language = file.replace(/\.ftl$/, '');
    if (!isLanguage(language)) continue;
    const source = readFileSync(`${dir}/${file}`, 'utf8');
    // Isolation marks (U+2068/U+2069) would show up as stray characters in Telegram clients.
    // en-GB, not en-US: dates read "1 January 2027", as in the rest of Europe.
    const bundle = new FluentBundle(language === 'en' ? 'en-GB' : language, { useIsolating: false });
    const errors = bundle.addResource(new FluentResource(source));
    if (errors.length > 0) throw new Error(`${file}: ${errors.map((e) => e.message).join('; ')}`);
    // FluentResource drops an entry it cannot parse without a word: a typo would silently fall
    // back to another language. Every key in the file must have made it into the bundle.
    const lost = [...source.matchAll(/^([a-z][a-z0-9_-]*)\s*=/gm)].map((m) => m[1]!).filter((key) => !bundle.hasMessage(key));
    if (lost.length > 0) throw new Error(`${file}: cannot parse ${lost.join(', ')}`);
    bundles.set(language, bundle);
    sources.set(language, source);
  }
  for (const language of LANGUAGES) if (!bundles.has(language)) throw new Error(`missing locale file ${language}.ftl in ${dir}`);

  const bundleFor = (language: string) => bundles.get(pickLanguage(language))!;

  function t(language: string, key: string, args: TranslateArgs = {}): string {
    const bundle = bundleFor(language);
    const message = bundle.getMessage(key) ?? bundles.get(DEFAULT_LANGUAGE)!.getMessage(key);
    if (!message?.value) throw new Error(`missing translation "${key}"`);
    const values: Record<string, FluentVariable> = {};
    for (const [name, value] of Object.entries(args)) {
      if (value === null || value === undefined) continue;
      values[name] = value instanceof Date ? new FluentDateTime(value.getTime(), { timeZone: TIME_ZONE, dateStyle: 'long' }) : value;
    }
    const errors: Error[] = [];
    const text = bundle.formatPattern(message.value, values, errors);
    if (errors.length > 0) throw new Error(`translation "${key}" in ${language}: ${errors.map((e) => e.message).join('; ')}`);
    return text;
  }

  return {
    languages: LANGUAGES,
    t,
    has: (language, key) => bundleFor(language).hasMessage(key),
    keys: (language) => [...(sources.get(language) ?? '').matchAll(/^([a-z][a-z0-9_-]*)\s*=/gm)].map((m) => m[1]!),
    forLanguage: (language) => (key, args) => t(language, key, args),
  };
}

/** A compact date for buttons and lists ("18.12"), in Kyiv time. */
export function shortDate(date: Date, language: string): string {
  return new Intl.DateTimeFormat(pickLanguage(language) === 'uk' ? 'uk-UA' : 'en-GB', { day: '2-digit', month: '2-digit', timeZone: TIME_ZONE }).format(date);
}
