import { z } from 'zod';
import { datasourceUid, httpUrlOrEmpty } from '../fields';

/** `serviceGraph:` Tempo's service graph and span metrics in a Prometheus (what the switch implies: ../service-graph.ts). */
export const serviceGraphSection = z
  .strictObject({
    enabled: z
      .boolean()
      .default(false)
      .describe(
        "Service graph and span metrics: Tempo's metrics-generator writes them to a Prometheus, and the Tempo datasource shows the service map. Turn on with `-f values-service-graph.yaml` (it also sets the Tempo keys this needs); the chart refuses a switch that contradicts them.",
      ),
    prometheus: z
      .strictObject({
        url: httpUrlOrEmpty(
          'Empty: the bundled Prometheus (dependency `prometheus`). Set: the base URL of an existing Prometheus with its remote-write receiver on (kube-prometheus-stack); then set `prometheus.enabled=false` and `tempo.tempo.metricsGenerator.remoteWriteUrl` to this URL + `/api/v1/write`.',
        ),
        datasourceUid: datasourceUid(
          'tracing-lab-prometheus',
          "Uid of the Grafana datasource for that Prometheus: the one the chart provisions for the bundled Prometheus, or your existing Prometheus datasource's uid. The Tempo datasource's serviceMap and tracesToMetrics point at it.",
        ),
        datasourceName: z.string().min(1).default('Prometheus (service graph)').describe('Name of the datasource the chart provisions for the bundled Prometheus.'),
      })
      .prefault({})
      .describe('The Prometheus that stores the service-graph and span metrics.'),
  })
  .prefault({})
  .describe("Tempo's service graph (log-service → echo-service with rate, errors, latency) and span metrics in Grafana.");
