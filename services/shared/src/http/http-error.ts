/** An error with the HTTP status and machine-readable code it should be answered with. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The JSON body of every error response: `{ "error": { "code", "message" } }`. */
export interface ErrorBody {
  error: { code: string; message: string };
}
