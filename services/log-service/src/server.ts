import { loadEnvOrExit, readServicePackage, runServer } from '@tracing-lab/shared';
import { createLogApp } from './app';
import { EchoClient } from './echo-client';
import { logServiceEnvSchema } from './env';

const env = loadEnvOrExit(logServiceEnvSchema);
const echo = new EchoClient(env.ECHO_SERVICE_URL, env.ECHO_TIMEOUT_MS);
runServer(createLogApp({ echo, version: readServicePackage(__filename).version }), { host: env.HOST, port: env.PORT });
