/** Name and versions of charts/lab, as Chart.yaml and the README state them (the `helm.sh/chart` label reads them from Chart.yaml). */
export interface ChartIdentity {
  readonly name: string;
  readonly version: string;
  readonly appVersion: string;
  readonly description: string;
}

export const LAB_CHART: ChartIdentity = {
  name: 'lab',
  version: '0.2.0',
  appVersion: '0.1.0',
  description: 'Distributed tracing lab: log-service and echo-service instrumented with OpenTelemetry, Grafana Tempo and a Grafana datasource.',
};
