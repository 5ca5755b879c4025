import { z } from 'zod';

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** `POST /logs` body. Messages complete `<field>: ` (see parseInput). */
export const logEntrySchema = z.object(
  {
    level: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }),
    message: z
      .string({ error: 'must be a string' })
      .min(1, 'must not be empty')
      .max(2000, 'must be at most 2000 characters'),
    attributes: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()], { error: 'must be a string, number or boolean' }), {
        error: 'must be an object of string, number or boolean values',
      })
      .optional(),
  },
  { error: 'request body must be a JSON object' },
);
