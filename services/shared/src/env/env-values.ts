import { isIP } from 'node:net';
import { z } from 'zod';

/** Value types of environment variables, shared by the schemas of both services and of the telemetry preload. */

export const integer = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `an integer from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(min, `an integer from ${min} to ${max}`).max(max, `an integer from ${min} to ${max}`));

export const httpUrl = z
  .string()
  .trim()
  .refine((value) => /^https?:\/\/[^\s/]+/.test(value) && URL.canParse(value), 'an http(s) URL such as http://host:port');

/** A number from 0 to 1 (a share of requests, a sampling ratio). */
export const ratio = z
  .string()
  .trim()
  .refine((value) => value !== '' && Number(value) >= 0 && Number(value) <= 1, 'a number from 0 to 1')
  .transform(Number);

/** An address to listen on: an IP literal (a host name would be looked up in DNS at every start). */
export const listenAddress = z
  .string()
  .trim()
  .refine((value) => isIP(value) !== 0, 'an IP address to listen on, such as 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)');

export const booleanFlag = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(['true', 'false'], 'true or false'))
  .transform((value) => value === 'true');
