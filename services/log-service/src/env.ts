import { ECHO_SERVICE_CLUSTER_URL } from '@tracing-lab/contract';
import { httpUrl, integer, serviceEnvSchema } from '@tracing-lab/shared';

/** log-service's environment: the variables every service reads, and where and how patiently it calls echo-service. */
export const logServiceEnvSchema = serviceEnvSchema.extend({
  ECHO_SERVICE_URL: httpUrl.default(ECHO_SERVICE_CLUSTER_URL),
  ECHO_TIMEOUT_MS: integer(1, 600_000).default(2000),
});
