import type { MessageEntity } from 'grammy/types';
import { badRequest, type TelegramError } from './errors.js';

export interface FormattedText {
  text: string;
  entities: MessageEntity[];
}

type EntityDraft = { type: string; offset: number; length: number } & Record<string, unknown>;

const cantParse = (reason: string): TelegramError => badRequest(`can't parse entities: ${reason}`);

/** Telegram reports parse errors at UTF-8 byte offsets of the source text. */
const byteOffset = (source: string, index: number): number => Buffer.byteLength(source.slice(0, index));

/**
 * Turns `text` + `parse_mode` (or explicit entities) into the plain text and entities Telegram
 * stores, trimming surrounding whitespace the way Telegram does.
 */
export function formatText(raw: string, parseMode: string | undefined, explicit: MessageEntity[] | undefined): FormattedText {
  const parsed = explicit !== undefined
    ? { text: raw, entities: explicit as EntityDraft[] }
    : parse(raw, parseMode);
  const lead = parsed.text.length - parsed.text.trimStart().length;
  const text = parsed.text.trim();
  const entities = parsed.entities
    .map((e) => {
      const start = Math.max(e.offset - lead, 0);
      const end = Math.min(e.offset + e.length - lead, text.length);
      return { ...e, offset: start, length: end - start };
    })
    .filter((e) => e.length > 0)
    .sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { text, entities: entities as MessageEntity[] };
}

function parse(raw: string, parseMode: string | undefined): { text: string; entities: EntityDraft[] } {
  switch (parseMode?.toLowerCase()) {
    case undefined:
    case '':
      return { text: raw, entities: [] };
    case 'html':
      return parseHtml(raw);
    case 'markdownv2':
      return parseMarkdownV2(raw);
    case 'markdown':
      return parseMarkdown(raw);
    default:
      throw badRequest('unsupported parse_mode');
  }
}

const HTML_TYPES: Record<string, string> = {
  b: 'bold', strong: 'bold', i: 'italic', em: 'italic', u: 'underline', ins: 'underline',
  s: 'strikethrough', strike: 'strikethrough', del: 'strikethrough', 'tg-spoiler': 'spoiler', span: 'spoiler',
  a: 'text_link', code: 'code', pre: 'pre', blockquote: 'blockquote', 'tg-emoji': 'custom_emoji',
};

const HTML_ESCAPES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

function decodeHtmlEntity(name: string): string | undefined {
  if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
  if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
  return HTML_ESCAPES[name.toLowerCase()];
}

function parseHtml(source: string): { text: string; entities: EntityDraft[] } {
  let text = '';
  const entities: EntityDraft[] = [];
  const open: { tag: string; start: number; attrs: Record<string, string> }[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (c === '&') {
      const match = /^&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,4});/i.exec(source.slice(i, i + 12));
      const decoded = match?.[1] === undefined ? undefined : decodeHtmlEntity(match[1]);
      text += decoded ?? '&';
      i += decoded === undefined ? 1 : (match?.[0].length ?? 1);
      continue;
    }
    if (c !== '<') {
      text += c;
      i += 1;
      continue;
    }
    const at = byteOffset(source, i);
    const close = source.indexOf('>', i);
    if (source[i + 1] === '/') {
      if (close < 0) throw cantParse(`Unclosed end tag at byte offset ${at}`);
      const name = source.slice(i + 2, close).trim().toLowerCase();
      const top = open.pop();
      if (top === undefined) throw cantParse(`Unexpected end tag at byte offset ${at}`);
      if (name !== top.tag) {
        throw cantParse(`Unmatched end tag at byte offset ${at}, expected "</${top.tag}>", found "</${name}>"`);
      }
      closeHtmlTag(top, text.length, open, entities);
      i = close + 1;
      continue;
    }
    const name = /^[^\s>]*/.exec(source.slice(i + 1))?.[0].toLowerCase() ?? '';
    if (HTML_TYPES[name] === undefined) throw cantParse(`Unsupported start tag "${name}" at byte offset ${at}`);
    if (close < 0) throw cantParse(`Unclosed start tag at byte offset ${at}`);
    const attrs: Record<string, string> = {};
    for (const m of source.slice(i + 1 + name.length, close).matchAll(/([a-z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+)))?/gi)) {
      attrs[(m[1] as string).toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? '';
    }
    if (name === 'span' && attrs.class !== 'tg-spoiler') {
      throw cantParse(`Tag "span" must have class "tg-spoiler" at byte offset ${at}`);
    }
    open.push({ tag: name, start: text.length, attrs });
    i = close + 1;
  }
  const unclosed = open.at(-1);
  if (unclosed !== undefined) throw cantParse(`Can't find end tag corresponding to start tag "${unclosed.tag}"`);
  return { text, entities };
}

function closeHtmlTag(
  tag: { tag: string; start: number; attrs: Record<string, string> },
  end: number,
  open: { tag: string; attrs: Record<string, string> }[],
  entities: EntityDraft[],
): void {
  const parent = open.at(-1);
  // Telegram folds <pre><code class="language-x"> into one pre entity carrying the language.
  if (tag.tag === 'code' && parent?.tag === 'pre') {
    const language = /^language-(.+)$/.exec(tag.attrs.class ?? '')?.[1];
    if (language !== undefined) parent.attrs.language = language;
    return;
  }
  const entity: EntityDraft = { type: HTML_TYPES[tag.tag] as string, offset: tag.start, length: end - tag.start };
  if (tag.tag === 'a') entity.url = tag.attrs.href ?? '';
  if (tag.tag === 'pre' && tag.attrs.language !== undefined) entity.language = tag.attrs.language;
  if (tag.tag === 'blockquote' && 'expandable' in tag.attrs) entity.type = 'expandable_blockquote';
  if (tag.tag === 'tg-emoji') entity.custom_emoji_id = tag.attrs['emoji-id'] ?? '';
  entities.push(entity);
}

