import { TELEMETRY_DEFAULTS, TRACES_SAMPLERS } from '@tracing-lab/contract';
import { z } from 'zod';
import { booleanFlag, httpUrl, integer } from './env-values';

/** The propagators the preload can set up (the SDK's others need packages the services do not ship). */
export const SUPPORTED_PROPAGATORS = ['tracecontext', 'baggage', 'none'] as const;
const propagators = z
  .string()
  .refine(
    (value) => value.split(',').every((name) => (SUPPORTED_PROPAGATORS as readonly string[]).includes(name.trim())),
    `a comma-separated list of ${SUPPORTED_PROPAGATORS.join(', ')} (b3, jaeger and xray need packages the services do not ship)`,
  )
  .transform((value) => [...new Set(value.split(',').map((name) => name.trim()))] as (typeof SUPPORTED_PROPAGATORS)[number][]);

const resourceAttributes = z
  .string()
  .refine(
    (value) => value.trim() === '' || value.split(',').every((pair) => /^[^=\s]+=.*$/.test(pair.trim())),
    'comma-separated key=value pairs, e.g. deployment.environment=lab,team=platform',
  );

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
  OTEL_PROPAGATORS: propagators.optional(),
  OTEL_BSP_MAX_QUEUE_SIZE: integer(1, 1_000_000).optional(),
  OTEL_BSP_MAX_EXPORT_BATCH_SIZE: integer(1, 1_000_000).optional(),
  OTEL_BSP_SCHEDULE_DELAY: integer(0, 600_000).optional(),
  OTEL_BSP_EXPORT_TIMEOUT: integer(1, 600_000).optional(),
});
export type OtelEnv = z.output<typeof otelEnvSchema>;
