import { ECHO_FAULT_ENV } from '@tracing-lab/contract';
import { integer, ratio, serviceEnvSchema } from '@tracing-lab/shared';

/**
 * echo-service's environment: the variables every service reads, and the faults it can be broken with on purpose
 * (docs/debugging.md), both off by default.
 */
export const echoServiceEnvSchema = serviceEnvSchema.extend({
  [ECHO_FAULT_ENV.latencyMs]: integer(0, 600_000).default(0),
  [ECHO_FAULT_ENV.errorRatio]: ratio.default(0),
});
