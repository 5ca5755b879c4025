import { ECHO_FAULT_ENV } from '@tracing-lab/contract';
import { loadEnvOrExit, logger, runServer } from '@tracing-lab/shared';
import { createEchoApp } from './app';
import { echoServiceEnvSchema } from './env';

const env = loadEnvOrExit(echoServiceEnvSchema);
const faults = { latencyMs: env[ECHO_FAULT_ENV.latencyMs], errorRatio: env[ECHO_FAULT_ENV.errorRatio] };
// Said once at start, so that a slow or failing echo-service is never a mystery in its own log.
if (faults.latencyMs > 0 || faults.errorRatio > 0) logger().warn({ faults }, 'faults on: echo-service is broken on purpose (docs/debugging.md)');
runServer(createEchoApp(faults), { host: env.HOST, port: env.PORT });
