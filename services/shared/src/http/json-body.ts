import { MAX_BODY_BYTES, MAX_BODY_SIZE_TEXT } from '@tracing-lab/contract';
import express, { type RequestHandler } from 'express';
import { HttpError } from './http-error';

function hasBody(req: Parameters<RequestHandler>[0]): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

const parseJson = express.json({ limit: MAX_BODY_BYTES, strict: true });

/**
 * JSON bodies up to MAX_BODY_BYTES (16 KiB); bad ones become HttpErrors in `errorHandler`. Used per route (`.post(jsonBody, h)`),
 * so a wrong method is answered 405 before the body matters and metrics carry the route. A request without a body
 * gets `req.body` `{}`, so the route's validation names the first field it lacks (express leaves it undefined).
 */
export const jsonBody: RequestHandler = (req, res, next) => {
  // A body that is not JSON is refused with 415 before it is read.
  if (hasBody(req) && !req.is('application/json')) {
    next(new HttpError(415, 'unsupported_media_type', 'request body must be JSON (Content-Type: application/json)'));
    return;
  }
  parseJson(req, res, (error?: unknown) => {
    if (error === undefined) req.body ??= {};
    next(error);
  });
};

/** What a body over the limit is answered with (body-parser's `entity.too.large`, see error-handler.ts). */
export const BODY_TOO_LARGE_MESSAGE = `request body is larger than ${MAX_BODY_SIZE_TEXT}`;
