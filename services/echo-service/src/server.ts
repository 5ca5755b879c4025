import { loadEnvOrExit, runServer, serviceEnvSchema } from '@tracing-lab/shared';
import { createEchoApp } from './app';

const env = loadEnvOrExit(serviceEnvSchema);
runServer(createEchoApp(), env.PORT);
