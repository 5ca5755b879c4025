import type { RequestHandler } from 'express';
import { logger } from '../logger';

/**
 * One `request` line per answered request at LOG_LEVEL=debug (make demo runs the services so), with method, route,
 * status and duration; written inside the request's span, so it carries the request's `trace_id` and one `grep <trace
 * id>` finds a request's lines in both services' logs. At other levels the middleware is not installed at all.
 */
export function requestLog(): RequestHandler | undefined {
  const log = logger();
  if (!log.isLevelEnabled('debug')) return undefined;
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const route = typeof req.route?.path === 'string' ? req.route.path : 'unmatched';
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      log.debug({ method: req.method, route, status: res.statusCode, durationMs: Math.round(durationMs * 100) / 100 }, 'request');
    });
    next();
  };
}
