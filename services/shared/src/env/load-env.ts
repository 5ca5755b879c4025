import type { z } from 'zod';

/**
 * Reading the environment through a schema, in one place: a bad value stops the process at start with one line
 * naming the variable and what it accepts (see `loadEnvOrExit`).
 */

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
