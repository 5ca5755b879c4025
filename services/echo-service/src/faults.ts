import { ECHO_FAULT_ENV } from '@tracing-lab/contract';
import { HttpError } from '@tracing-lab/shared';
import type { RequestHandler } from 'express';
import { setTimeout as sleep } from 'node:timers/promises';

/** The faults echo-service is broken with on purpose (docs/debugging.md); zero: none. */
export interface EchoFaults {
  /** Milliseconds to wait before answering (FAULT_LATENCY_MS). */
  latencyMs: number;
  /** The share of requests answered 500, from 0 to 1 (FAULT_ERROR_RATIO). */
  errorRatio: number;
}

export const NO_FAULTS: EchoFaults = { latencyMs: 0, errorRatio: 0 };

/**
 * Middleware for the `/echo` routes: waits `latencyMs` (inside the request's server span, so the span is that much
 * longer), then fails a random `errorRatio` of the requests with a 500 that says it was on purpose.
 */
export function injectFaults({ latencyMs, errorRatio }: EchoFaults, random: () => number = Math.random): RequestHandler {
  return async (_req, _res, next) => {
    if (latencyMs > 0) await sleep(latencyMs);
    if (errorRatio > 0 && random() < errorRatio) {
      throw new HttpError(500, 'injected_fault', `echo-service failed on purpose (${ECHO_FAULT_ENV.errorRatio}=${errorRatio})`);
    }
    next();
  };
}
