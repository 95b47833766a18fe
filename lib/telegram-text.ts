// Helpers for Telegram's HTML parse mode: user text is always escaped, and long texts are split
// under the 4096-character limit at line or word boundaries.
export const MESSAGE_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Splits plain text into pieces of at most `limit` characters, preferring line, then word breaks. */
export function chunkText(text: string, limit = MESSAGE_LIMIT - 200): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    let cut = rest.lastIndexOf('\n', limit);
    if (cut < limit / 2) cut = rest.lastIndexOf(' ', limit);
    if (cut < limit / 2) cut = limit;
    chunks.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^\s+/, '');
  }
  if (rest.length > 0) chunks.push(rest);
  return chunks;
}
