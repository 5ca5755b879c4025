import { loadEnvOrExit, runServer } from '@tracing-lab/shared';
import { createEchoApp } from './app';
import { echoServiceEnvSchema } from './env';

const env = loadEnvOrExit(echoServiceEnvSchema);
runServer(createEchoApp(), { host: env.HOST, port: env.PORT });
