import { z } from 'zod';
import { TELEMETRY_DEFAULTS } from './telemetry-defaults';
import { TRACES_SAMPLERS } from './traces-samplers';

/**
 * The environment both services read, validated in one place. A bad value stops the process at start with one
 * line naming the variable and what it accepts (see `loadEnvOrExit`).
 */

const integer = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `an integer from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(min, `an integer from ${min} to ${max}`).max(max, `an integer from ${min} to ${max}`));

const httpUrl = z
  .string()
  .trim()
  .refine((value) => /^https?:\/\/[^\s/]+/.test(value) && URL.canParse(value), 'an http(s) URL such as http://host:port');

const booleanFlag = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(['true', 'false'], 'true or false'))
  .transform((value) => value === 'true');


const resourceAttributes = z
  .string()
  .refine(
    (value) => value.trim() === '' || value.split(',').every((pair) => /^[^=\s]+=.*$/.test(pair.trim())),
    'comma-separated key=value pairs, e.g. deployment.environment=lab,team=platform',
  );

/** Variables read by the application code. */
export const serviceEnvSchema = z.object({
  // 0 lets the OS pick a free port (the `listening` log line says which): used by the tests.
  PORT: integer(0, 65535).default(8080),
  ECHO_SERVICE_URL: httpUrl.default('http://echo-service:8080'),
  ECHO_TIMEOUT_MS: integer(1, 600_000).default(2000),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], 'one of trace, debug, info, warn, error, fatal, silent').default('info'),
});

/** Standard OTEL_* variables read by the telemetry preload (the SDK reads them too; we validate first). */
export const otelEnvSchema = z.object({
  OTEL_SDK_DISABLED: booleanFlag.default(false),
  OTEL_SERVICE_NAME: z.string().trim().min(1, 'a non-empty service name').optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl.default(TELEMETRY_DEFAULTS.OTEL_EXPORTER_OTLP_ENDPOINT),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: httpUrl.optional(),
  OTEL_EXPORTER_OTLP_TIMEOUT: integer(1, 600_000).optional(),
  OTEL_TRACES_SAMPLER: z.enum(TRACES_SAMPLERS, `one of ${TRACES_SAMPLERS.join(', ')}`).optional(),
  OTEL_TRACES_SAMPLER_ARG: z
    .string()
    .trim()
    .refine((value) => value !== '' && Number(value) >= 0 && Number(value) <= 1, 'a number from 0 to 1')
    .optional(),
  OTEL_RESOURCE_ATTRIBUTES: resourceAttributes.optional(),
  OTEL_BSP_MAX_QUEUE_SIZE: integer(1, 1_000_000).optional(),
  OTEL_BSP_MAX_EXPORT_BATCH_SIZE: integer(1, 1_000_000).optional(),
  OTEL_BSP_SCHEDULE_DELAY: integer(0, 600_000).optional(),
  OTEL_BSP_EXPORT_TIMEOUT: integer(1, 600_000).optional(),
});
export type OtelEnv = z.output<typeof otelEnvSchema>;

/** Thrown for an invalid environment; `message` is the one line to print. */
export class EnvConfigError extends Error {
  override readonly name = 'EnvConfigError';
}

/** Treats empty strings as unset, as the OpenTelemetry specification asks for OTEL_* variables. */
function withoutEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
}

export function parseEnv<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv): z.output<S> {
  const result = schema.safeParse(withoutEmpty(env));
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const variable = String(issue?.path[0] ?? 'environment');
  const received = env[variable];
  throw new EnvConfigError(
    `invalid environment variable ${variable}=${JSON.stringify(received)}: expected ${issue?.message ?? 'a valid value'}`,
  );
}

/** Parses the environment or prints one line naming the variable and exits 1. */
export function loadEnvOrExit<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv = process.env): z.output<S> {
  try {
    return parseEnv(schema, env);
  } catch (error) {
    if (error instanceof EnvConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
