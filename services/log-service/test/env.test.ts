import { ECHO_SERVICE_CLUSTER_URL, LOG_SERVICE, SERVICE_HOST, SERVICE_PORT } from '@tracing-lab/contract';
import { describe, expect, it } from 'vitest';
import { startupFailure } from '../../../test-support/lab/service-process';
import { parseEnv } from '../../shared/src/env/load-env';
import { logServiceEnvSchema } from '../src/env';

describe("log-service's environment", () => {
  it('defaults to the shared variables, echo-service in the cluster and a 2 s timeout', () => {
    expect(parseEnv(logServiceEnvSchema, {})).toEqual({ HOST: SERVICE_HOST, PORT: SERVICE_PORT, LOG_LEVEL: 'info', ECHO_SERVICE_URL: ECHO_SERVICE_CLUSTER_URL, ECHO_TIMEOUT_MS: 2000 });
  });

  it('reads numbers and URLs', () => {
    expect(parseEnv(logServiceEnvSchema, { PORT: '9000', ECHO_SERVICE_URL: 'http://127.0.0.1:9001', ECHO_TIMEOUT_MS: '250' })).toMatchObject({
      PORT: 9000,
      ECHO_SERVICE_URL: 'http://127.0.0.1:9001',
      ECHO_TIMEOUT_MS: 250,
    });
  });

  it.each([
    [{ ECHO_SERVICE_URL: 'echo-service:8080' }, 'ECHO_SERVICE_URL="echo-service:8080": expected an http(s) URL'],
    [{ ECHO_TIMEOUT_MS: '-5' }, 'ECHO_TIMEOUT_MS="-5": expected an integer from 1 to 600000'],
  ])('%o is refused naming the variable', (env, expected) => {
    expect(() => parseEnv(logServiceEnvSchema, env)).toThrow(`invalid environment variable ${expected}`);
  });

  it.each([
    [{ ECHO_TIMEOUT_MS: 'soon' }, 'ECHO_TIMEOUT_MS'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://tempo' }, 'OTEL_EXPORTER_OTLP_ENDPOINT'],
  ])('at start, %o stops it with exit 1 and one line naming %s', (env, variable) => {
    expect(startupFailure(LOG_SERVICE, env)).toMatch(new RegExp(`^invalid environment variable ${variable}=`));
  });
});
