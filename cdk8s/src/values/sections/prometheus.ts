import { z } from 'zod';
import { resourceList, restrictedContainerSecurityContext } from '../fields';

/** The Prometheus chart's scrape jobs that discover the cluster (its values.yaml, chart 29.27.0); all off here. */
const PROMETHEUS_CLUSTER_SCRAPE_JOBS = [
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

/** `prometheus:` values for the Prometheus chart, open: any other key of that chart passes through. */
export const prometheusSection = z
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
        containerSecurityContext: restrictedContainerSecurityContext(
          'The Prometheus server container\'s securityContext (the chart\'s default is empty): what Pod Security "restricted" asks; the pod already runs as uid 65534 (`server.securityContext`).',
        ),
        automountServiceAccountToken: z.boolean().default(false).describe('No Kubernetes API token: with the cluster scrape jobs off it needs none.'),
        service: z
          .looseObject({ servicePort: z.number().int().min(1).max(65535).default(80).describe('Port of the Prometheus Service.') })
          .prefault({})
          .describe('The Prometheus Service.'),
      })
      .prefault({})
      .describe('The Prometheus server (the only part installed).'),
    configmapReload: z
      .looseObject({
        prometheus: z
          .looseObject({
            containerSecurityContext: restrictedContainerSecurityContext(
              'The config reloader container\'s securityContext (the chart\'s default is empty): what Pod Security "restricted" asks.',
            ),
          })
          .prefault({})
          .describe("The reloader beside the Prometheus server."),
      })
      .prefault({})
      .describe('The config reloader sidecars of the Prometheus chart.'),
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
  .describe('Values for the Prometheus chart (prometheus-community/helm-charts `prometheus`), installed for serviceGraph: the server only, lab-sized; any of its keys may be set here.');
