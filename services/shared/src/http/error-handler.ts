import { trace } from '@opentelemetry/api';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { logger } from '../logger';
import { HttpError, type ErrorBody } from './http-error';
import { BODY_TOO_LARGE_MESSAGE } from './json-body';

/** What body-parser (express.json) throws, by its `type`: answered as the client's mistake, not ours. */
const BODY_PARSER_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  'entity.parse.failed': { status: 400, code: 'malformed_json', message: 'request body is not valid JSON' },
  'entity.too.large': { status: 413, code: 'payload_too_large', message: BODY_TOO_LARGE_MESSAGE },
  'encoding.unsupported': { status: 415, code: 'unsupported_encoding', message: 'unsupported content encoding' },
  'charset.unsupported': { status: 415, code: 'unsupported_charset', message: 'JSON bodies must be UTF-8' },
  'request.aborted': { status: 400, code: 'request_aborted', message: 'request body was aborted' },
};

function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  const { type, status, expose, message } = (error ?? {}) as { type?: unknown; status?: unknown; expose?: unknown; message?: unknown };
  const known = typeof type === 'string' ? BODY_PARSER_ERRORS[type] : undefined;
  if (known) return new HttpError(known.status, known.code, known.message);
  // Any other client error body-parser passes on (an http-error with a 4xx status, marked safe to show): a body that
  // does not decode as its Content-Encoding says arrives as zlib's error, e.g. "incorrect header check".
  if (typeof status === 'number' && status >= 400 && status < 500 && expose === true) {
    return new HttpError(status, 'malformed_body', `request body could not be read: ${String(message)}`);
  }
  return new HttpError(500, 'internal_error', 'internal server error');
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, 'not_found', `no route for ${req.method} ${req.path}`));
};

/**
 * Answers every error as `{ error: { code, message } }`; the process keeps serving. A server error is logged and
 * recorded on the request's server span (the span's status follows the 5xx; express records no spans here).
 */
export const errorHandler: ErrorRequestHandler = (error, req, res, _next) => {
  const httpError = toHttpError(error);
  if (httpError.status >= 500) {
    logger().error({ err: error, path: req.path }, 'request failed');
    trace.getActiveSpan()?.recordException(error instanceof Error ? error : String(error));
  }
  const body: ErrorBody = { error: { code: httpError.code, message: httpError.message } };
  res.status(httpError.status).set(httpError.headers).json(body);
};
