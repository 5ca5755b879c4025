import { ECHO_SERVICE, SERVICE_HOST, SERVICE_PORT } from '@tracing-lab/contract';
import { describe, expect, it } from 'vitest';
import { startupFailure } from '../../../test-support/lab/service-process';
import { parseEnv } from '../src/env/load-env';
import { otelEnvSchema } from '../src/env/otel-env';
import { serviceEnvSchema } from '../src/env/service-env';

describe('the environment every service reads', () => {
  it('defaults to every interface, the services\' port and log level info', () => {
    expect(parseEnv(serviceEnvSchema, {})).toEqual({ HOST: SERVICE_HOST, PORT: SERVICE_PORT, LOG_LEVEL: 'info' });
  });

  it('reads the address and the port, and leaves variables of one service alone', () => {
    expect(parseEnv(serviceEnvSchema, { HOST: '127.0.0.1', PORT: '9000', ECHO_SERVICE_URL: 'not read here' })).toEqual({ HOST: '127.0.0.1', PORT: 9000, LOG_LEVEL: 'info' });
    expect(parseEnv(serviceEnvSchema, { HOST: '::1' })).toMatchObject({ HOST: '::1' });
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

  it('reads OTEL_PROPAGATORS as the list of propagators, once each; none is one of them', () => {
    expect(parseEnv(otelEnvSchema, { OTEL_PROPAGATORS: 'tracecontext, baggage,tracecontext' }).OTEL_PROPAGATORS).toEqual(['tracecontext', 'baggage']);
    expect(parseEnv(otelEnvSchema, { OTEL_PROPAGATORS: 'none' }).OTEL_PROPAGATORS).toEqual(['none']);
    expect(parseEnv(otelEnvSchema, {}).OTEL_PROPAGATORS).toBeUndefined();
  });

  it.each(['0', '1', '0.0', '1.0', '0.000001', '0.999999'])('accepts the sampling ratio %s (0 to 1, both ends included)', (ratio) => {
    expect(parseEnv(otelEnvSchema, { OTEL_TRACES_SAMPLER_ARG: ratio }).OTEL_TRACES_SAMPLER_ARG).toBe(ratio);
  });

  it('takes OTEL_EXPORTER_OTLP_TRACES_ENDPOINT beside OTEL_EXPORTER_OTLP_ENDPOINT', () => {
    expect(parseEnv(otelEnvSchema, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4317' })).toMatchObject({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4317',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4317',
    });
  });
});

describe('a bad value names the variable and what it accepts', () => {
  it.each([
    [serviceEnvSchema, { PORT: 'eighty' }, 'PORT="eighty": expected an integer from 0 to 65535'],
    [serviceEnvSchema, { PORT: '70000' }, 'PORT="70000": expected an integer from 0 to 65535'],
    [serviceEnvSchema, { HOST: 'localhost' }, 'HOST="localhost": expected an IP address to listen on, such as 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)'],
    [serviceEnvSchema, { HOST: '127.0.0.256' }, 'HOST="127.0.0.256": expected an IP address to listen on'],
    [serviceEnvSchema, { LOG_LEVEL: 'loud' }, 'LOG_LEVEL="loud": expected one of trace, debug, info, warn, error, fatal, silent'],
    [otelEnvSchema, { OTEL_EXPORTER_OTLP_ENDPOINT: 'tempo:4317' }, 'OTEL_EXPORTER_OTLP_ENDPOINT="tempo:4317": expected an http(s) URL'],
    [otelEnvSchema, { OTEL_TRACES_SAMPLER: 'sometimes' }, 'OTEL_TRACES_SAMPLER="sometimes": expected one of always_on, always_off, traceidratio'],
    [otelEnvSchema, { OTEL_TRACES_SAMPLER_ARG: '1.5' }, 'OTEL_TRACES_SAMPLER_ARG="1.5": expected a number from 0 to 1'],
    [otelEnvSchema, { OTEL_TRACES_SAMPLER_ARG: '1.000001' }, 'OTEL_TRACES_SAMPLER_ARG="1.000001": expected a number from 0 to 1'],
    [otelEnvSchema, { OTEL_TRACES_SAMPLER_ARG: '-0.000001' }, 'OTEL_TRACES_SAMPLER_ARG="-0.000001": expected a number from 0 to 1'],
    [otelEnvSchema, { OTEL_TRACES_SAMPLER_ARG: 'half' }, 'OTEL_TRACES_SAMPLER_ARG="half": expected a number from 0 to 1'],
    [otelEnvSchema, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'collector:4317' }, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT="collector:4317": expected an http(s) URL'],
    [otelEnvSchema, { OTEL_SDK_DISABLED: 'yes' }, 'OTEL_SDK_DISABLED="yes": expected true or false'],
    [otelEnvSchema, { OTEL_RESOURCE_ATTRIBUTES: 'team' }, 'OTEL_RESOURCE_ATTRIBUTES="team": expected comma-separated key=value pairs'],
    [otelEnvSchema, { OTEL_PROPAGATORS: 'tracecontext,b3' }, 'OTEL_PROPAGATORS="tracecontext,b3": expected a comma-separated list of tracecontext, baggage, none (b3, jaeger and xray need packages the services do not ship)'],
    [otelEnvSchema, { OTEL_BSP_MAX_QUEUE_SIZE: '0' }, 'OTEL_BSP_MAX_QUEUE_SIZE="0": expected an integer from 1 to 1000000'],
  ] as const)('%#: %o', (schema, env, expected) => {
    expect(() => parseEnv(schema, env)).toThrow(`invalid environment variable ${expected}`);
  });
});

describe('at start', () => {
  it.each([
    [ECHO_SERVICE, { PORT: 'abc' }, 'PORT'],
    [ECHO_SERVICE, { OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://tempo' }, 'OTEL_EXPORTER_OTLP_ENDPOINT'],
  ] as const)('%s stops with exit 1 and one line naming %o', (service, env, variable) => {
    expect(startupFailure(service, env)).toMatch(new RegExp(`^invalid environment variable ${variable}=`));
  });
});