const MARKDOWN_V2_RESERVED = '_*[]()~`>#+-=|{}.!';

const MARKDOWN_V2_NAMES: Record<string, string> = {
  bold: 'Bold', italic: 'Italic', underline: 'Underline', strikethrough: 'Strikethrough',
  spoiler: 'Spoiler', code: 'Code', pre: 'Pre', text_link: 'TextUrl',
};

function parseMarkdownV2(source: string): { text: string; entities: EntityDraft[] } {
  let text = '';
  const entities: EntityDraft[] = [];
  const open: { type: string; start: number; at: number; language?: string }[] = [];
  let quoteStart: number | undefined;
  let i = 0;
  const close = (length: number): void => {
    const top = open.pop() as (typeof open)[number];
    entities.push({
      type: top.type, offset: top.start, length: text.length - top.start,
      ...(top.language !== undefined && { language: top.language }),
    });
    i += length;
  };
  while (i < source.length) {
    const c = source[i] as string;
    const next = source[i + 1];
    const top = open.at(-1);
    if (c === '\\' && next !== undefined && next.charCodeAt(0) <= 126) {
      text += next;
      i += 2;
      continue;
    }
    if (top?.type === 'code' || top?.type === 'pre') {
      if (top.type === 'code' && c === '`') close(1);
      else if (top.type === 'pre' && source.startsWith('```', i)) close(3);
      else {
        text += c;
        i += 1;
      }
      continue;
    }
    if (c === '\n' && quoteStart !== undefined && source[i + 1] !== '>') {
      entities.push({ type: 'blockquote', offset: quoteStart, length: text.length - quoteStart });
      quoteStart = undefined;
    }
    if (!MARKDOWN_V2_RESERVED.includes(c)) {
      text += c;
      i += 1;
      continue;
    }
    const marker = c === '_' && next === '_' ? '__' : c === '|' && next === '|' ? '||' : c === '`' && source.startsWith('```', i) ? '```' : c;
    const type = ({ '*': 'bold', _: 'italic', __: 'underline', '~': 'strikethrough', '||': 'spoiler', '`': 'code', '```': 'pre', '[': 'text_link' } as Record<string, string>)[marker];
    if (type !== undefined && type !== 'text_link' && top?.type === type) {
      close(marker.length);
    } else if (type !== undefined) {
      open.push({ type, start: text.length, at: i });
      i += marker.length;
      if (type === 'pre') {
        const language = /^[A-Za-z0-9_+#-]+(?=\n)/.exec(source.slice(i))?.[0];
        if (language !== undefined) {
          (open.at(-1) as (typeof open)[number]).language = language;
          i += language.length + 1;
        }
      }
    } else if (c === ']' && top?.type === 'text_link') {
      const url = next === '(' ? /^\(((?:\\.|[^\\)])*)\)/.exec(source.slice(i + 1)) : null;
      open.pop();
      if (url !== null) {
        entities.push({ type: 'text_link', offset: top.start, length: text.length - top.start, url: (url[1] as string).replace(/\\(.)/g, '$1') });
        i += 1 + url[0].length;
      } else {
        i += 1;
      }
    } else if (c === '>' && (i === 0 || source[i - 1] === '\n')) {
      quoteStart ??= text.length;
      i += 1;
    } else {
      throw cantParse(`Character '${c}' is reserved and must be escaped with the preceding '\\'`);
    }
  }
  const unclosed = open.at(-1);
  if (unclosed !== undefined) {
    throw cantParse(`Can't find end of ${MARKDOWN_V2_NAMES[unclosed.type] ?? unclosed.type} entity at byte offset ${byteOffset(source, unclosed.at)}`);
  }
  if (quoteStart !== undefined) entities.push({ type: 'blockquote', offset: quoteStart, length: text.length - quoteStart });
  return { text, entities };
}

/** Legacy Markdown: no nesting, no escaping inside entities. */
function parseMarkdown(source: string): { text: string; entities: EntityDraft[] } {
  let text = '';
  const entities: EntityDraft[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (c === '\\' && '_*`['.includes(source[i + 1] ?? ' ')) {
      text += source[i + 1];
      i += 2;
      continue;
    }
    if (!'_*`['.includes(c)) {
      text += c;
      i += 1;
      continue;
    }
    const unterminated = cantParse(`Can't find end of the entity starting at byte offset ${byteOffset(source, i)}`);
    if (c === '[') {
      const link = /^\[([^\]]*)\]\(([^)]*)\)/.exec(source.slice(i));
      if (link === null) throw unterminated;
      entities.push({ type: 'text_link', offset: text.length, length: (link[1] as string).length, url: link[2] as string });
      text += link[1];
      i += link[0].length;
      continue;
    }
    const marker = c === '`' && source.startsWith('```', i) ? '```' : c;
    const end = source.indexOf(marker, i + marker.length);
    if (end < 0) throw unterminated;
    let body = source.slice(i + marker.length, end);
    const entity: EntityDraft = { type: ({ '*': 'bold', _: 'italic', '`': 'code', '```': 'pre' } as Record<string, string>)[marker] as string, offset: text.length, length: 0 };
    const language = marker === '```' ? /^([A-Za-z0-9_+#-]+)\n/.exec(body) : null;
    if (language !== null) {
      entity.language = language[1];
      body = body.slice(language[0].length);
    }
    entity.length = body.length;
    entities.push(entity);
    text += body;
    i = end + marker.length;
  }
  return { text, entities };
}
