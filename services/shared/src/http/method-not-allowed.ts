import type { RequestHandler } from 'express';
import { HttpError } from './http-error';

/**
 * For `router.route(path).get(...).all(methodNotAllowed('GET'))`: a known route with the wrong method. `Allow` names
 * every method the route answers (RFC 9110), so HEAD with GET: express answers HEAD with the route's GET handler.
 */
export function methodNotAllowed(...allowed: string[]): RequestHandler {
  const allow = allowed.flatMap((method) => (method === 'GET' ? ['GET', 'HEAD'] : [method])).join(', ');
  return (req, _res, next) => {
    next(new HttpError(405, 'method_not_allowed', `${req.method} is not allowed on ${req.path}; use ${allow}`, { Allow: allow }));
  };
}
