import { z } from 'zod';
import { TELEMETRY_DEFAULTS } from '@tracing-lab/shared/telemetry-defaults';
import { TRACES_SAMPLERS } from '@tracing-lab/shared/traces-samplers';
import { HEAP_BUDGET } from './heap-budget';
import { memoryLimit } from './memory-quantity';

/**
 * The one values model of charts/lab. Everything else is derived from it: values.yaml (defaults and `# --`
 * comments), values.schema.json, the README values table, and the `.Values` paths the constructs reference.
 *
 * Nested objects use `prefault({})` so `ValuesSchema.parse({})` yields every default. Our own keys are strict
 * (unknown keys are rejected); `tempo:`, `grafana:` and `prometheus:` are open because they pass through to the subcharts.
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

const DATASOURCE_UID = /^[A-Za-z0-9_-]{1,40}$/;
const datasourceUid = (defaultUid: string, description: string) =>
  z.string().regex(DATASOURCE_UID, 'a uid of up to 40 letters, digits, _ or -').default(defaultUid).describe(description);

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


/** The Prometheus chart's scrape jobs that discover the cluster (its values.yaml, chart 29.27.0); all off here. */
export const PROMETHEUS_CLUSTER_SCRAPE_JOBS = [
  'kubernetes-api-servers',
  'kubernetes-nodes',
  'kubernetes-nodes-cadvisor',
  'kubernetes-service-endpoints',
  'kubernetes-service-endpoints-slow',
  'prometheus-pushgateway',
  'kubernetes-services',
  'kubernetes-pods',
  'kubernetes-pods-slow',
] as const;

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
        uid: datasourceUid('tempo', 'Datasource uid.'),
        url: httpUrlOrEmpty('Tempo HTTP API URL. Empty: `http://<tempo>.<namespace>.svc.cluster.local:3200`.'),
        isDefault: z.boolean().default(false).describe('Make this the default datasource.'),
        nodeGraph: z.boolean().default(true).describe('Show the node graph in trace views.'),
        hideSearch: z.boolean().default(false).describe('Hide the search tab.'),
        tracesToLogsDatasourceUid: z.string().default('').describe('Logs datasource uid (e.g. Loki) for trace-to-logs; empty leaves it out.'),
      })
      .prefault({})
      .describe('Grafana datasource for Tempo.'),
    serviceGraph: z
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
      .describe("Tempo's service graph (log-service → echo-service with rate, errors, latency) and span metrics in Grafana."),
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
        nameOverride: z
          .string()
          .default('')
          .describe('Tempo chart name (empty: `tempo`); with fullnameOverride empty the Service is `<release>-<name>`, or the release name if it contains the name.'),
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
      .describe('Values for the Tempo chart (grafana-community/helm-charts `tempo`); any of its keys may be set here.'),
    grafana: z
      .looseObject({
        enabled: z
          .boolean()
          .default(false)
          .describe('Install Grafana (the `grafana` dependency) with its datasource sidecar watching our label. Off: most clusters already run Grafana.'),
        fullnameOverride: z.string().default('grafana').describe('Grafana Service name (`kubectl port-forward svc/grafana 3000:80`).'),
        nameOverride: z
          .string()
          .default('')
          .describe('Grafana chart name (empty: `grafana`); with fullnameOverride empty the Service is `<release>-<name>`, or the release name if it contains the name.'),
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
    prometheus: z
      .looseObject({
        // No default on purpose: Chart.yaml's condition `prometheus.enabled,serviceGraph.enabled` takes the first
        // path that holds a boolean, so with this key absent the dependency follows serviceGraph.enabled.
        enabled: z
          .boolean()
          .optional()
          .describe('Unset (the default): Prometheus is installed exactly when serviceGraph.enabled. `false` with your own Prometheus (serviceGraph.prometheus.url).'),
        server: z
          .looseObject({
            fullnameOverride: z.string().default('prometheus').describe('Prometheus Service name; Tempo writes to it by this name in the release namespace.'),
            extraFlags: z
              .array(z.string())
              .default(['web.enable-lifecycle', 'web.enable-remote-write-receiver'])
              .describe("Prometheus flags without `--`; `web.enable-remote-write-receiver` is how Tempo's metrics reach it."),
            retention: z.string().default('1d').describe('How long samples are kept (a lab: short).'),
            retentionSize: z.string().default('512MB').describe('Disk the samples may take, below the emptyDir size limit.'),
            persistentVolume: z
              .looseObject({
                enabled: z.boolean().default(false).describe('false: an emptyDir (samples go with the pod); true: a PersistentVolumeClaim.'),
                size: z.string().default('2Gi').describe('Size of the claim when enabled.'),
              })
              .prefault({})
              .describe('Where Prometheus stores samples.'),
            emptyDir: z
              .looseObject({ sizeLimit: z.string().default('1Gi').describe('Size limit of the emptyDir used without a claim.') })
              .prefault({})
              .describe('The emptyDir used without a claim.'),
            resources: z
              .looseObject({ requests: resourceList.optional(), limits: resourceList.optional() })
              .default({ requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } })
              .describe('Resources of the Prometheus server container (laptop-sized: a few thousand series).'),
            automountServiceAccountToken: z.boolean().default(false).describe('No Kubernetes API token: with the cluster scrape jobs off it needs none.'),
            service: z
              .looseObject({ servicePort: z.number().int().min(1).max(65535).default(80).describe('Port of the Prometheus Service.') })
              .prefault({})
              .describe('The Prometheus Service.'),
          })
          .prefault({})
          .describe('The Prometheus server (the only part installed).'),
        rbac: z
          .looseObject({ create: z.boolean().default(false).describe('No ClusterRole: this Prometheus discovers nothing in the cluster.') })
          .prefault({})
          .describe('RBAC of the Prometheus chart.'),
        scrapeConfigs: z
          .looseObject({})
          .default(Object.fromEntries(PROMETHEUS_CLUSTER_SCRAPE_JOBS.map((job) => [job, { enabled: false }])))
          .describe("The chart's scrape jobs: the Kubernetes ones are off (this Prometheus stores what Tempo writes, and scrapes only itself)."),
        alertmanager: z.looseObject({ enabled: z.boolean().default(false).describe('Off: no alerting in the lab.') }).prefault({}).describe('Alertmanager subchart.'),
        'kube-state-metrics': z.looseObject({ enabled: z.boolean().default(false).describe('Off.') }).prefault({}).describe('kube-state-metrics subchart.'),
        'prometheus-node-exporter': z.looseObject({ enabled: z.boolean().default(false).describe('Off.') }).prefault({}).describe('node-exporter subchart.'),
        'prometheus-pushgateway': z.looseObject({ enabled: z.boolean().default(false).describe('Off.') }).prefault({}).describe('Pushgateway subchart.'),
      })
      .prefault({})
      .describe('Values for the Prometheus chart (prometheus-community/helm-charts `prometheus`), installed for serviceGraph: the server only, lab-sized; any of its keys may be set here.'),
  })
  .describe('charts/lab values');

export type Values = z.output<typeof ValuesSchema>;

/** Every default, as written to values.yaml. */
export function defaultValues(): Values {
  return ValuesSchema.parse({});
}
