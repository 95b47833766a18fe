import { describe, expect, it } from 'vitest';
import { CAPTION_LIMIT, chunkText, escapeHtml, MESSAGE_LIMIT } from '../../lib/telegram-text.js';

const words = (text: string) => text.split(/\s+/).filter(Boolean);

/** Deterministic prose: words of 1-12 letters, with a line break every so often. */
function prose(wordCount: number, lineEvery = 0): string {
  let out = '';
  for (let i = 0; i < wordCount; i++) {
    const word = 'abcdefghijkl'.slice(0, 1 + ((i * 7) % 12));
    out += i === 0 ? word : lineEvery > 0 && i % lineEvery === 0 ? `\n${word}` : ` ${word}`;
  }
  return out;
}

describe('escapeHtml', () => {
  it('escapes &, < and >', () => {
    expect(escapeHtml('a < b && c > d')).toBe('a &lt; b &amp;&amp; c &gt; d');
  });

  it('turns markup a whistleblower types into text', () => {
    expect(escapeHtml('<b>bold</b> <a href="x">link</a>')).toBe('&lt;b&gt;bold&lt;/b&gt; &lt;a href="x"&gt;link&lt;/a&gt;');
  });

  it('escapes an existing entity rather than passing it through', () => {
    expect(escapeHtml('&lt;script&gt;')).toBe('&amp;lt;script&amp;gt;');
  });

  it('leaves other text, Cyrillic and emoji alone', () => {
    const text = 'Хабар 500 $ — "так" \'ні\' 💸';
    expect(escapeHtml(text)).toBe(text);
  });
});

describe('chunkText', () => {
  it('the limits are Telegram’s', () => {
    expect(MESSAGE_LIMIT).toBe(4096);
    expect(CAPTION_LIMIT).toBe(1024);
  });

  it('a short text is one chunk, unchanged', () => {
    expect(chunkText('short text')).toEqual(['short text']);
  });

  it('a text of exactly the limit is one chunk', () => {
    const text = 'x'.repeat(100);
    expect(chunkText(text, 100)).toEqual([text]);
  });

  it('an empty text gives no chunks', () => {
    expect(chunkText('')).toEqual([]);
  });

  it('the default limit leaves room under 4096 characters', () => {
    const chunks = chunkText(prose(3000));
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(MESSAGE_LIMIT - 200);
  });

  it.each([40, 57, 100, 333, 1024])('every chunk is at most %i characters and the words join back', (limit) => {
    const text = prose(2000, 9);
    const chunks = chunkText(text, limit);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(limit);
    expect(words(chunks.join(' '))).toEqual(words(text));
  });

  it('no chunk is empty or starts with whitespace after a split', () => {
    const chunks = chunkText(prose(1500, 5), 80);
    for (const chunk of chunks) {
      expect(chunk.length).toBeGreaterThan(0);
      expect(chunk).not.toMatch(/^\s/);
    }
  });

  it('cuts at a word break, never inside a word, when words are short', () => {
    const text = prose(1000);
    const chunks = chunkText(text, 60);
    const vocabulary = new Set(words(text));
    for (const chunk of chunks) for (const word of words(chunk)) expect(vocabulary.has(word), word).toBe(true);
  });

  it('prefers a line break to a later space', () => {
    const text = `${'a'.repeat(30)} ${'b'.repeat(30)}\n${'c'.repeat(10)} ${'d'.repeat(10)} ${'e'.repeat(30)}`;
    const [first, second] = chunkText(text, 80);
    expect(first).toBe(`${'a'.repeat(30)} ${'b'.repeat(30)}`);
    expect(second).toBe(`${'c'.repeat(10)} ${'d'.repeat(10)} ${'e'.repeat(30)}`);
  });

  it('keeps paragraphs whole when they fit', () => {
    const paragraphs = Array.from({ length: 12 }, (_, i) => `Paragraph ${i}: ${prose(10)}`);
    const chunks = chunkText(paragraphs.join('\n'), 200);
    for (const chunk of chunks) for (const line of chunk.split('\n')) expect(paragraphs).toContain(line);
  });

  it('uses a space when the last line break is too early', () => {
    const text = `ab\n${prose(50)}`;
    const chunks = chunkText(text, 60);
    expect(chunks[0]!.length).toBeGreaterThan(30);
    expect(words(chunks.join(' '))).toEqual(words(text));
  });

  it('cuts a word longer than the limit hard, losing nothing', () => {
    const long = 'x'.repeat(250);
    const chunks = chunkText(`start ${long} end`, 100);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(100);
    expect(chunks.join('').replace(/\s/g, '')).toBe(`start${long}end`);
  });

  it('counts Cyrillic text in characters', () => {
    const text = Array.from({ length: 400 }, (_, i) => `слово${i}`).join(' ');
    const chunks = chunkText(text, 500);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(500);
    expect(words(chunks.join(' '))).toEqual(words(text));
  });
});
