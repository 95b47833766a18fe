// Files people send reach the bot as file ids; the bytes come from the Bot API server's file route.
import type { Api } from 'grammy';

export class FileTooLargeError extends Error {
  constructor(readonly size: number) {
    super(`file of ${size} bytes is over the limit`);
    this.name = 'FileTooLargeError';
  }
}

export function createFileDownloader(api: Api, token: string, apiRoot: string) {
  return async (fileId: string, maxBytes: number): Promise<Buffer> => {
    const file = await api.getFile(fileId);
    if (!file.file_path) throw new Error('the Bot API returned no file path');
    if (file.file_size !== undefined && file.file_size > maxBytes) throw new FileTooLargeError(file.file_size);
    // A local Bot API server in --local mode answers with an absolute path it serves itself.
    const url = `${apiRoot}/file/bot${token}/${file.file_path.replace(/^\/+/, '')}`;
    const response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
    if (!response.ok) throw new Error(`file download answered ${response.status}`);
    const data = Buffer.from(await response.arrayBuffer());
    if (data.length > maxBytes) throw new FileTooLargeError(data.length);
    return data;
  };
}
