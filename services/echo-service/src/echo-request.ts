import { z } from 'zod';

/** `POST /echo` body and `GET /echo?message=` query: one string to send back. */
export const echoRequestSchema = z.object({
  message: z.string({ error: 'must be a string' }).max(2000, 'must be at most 2000 characters'),
}, { error: 'request body must be a JSON object' });
