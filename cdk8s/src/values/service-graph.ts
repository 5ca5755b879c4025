import { defaultValues, type Values } from './model';

/**
 * What `serviceGraph.enabled` implies, in one place. Helm merges all values before any template runs, and the
 * Tempo chart reads its own keys (`tempo.metricsGenerator.enabled`, `remoteWriteUrl` verbatim, the overrides), so
 * the switch cannot set them at render time. `make synth` therefore writes these values as
 * charts/lab/values-service-graph.yaml, which turns the switch and the Tempo keys on together; the chart's
 * render-time check (`lab.checkServiceGraph`) compares the merged values with the same keys and names each one
 * that contradicts the switch. The Prometheus dependency needs no key here: its Chart.yaml condition
 * `prometheus.enabled,serviceGraph.enabled` follows the switch while `prometheus.enabled` is unset.
 */

/** The values file, as the chart ships it and users pass it (`helm … -f <chart>/values-service-graph.yaml`). */
export const SERVICE_GRAPH_VALUES_FILE = 'values-service-graph.yaml';

/** Tempo's metrics-generator processors: the edges between services, and RED metrics per span. */
export const SERVICE_GRAPH_PROCESSORS = ['service-graphs', 'span-metrics'] as const;

/** Prometheus's remote-write receiver path (`--web.enable-remote-write-receiver`). */
export const REMOTE_WRITE_PATH = '/api/v1/write';

/** The Prometheus flag (in `prometheus.server.extraFlags`, without `--`) that turns that path on. */
export const REMOTE_WRITE_RECEIVER_FLAG = 'web.enable-remote-write-receiver';

/**
 * Tempo's remote-write URL for the bundled Prometheus: its Service by name and port, namespace-relative. Tempo runs
 * in the release namespace, as the Prometheus server does, so the short name resolves there and the URL stays a
 * static value (a values file cannot hold `.Release.Namespace`).
 */
export function bundledRemoteWriteUrl(values: Values = defaultValues()): string {
  const server = values.prometheus.server;
  return `http://${server.fullnameOverride}:${server.service.servicePort}${REMOTE_WRITE_PATH}`;
}

/** The dotted keys the switch implies, with the value each must hold when it is on. */
export const IMPLIED_TEMPO_KEYS = {
  generatorEnabled: 'tempo.tempo.metricsGenerator.enabled',
  remoteWriteUrl: 'tempo.tempo.metricsGenerator.remoteWriteUrl',
  processors: 'tempo.tempo.overrides.defaults.metrics_generator.processors',
} as const;

/** The content of values-service-graph.yaml: the switch and every Tempo key it implies. */
export function serviceGraphValues(values: Values = defaultValues()) {
  return {
    serviceGraph: { enabled: true },
    tempo: {
      tempo: {
        metricsGenerator: { enabled: true, remoteWriteUrl: bundledRemoteWriteUrl(values) },
        overrides: { defaults: { metrics_generator: { processors: [...SERVICE_GRAPH_PROCESSORS] } } },
      },
    },
  };
}
