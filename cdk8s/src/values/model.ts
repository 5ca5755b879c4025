import { z } from 'zod';
import { faultsSection } from './sections/faults';
import { grafanaSection } from './sections/grafana';
import { grafanaDatasourceSection } from './sections/grafana-datasource';
import { networkPolicySection } from './sections/network-policy';
import { otelSection } from './sections/otel';
import { prometheusSection } from './sections/prometheus';
import { serviceGraphSection } from './sections/service-graph';
import { echoServiceSection, logServiceSection } from './sections/services';
import { tempoSection } from './sections/tempo';
import { traceCheckSection } from './sections/trace-check';

/**
 * The one values model of charts/lab, one section per top-level key (sections/). Everything else is derived from
 * it: values.yaml (defaults and `# --` comments), values.schema.json, the README values table, and the `.Values`
 * paths the templates reference (value-refs.ts). Each key's default and description are written once, with zod's
 * `.default().describe()`.
 *
 * Nested objects use `prefault({})` so `ValuesSchema.parse({})` yields every default. Our own keys are strict
 * (unknown keys are rejected); `tempo:`, `grafana:` and `prometheus:` are open because they pass through to the subcharts.
 * The order of the keys here is the order of values.yaml.
 */
export const ValuesSchema = z
  .strictObject({
    logService: logServiceSection,
    echoService: echoServiceSection,
    otel: otelSection,
    grafanaDatasource: grafanaDatasourceSection,
    serviceGraph: serviceGraphSection,
    traceCheck: traceCheckSection,
    networkPolicy: networkPolicySection,
    faults: faultsSection,
    tempo: tempoSection,
    grafana: grafanaSection,
    prometheus: prometheusSection,
  })
  .describe('charts/lab values');

export type Values = z.output<typeof ValuesSchema>;

/** Every default, as written to values.yaml. */
export function defaultValues(): Values {
  return ValuesSchema.parse({});
}
