export interface ErrorResponse {
  ok: false;
  error_code: number;
  description: string;
  parameters?: { retry_after: number };
}

/** An error the Bot API reports to the bot as `{ ok: false, error_code, description }`. */
export class TelegramError extends Error {
  constructor(
    readonly errorCode: number,
    readonly description: string,
    readonly retryAfter?: number,
  ) {
    super(description);
  }

  toResponse(): ErrorResponse {
    return {
      ok: false,
      error_code: this.errorCode,
      description: this.description,
      ...(this.retryAfter !== undefined && { parameters: { retry_after: this.retryAfter } }),
    };
  }
}

export const badRequest = (reason: string): TelegramError => new TelegramError(400, `Bad Request: ${reason}`);

export const forbidden = (reason: string): TelegramError => new TelegramError(403, `Forbidden: ${reason}`);

/** Misuse of the control API (a test or the CLI asked for something impossible), not a Bot API error. */
export class ControlError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}
