/**
 * Samplers the OpenTelemetry SDK accepts in OTEL_TRACES_SAMPLER. One list for the services' start-up validation
 * and the chart's values schema, so the chart accepts exactly what the services do.
 */
export const TRACES_SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;
export type TracesSampler = (typeof TRACES_SAMPLERS)[number];
