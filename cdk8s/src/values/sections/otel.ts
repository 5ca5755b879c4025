import { TELEMETRY_DEFAULTS, TRACES_SAMPLERS } from '@tracing-lab/contract';
import { z } from 'zod';
import { httpUrlOrEmpty } from '../fields';

/** `otel:` the OpenTelemetry settings both services share; its batch defaults are the services' own (TELEMETRY_DEFAULTS). */
export const otelSection = z
  .strictObject({
    endpoint: httpUrlOrEmpty(
      'OTLP/gRPC endpoint (`OTEL_EXPORTER_OTLP_ENDPOINT`). Empty: the Tempo of this chart, `http://<tempo>.<namespace>.svc.cluster.local:4317`.',
    ),
    sampler: z.enum(TRACES_SAMPLERS).default('parentbased_always_on').describe('Trace sampler (`OTEL_TRACES_SAMPLER`).'),
    samplerArg: z
      .union([z.number().min(0).max(1), z.string().regex(/^(0(\.[0-9]+)?|1(\.0+)?)$/, 'a ratio from 0 to 1')])
      .default(1)
      .describe('Sampling ratio from 0 to 1 for the `*traceidratio` samplers (`OTEL_TRACES_SAMPLER_ARG`). A string is accepted because `--set` passes `0.25` as one.'),
    resourceAttributes: z
      .record(
        z.string().regex(/^[A-Za-z0-9_.-]+$/, 'an attribute key of letters, digits, _ . -'),
        z.string().regex(/^[^,=]*$/, 'a value without , or ='),
      )
      .default({})
      .describe('Extra resource attributes, appended to the k8s.pod/namespace/node attributes (`OTEL_RESOURCE_ATTRIBUTES`).'),
    bsp: z
      .strictObject({
        maxQueueSize: z.number().int().min(1).max(1_000_000).default(Number(TELEMETRY_DEFAULTS.OTEL_BSP_MAX_QUEUE_SIZE)).describe('`OTEL_BSP_MAX_QUEUE_SIZE`: spans buffered before new ones are dropped.'),
        maxExportBatchSize: z.number().int().min(1).max(1_000_000).default(Number(TELEMETRY_DEFAULTS.OTEL_BSP_MAX_EXPORT_BATCH_SIZE)).describe('`OTEL_BSP_MAX_EXPORT_BATCH_SIZE`: spans per export.'),
        scheduleDelayMillis: z.number().int().min(0).max(600_000).default(Number(TELEMETRY_DEFAULTS.OTEL_BSP_SCHEDULE_DELAY)).describe('`OTEL_BSP_SCHEDULE_DELAY`: milliseconds between exports.'),
        exportTimeoutMillis: z.number().int().min(1).max(600_000).default(Number(TELEMETRY_DEFAULTS.OTEL_BSP_EXPORT_TIMEOUT)).describe('`OTEL_BSP_EXPORT_TIMEOUT`: milliseconds an export may take.'),
      })
      .prefault({})
      .describe('Batch span processor.'),
  })
  .prefault({})
  .describe('OpenTelemetry settings shared by both services.');
