import { ECHO_FAULT_ENV, PROPAGATORS } from '@tracing-lab/contract';
import { z } from 'zod';

/** `faults:` the lab broken on purpose (docs/debugging.md): every fault off by default; the trace check fails with each. */
export const faultsSection = z
  .strictObject({
    echoService: z
      .strictObject({
        latencyMs: z
          .number()
          .int()
          .min(0)
          .max(600_000)
          .default(0)
          .describe(
            `echo-service waits this many milliseconds before it answers \`/echo\` (\`${ECHO_FAULT_ENV.latencyMs}\`): its span grows by that much. Above \`logService.echoTimeoutMs\` log-service gives up and answers 504.`,
          ),
        errorRatio: z
          .union([z.number().min(0).max(1), z.string().regex(/^(0(\.[0-9]+)?|1(\.0+)?)$/, 'a ratio from 0 to 1')])
          .default(0)
          .describe(
            `The share of \`/echo\` requests echo-service answers 500, from 0 to 1 (\`${ECHO_FAULT_ENV.errorRatio}\`): log-service then answers 502. A string is accepted because \`--set\` passes \`0.5\` as one.`,
          ),
        down: z
          .boolean()
          .default(false)
          .describe('echo-service runs no pod (its Deployment at 0 replicas, whatever `echoService.replicaCount` says): log-service answers 502.'),
      })
      .prefault({})
      .describe('Faults of echo-service.'),
    logService: z
      .strictObject({
        dropTraceparent: z
          .boolean()
          .default(false)
          .describe(
            `log-service sends echo-service no \`traceparent\` (\`OTEL_PROPAGATORS=${PROPAGATORS.none}\`, else \`${PROPAGATORS.lab}\`): every request becomes two traces, log-service's and echo-service's.`,
          ),
      })
      .prefault({})
      .describe('Faults of log-service.'),
  })
  .prefault({})
  .describe('Faults to break the lab with on purpose (docs/debugging.md), all off by default. With one on, the trace check fails, saying what it found.');
