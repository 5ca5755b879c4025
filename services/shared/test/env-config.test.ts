import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../test-support/repo-root';
import { SERVICE_START_ARGS } from '../../../test-support/service-process';
import { otelEnvSchema, parseEnv, serviceEnvSchema } from '../src/env-config';

describe('service environment', () => {
  it('defaults to port 8080, echo-service in the cluster and a 2 s timeout', () => {
    expect(parseEnv(serviceEnvSchema, {})).toEqual({
      PORT: 8080,
      ECHO_SERVICE_URL: 'http://echo-service:8080',
      ECHO_TIMEOUT_MS: 2000,
      LOG_LEVEL: 'info',
    });
  });

  it('reads numbers and URLs', () => {
    expect(parseEnv(serviceEnvSchema, { PORT: '9000', ECHO_SERVICE_URL: 'http://127.0.0.1:9001', ECHO_TIMEOUT_MS: '250' })).toMatchObject({
      PORT: 9000,
      ECHO_SERVICE_URL: 'http://127.0.0.1:9001',
      ECHO_TIMEOUT_MS: 250,
    });
  });
});

describe('OTEL_* environment', () => {
  it('defaults the OTLP endpoint to insecure gRPC on localhost:4317 and leaves the rest to the SDK', () => {
    expect(parseEnv(otelEnvSchema, { OTEL_SDK_DISABLED: '' })).toEqual({
      OTEL_SDK_DISABLED: false,
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4317',
    });
  });

  it('accepts the standard values', () => {
    const env = parseEnv(otelEnvSchema, {
      OTEL_SDK_DISABLED: 'TRUE',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
      OTEL_RESOURCE_ATTRIBUTES: 'k8s.pod.name=log-7d9,deployment.environment=lab',
      OTEL_BSP_MAX_QUEUE_SIZE: '4096',
    });
    expect(env).toMatchObject({ OTEL_SDK_DISABLED: true, OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_BSP_MAX_QUEUE_SIZE: 4096 });
  });
});

describe('a bad value names the variable and what it accepts', () => {
  it.each([
    [serviceEnvSchema, { PORT: 'eighty' }, 'PORT="eighty": expected an integer from 0 to 65535'],
    [serviceEnvSchema, { PORT: '70000' }, 'PORT="70000": expected an integer from 0 to 65535'],
    [serviceEnvSchema, { ECHO_SERVICE_URL: 'echo-service:8080' }, 'ECHO_SERVICE_URL="echo-service:8080": expected an http(s) URL'],
    [serviceEnvSchema, { ECHO_TIMEOUT_MS: '-5' }, 'ECHO_TIMEOUT_MS="-5": expected an integer from 1 to 600000'],
    [otelEnvSchema, { OTEL_EXPORTER_OTLP_ENDPOINT: 'tempo:4317' }, 'OTEL_EXPORTER_OTLP_ENDPOINT="tempo:4317": expected an http(s) URL'],
    [otelEnvSchema, { OTEL_TRACES_SAMPLER: 'sometimes' }, 'OTEL_TRACES_SAMPLER="sometimes": expected one of always_on, always_off, traceidratio'],
    [otelEnvSchema, { OTEL_TRACES_SAMPLER_ARG: '1.5' }, 'OTEL_TRACES_SAMPLER_ARG="1.5": expected a number from 0 to 1'],
    [otelEnvSchema, { OTEL_SDK_DISABLED: 'yes' }, 'OTEL_SDK_DISABLED="yes": expected true or false'],
    [otelEnvSchema, { OTEL_RESOURCE_ATTRIBUTES: 'team' }, 'OTEL_RESOURCE_ATTRIBUTES="team": expected comma-separated key=value pairs'],
    [otelEnvSchema, { OTEL_BSP_MAX_QUEUE_SIZE: '0' }, 'OTEL_BSP_MAX_QUEUE_SIZE="0": expected an integer from 1 to 1000000'],
  ] as const)('%#: %o', (schema, env, expected) => {
    expect(() => parseEnv(schema, env)).toThrow(`invalid environment variable ${expected}`);
  });
});

describe('at start', () => {
  it.each([
    ['echo-service', { PORT: 'abc' }, 'PORT'],
    ['log-service', { ECHO_TIMEOUT_MS: 'soon' }, 'ECHO_TIMEOUT_MS'],
    ['log-service', { OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://tempo' }, 'OTEL_EXPORTER_OTLP_ENDPOINT'],
  ])('%s stops with exit 1 and one line naming %o', (service, env, variable) => {
    const result = spawnSync(process.execPath, SERVICE_START_ARGS, {
      cwd: join(REPO_ROOT, 'services', service),
      env: { PATH: process.env.PATH, ...env },
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^invalid environment variable ${variable}=`));
  });
});
