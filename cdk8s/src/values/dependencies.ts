import { valueRefs, valuesKey } from './value-refs';

/**
 * The dependency charts of charts/lab. They belong to the values model: each one's values live under the key of
 * its name (`tempo:`, `grafana:`, `prometheus:`), and its Chart.yaml condition names values keys. Chart.yaml and
 * the README list them; the named templates that repeat a dependency's naming rules take its name from here.
 */

/** A Chart.yaml dependency. */
export interface ChartDependency {
  readonly name: string;
  readonly version: string;
  readonly repository: string;
  readonly condition: string;
}

/** The grafana-community Helm repository (the grafana/helm-charts `tempo` chart is deprecated and frozen). */
const GRAFANA_COMMUNITY_REPOSITORY = 'https://grafana-community.github.io/helm-charts';

/**
 * Tempo single binary. Version checked against grafana-community/helm-charts `charts/tempo/Chart.yaml`
 * (version 2.2.4, appVersion 2.10.8; repository snapshot of 2026-08-20).
 */
export const TEMPO_DEPENDENCY: ChartDependency = {
  name: 'tempo',
  version: '2.2.4',
  repository: GRAFANA_COMMUNITY_REPOSITORY,
  condition: valuesKey(valueRefs.tempo.enabled),
};

/**
 * Grafana, optional. Version checked against grafana-community/helm-charts `charts/grafana/Chart.yaml`
 * (version 12.11.1, appVersion 13.2.0; repository snapshot of 2026-08-20).
 */
export const GRAFANA_DEPENDENCY: ChartDependency = {
  name: 'grafana',
  version: '12.11.1',
  repository: GRAFANA_COMMUNITY_REPOSITORY,
  condition: valuesKey(valueRefs.grafana.enabled),
};

/**
 * Prometheus, for the service graph: Tempo's metrics-generator writes to it. Version checked against
 * prometheus-community/helm-charts `charts/prometheus/Chart.yaml` (version 29.27.0, appVersion v3.14.0).
 * Helm takes the first condition path that holds a boolean (processDependencyConditions in helm's chartutil, v3
 * and v4 alike); values.yaml leaves `prometheus.enabled` unset, so the dependency follows serviceGraph.enabled
 * unless a user sets it (false: bring your own Prometheus).
 */
export const PROMETHEUS_DEPENDENCY: ChartDependency = {
  name: 'prometheus',
  version: '29.27.0',
  repository: 'https://prometheus-community.github.io/helm-charts',
  condition: [valuesKey(valueRefs.prometheus.enabled), valuesKey(valueRefs.serviceGraph.enabled)].join(','),
};

export const CHART_DEPENDENCIES: readonly ChartDependency[] = [TEMPO_DEPENDENCY, GRAFANA_DEPENDENCY, PROMETHEUS_DEPENDENCY];

/**
 * The ports the Tempo container listens on (tempo chart 2.2.4, templates/statefulset.yaml: `prom-metrics` is its
 * HTTP API, whatever the name says), and the Prometheus server's (prometheus chart 29.27.0, `prometheus.port`).
 * NetworkPolicies name pod ports, not Service ports; the chart tests check these against the charts' pods.
 */
export const TEMPO_PORTS = { http: 3200, otlpGrpc: 4317, otlpHttp: 4318 } as const;
export const PROMETHEUS_SERVER_PORT = 9090;
