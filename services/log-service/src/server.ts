import { loadEnvOrExit, readServicePackage, runServer, serviceEnvSchema } from '@tracing-lab/shared';
import { createLogApp } from './app';
import { EchoClient } from './echo-client';

const env = loadEnvOrExit(serviceEnvSchema);
const echo = new EchoClient(env.ECHO_SERVICE_URL, env.ECHO_TIMEOUT_MS);
runServer(createLogApp({ echo, version: readServicePackage(__filename).version }), env.PORT);
