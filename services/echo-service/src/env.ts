import { serviceEnvSchema } from '@tracing-lab/shared';

/** echo-service's environment: only the variables every service reads (it calls no other service). */
export const echoServiceEnvSchema = serviceEnvSchema;
