import { SERVICE_HOST, SERVICE_PORT } from '@tracing-lab/contract';
import { z } from 'zod';
import { integer, listenAddress } from './env-values';

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

/**
 * The variables every service reads. A service that reads more extends this schema with its own (log-service's
 * env.ts); each validates only what it reads.
 */
export const serviceEnvSchema = z.object({
  // 0 lets the OS pick a free port (the `listening` log line says which): used by the tests.
  PORT: integer(0, 65535).default(SERVICE_PORT),
  HOST: listenAddress.default(SERVICE_HOST),
  LOG_LEVEL: z.enum(LOG_LEVELS, `one of ${LOG_LEVELS.join(', ')}`).default('info'),
});
