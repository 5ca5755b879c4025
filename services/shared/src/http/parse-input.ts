import type { z } from 'zod';
import { HttpError } from './http-error';

/** Validates a request body or query; a failure is a 400 whose message names the field: `message: must be a string`. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.map(String).join('.') ?? '';
  const message = issue?.message ?? 'is invalid';
  throw new HttpError(400, 'invalid_request', field ? `${field}: ${message}` : message);
}
