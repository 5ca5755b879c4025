import { z } from 'zod';
import { restrictedContainerSecurityContext } from '../fields';

/**
 * `tempo:` values for the Tempo chart, open: any other key of that chart passes through (keys it never reads are
 * refused by the chart, naming where they belong: misplaced-keys.ts).
 */
export const tempoSection = z
  .looseObject({
    enabled: z.boolean().default(true).describe('Install Tempo (the `tempo` dependency).'),
    fullnameOverride: z.string().default('tempo').describe('Tempo Service name; the services and the datasource follow it.'),
    nameOverride: z
      .string()
      .default('')
      .describe('Tempo chart name (empty: `tempo`); with fullnameOverride empty the Service is `<release>-<name>`, or the release name if it contains the name.'),
    tempo: z
      .looseObject({
        reportingEnabled: z.boolean().default(false).describe('Send anonymous usage data to Grafana Labs.'),
        securityContext: restrictedContainerSecurityContext(
          'The Tempo container\'s securityContext (the chart\'s default is empty): what Pod Security "restricted" asks; the pod already runs as uid 10001 (`tempo.securityContext`).',
        ),
        receivers: z
          .looseObject({
            otlp: z
              .looseObject({
                protocols: z
                  .looseObject({
                    grpc: z
                      .looseObject({ endpoint: z.string().default('0.0.0.0:4317').describe('OTLP/gRPC receiver address (explicit: Tempo >= 2.7 binds localhost otherwise).') })
                      .prefault({})
                      .describe('OTLP over gRPC (the services export here).'),
                    http: z
                      .looseObject({ endpoint: z.string().default('0.0.0.0:4318').describe('OTLP/HTTP receiver address (explicit: Tempo >= 2.7 binds localhost otherwise).') })
                      .prefault({})
                      .describe('OTLP over HTTP.'),
                  })
                  .prefault({})
                  .describe('OTLP protocols.'),
              })
              .prefault({})
              .describe('OTLP receiver.'),
          })
          .prefault({})
          .describe('Tempo receivers.'),
        metricsGenerator: z
          .looseObject({
            enabled: z.boolean().default(false).describe('Tempo\'s metrics-generator: on exactly when serviceGraph.enabled (values-service-graph.yaml sets both).'),
            remoteWriteUrl: z.string().optional().describe('Where the generator writes (values-service-graph.yaml: the bundled Prometheus).'),
          })
          .prefault({})
          .describe('Tempo\'s metrics-generator (see serviceGraph).'),
        overrides: z
          .looseObject({
            defaults: z
              .looseObject({
                metrics_generator: z
                  .looseObject({ processors: z.array(z.string()).optional().describe('Generator processors; the service graph needs service-graphs and span-metrics.') })
                  .optional()
                  .describe('Generator overrides.'),
              })
              .optional()
              .describe('Overrides for every tenant.'),
          })
          .optional()
          .describe('Tempo overrides (see the Tempo chart).'),
      })
      .prefault({})
      .describe('Tempo settings (see the Tempo chart).'),
  })
  .prefault({})
  .describe('Values for the Tempo chart (grafana-community/helm-charts `tempo`); any of its keys may be set here.');
