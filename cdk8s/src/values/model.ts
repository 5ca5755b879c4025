import { z } from 'zod';
import { TELEMETRY_DEFAULTS } from '@tracing-lab/shared/telemetry-defaults';
import { TRACES_SAMPLERS } from '@tracing-lab/shared/traces-samplers';
import { HEAP_BUDGET } from '../constructs/heap-budget';
import { memoryLimit } from './memory-quantity';

/**
 * The one values model of charts/lab. Everything else is derived from it: values.yaml (defaults and `# --`
 * comments), values.schema.json, the README values table, and the `.Values` paths the constructs reference.
 *
 * Nested objects use `prefault({})` so `ValuesSchema.parse({})` yields every default. Our own keys are strict
 * (unknown keys are rejected); `tempo:` and `grafana:` are open because they pass through to the subcharts.
 */

const HTTP_URL = /^https?:\/\/[A-Za-z0-9.-]+(:[0-9]{1,5})?(\/\S*)?$/;
const httpUrlOrEmpty = (description: string) =>
  z
    .string()
    .regex(new RegExp(`^$|${HTTP_URL.source}`), 'an http(s) URL such as http://host:port, or empty')
    .default('')
    .describe(description);

/** Kubernetes resource quantity, e.g. `50m`, `0.5`, `64Mi`. */
const quantity = z.union([
  z.string().regex(/^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/, 'a Kubernetes quantity such as 50m or 64Mi'),
  z.number().nonnegative(),
]);
const resourceList = z.strictObject({ cpu: quantity.optional(), memory: quantity.optional() });
/** A service's resources: its memory limit also sets its V8 heap budget, so it must be a form the chart parses. */
const serviceResources = z.strictObject({
  requests: resourceList.optional(),
  limits: z.strictObject({ cpu: quantity.optional(), memory: memoryLimit(HEAP_BUDGET.MIN_LIMIT_MIB).optional() }).optional(),
});

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const extraEnvVar = z.strictObject({
  name: z.string().regex(ENV_NAME, 'an environment variable name'),
  value: z.string().optional(),
  valueFrom: z.looseObject({}).optional(),
});

const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

export const PULL_POLICIES = ['IfNotPresent', 'Always', 'Never'] as const;

function serviceValues(defaults: { repository: string; component: string; memoryLimit: string }) {
  return {
    enabled: z.boolean().default(true).describe(`Deploy ${defaults.component} (Deployment and Service).`),
    image: z
      .strictObject({
        repository: z
          .string()
          .regex(/^[a-z0-9]+([._/:-][a-z0-9]+)*$/, 'an image repository such as registry.example.com/name')
          .default(defaults.repository)
          .describe('Image repository (k3d: the name given to `k3d image import`).'),
        tag: z
          .string()
          .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, 'an image tag')
          .default('latest')
          .describe('Image tag. With `--set`, an all-digit tag needs `--set-string`.'),
        pullPolicy: z
          .enum(PULL_POLICIES)
          .default('IfNotPresent')
          .describe('Image pull policy. IfNotPresent keeps images loaded with `k3d image import` usable.'),
      })
      .prefault({})
      .describe('Container image.'),
    replicaCount: z.number().int().min(0).max(20).default(1).describe('Number of pods.'),
    resources: serviceResources
      .default({ requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: defaults.memoryLimit } })
      .describe(
        `Container resources (laptop-sized defaults). \`limits.memory\` (at least ${HEAP_BUDGET.MIN_LIMIT_MIB}Mi) also sets the V8 heap budget: ` +
          '`NODE_OPTIONS=--max-old-space-size=… --max-semi-space-size=…` sized so that even a full heap fits the limit; without a memory limit, Node sizes its heap itself; a `NODE_OPTIONS` in `extraEnv` replaces it.',
      ),
    extraEnv: z.array(extraEnvVar).default([]).describe('Extra environment variables (Kubernetes EnvVar objects), added last.'),
    podAnnotations: z.record(z.string().regex(LABEL_KEY, 'an annotation key'), z.string()).default({}).describe('Annotations for the pods.'),
  };
}


export const TRACE_CHECK_REQUESTS = ['info', 'logs'] as const;

/** The label Grafana's datasource sidecar looks for (kube-prometheus-stack's convention), on both sides by default. */
export const DATASOURCE_LABEL = { key: 'grafana_datasource', value: '1' } as const;

export const ValuesSchema = z
  .strictObject({
    logService: z
      .strictObject({
        // 512Mi: room for 64 MiB semi-spaces (heap-budget.ts), which log-service's garbage rate needs to stay cheap.
        ...serviceValues({ repository: 'log-service-with-otel', component: 'log-service', memoryLimit: '512Mi' }),
        echoTimeoutMs: z
          .number()
          .int()
          .min(1)
          .max(600_000)
          .default(2000)
          .describe('Timeout of the call to echo-service in milliseconds (`ECHO_TIMEOUT_MS`).'),
      })
      .prefault({})
      .describe('log-service: receives requests and calls echo-service.'),
    echoService: z
      // 288Mi: 16 MiB semi-spaces; echo-service makes far less garbage, and a larger young generation only adds RSS.
      .strictObject(serviceValues({ repository: 'echo-service-with-otel', component: 'echo-service', memoryLimit: '288Mi' }))
      .prefault({})
      .describe('echo-service: answers log-service.'),
    otel: z
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
      .describe('OpenTelemetry settings shared by both services.'),
    grafanaDatasource: z
      .strictObject({
        enabled: z.boolean().default(true).describe('Create the ConfigMap that provisions a Tempo datasource in Grafana.'),
        label: z
          .strictObject({
            key: z.string().regex(LABEL_KEY, 'a label key').default(DATASOURCE_LABEL.key).describe('Label key the Grafana sidecar watches (with grafana.enabled, keep grafana.sidecar.datasources.label equal).'),
            value: z.string().regex(LABEL_VALUE, 'a label value').default(DATASOURCE_LABEL.value).describe('Label value the Grafana sidecar watches (with grafana.enabled, keep grafana.sidecar.datasources.labelValue equal).'),
          })
          .prefault({})
          .describe('Label that makes the Grafana datasource sidecar pick the ConfigMap up.'),
        name: z.string().min(1).default('Tempo').describe('Datasource name shown in Grafana.'),
        uid: z
          .string()
          .regex(/^[A-Za-z0-9_-]{1,40}$/, 'a uid of up to 40 letters, digits, _ or -')
          .default('tempo')
          .describe('Datasource uid.'),
        url: httpUrlOrEmpty('Tempo HTTP API URL. Empty: `http://<tempo>.<namespace>.svc.cluster.local:3200`.'),
        isDefault: z.boolean().default(false).describe('Make this the default datasource.'),
        nodeGraph: z.boolean().default(true).describe('Show the node graph in trace views.'),
        hideSearch: z.boolean().default(false).describe('Hide the search tab.'),
        tracesToLogsDatasourceUid: z.string().default('').describe('Logs datasource uid (e.g. Loki) for trace-to-logs; empty leaves it out.'),
        tracesToMetricsDatasourceUid: z.string().default('').describe('Metrics datasource uid (e.g. Prometheus) for trace-to-metrics; empty leaves it out.'),
        serviceMapDatasourceUid: z.string().default('').describe('Prometheus datasource uid holding service-graph metrics; empty leaves it out.'),
      })
      .prefault({})
      .describe('Grafana datasource for Tempo.'),
    traceCheck: z
      .strictObject({
        helmTest: z
          .strictObject({ enabled: z.boolean().default(true).describe('Add the `helm test` Pod that runs the trace check (`helm test <release> --logs` prints the waterfall).') })
          .prefault({})
          .describe('The trace check as a Helm test hook.'),
        postSync: z
          .strictObject({
            enabled: z
              .boolean()
              .default(false)
              .describe('Add the trace check as an Argo CD PostSync hook Job (Argo CD never runs Helm test hooks). With plain Helm it would run as an ordinary Job.'),
          })
          .prefault({})
          .describe('The trace check as an Argo CD PostSync hook.'),
        timeoutSeconds: z.number().int().min(5).max(600).default(60).describe('How long the check polls Tempo for the complete trace.'),
        request: z.enum(TRACE_CHECK_REQUESTS).default('info').describe('The request sent to log-service: `info` (GET /info) or `logs` (POST /logs).'),
        tempoUrl: httpUrlOrEmpty('Tempo HTTP API the check queries. Empty: `http://<tempo>.<namespace>.svc.cluster.local:3200`.'),
        resources: z
          .strictObject({ requests: resourceList.optional(), limits: resourceList.optional() })
          .default({ requests: { cpu: '20m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } })
          .describe('Resources of the check container.'),
      })
      .prefault({})
      .describe('The trace check (shipped in the log-service image): proves a request to log-service produces one trace with echo-service nested under it.'),
    tempo: z
      .looseObject({
        enabled: z.boolean().default(true).describe('Install Tempo (the `tempo` dependency).'),
        fullnameOverride: z.string().default('tempo').describe('Tempo Service name; the services and the datasource follow it.'),
        receivers: z.never().optional().describe('Not a Tempo chart key: receivers live under `tempo.tempo.receivers`.'),
        tempo: z
          .looseObject({
            reportingEnabled: z.boolean().default(false).describe('Send anonymous usage data to Grafana Labs.'),
            receiver: z.never().optional().describe('Not a Tempo chart key: the key is `receivers` (plural).'),
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
          })
          .prefault({})
          .describe('Tempo settings (see the Tempo chart).'),
      })
      .prefault({})
      .describe('Values for the Tempo chart (grafana-community/helm-charts `tempo`); any of its keys may be set here.'),
    grafana: z
      .looseObject({
        enabled: z
          .boolean()
          .default(false)
          .describe('Install Grafana (the `grafana` dependency) with its datasource sidecar watching our label. Off: most clusters already run Grafana.'),
        fullnameOverride: z.string().default('grafana').describe('Grafana Service name (`kubectl port-forward svc/grafana 3000:80`).'),
        sidecar: z
          .looseObject({
            datasources: z
              .looseObject({
                enabled: z.boolean().default(true).describe('Run the sidecar that loads datasource ConfigMaps.'),
                label: z.string().default(DATASOURCE_LABEL.key).describe('Label key it watches; must equal grafanaDatasource.label.key.'),
                labelValue: z.string().default(DATASOURCE_LABEL.value).describe('Label value it watches; must equal grafanaDatasource.label.value.'),
              })
              .prefault({})
              .describe('Datasource sidecar.'),
          })
          .prefault({})
          .describe('Grafana sidecars (see the Grafana chart).'),
      })
      .prefault({})
      .describe('Values for the Grafana chart (grafana-community/helm-charts `grafana`); any of its keys may be set here.'),
  })
  .describe('charts/lab values');

export type Values = z.output<typeof ValuesSchema>;

/** Every default, as written to values.yaml. */
export function defaultValues(): Values {
  return ValuesSchema.parse({});
}
