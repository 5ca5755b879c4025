import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SERVICE_GRAPH_VALUES_FILE, serviceGraphValues } from '../src/values/service-graph';
import { chartWithDependencies } from '../../test-support/chart/chart-with-dependencies';
import { findObject, HELM_MAJORS, HELM_V4, objectsOf, onlyObject, ownObjects, sourceOf, type K8sObject } from '../../test-support/chart/helm';
import { validateKubernetesObject } from '../../test-support/chart/kubernetes-schema';
import { firstContainer, flagValue, podTemplateOf, targetContainerPort, tempoConfig, tempoObjects } from '../../test-support/chart/workloads';

// serviceGraph with the real Tempo, Grafana and Prometheus charts, rendered by each Helm major: Tempo's rendered
// config writes to the Prometheus Service the Prometheus chart renders, which runs with its remote-write receiver;
// the datasources and the trace check point at it; nothing of it renders when the switch is off; and a switch
// that contradicts the keys it implies fails the render, naming each key.

interface Datasource {
  name: string;
  type: string;
  uid: string;
  url: string;
  jsonData: Record<string, any>;
}

/** The datasources of one of our ConfigMaps, read from its provisioning file. */
const datasourcesIn = (configMap: K8sObject): Datasource[] =>
  (parse(Object.values(configMap.data as Record<string, string>)[0] ?? '') as { datasources: Datasource[] }).datasources;

/** What the Prometheus chart rendered: its server Deployment and Service. */
const prometheusObjects = (rendered: readonly K8sObject[]) => ({
  service: onlyObject(objectsOf(rendered, 'prometheus'), 'Service'),
  deployment: onlyObject(objectsOf(rendered, 'prometheus'), 'Deployment'),
});

/** The port a URL connects to (URL leaves a scheme's default port out of url.port). */
const portOf = (url: URL): number => Number(url.port || { 'http:': 80, 'https:': 443 }[url.protocol]);

/** The leaf keys of a values object, dotted (lists are leaves). */
const leafKeys = (values: Record<string, unknown>, prefix = ''): string[] =>
  Object.entries(values).flatMap(([key, value]) =>
    value !== null && typeof value === 'object' && !Array.isArray(value) ? leafKeys(value as Record<string, unknown>, `${prefix}${key}.`) : [`${prefix}${key}`],
  );

describe.each(HELM_MAJORS)('service graph, the real charts ($label)', (helm) => {
  let chart: string;
  let valuesFile: string[];
  beforeAll(() => {
    chart = chartWithDependencies();
    valuesFile = ['-f', join(chart, SERVICE_GRAPH_VALUES_FILE)];
  });

  describe.each(['monitoring', 'observability'])('on (values-service-graph.yaml), in namespace %s', (namespace) => {
    let rendered: K8sObject[];
    beforeAll(() => {
      rendered = helm.template(chart, ['--namespace', namespace, '--set', 'grafana.enabled=true', '--set', 'traceCheck.postSync.enabled=true', ...valuesFile]);
    });

    it('Tempo remote-writes to the rendered Prometheus Service by name and port, both in the release namespace', () => {
      const tempo = tempoObjects(rendered);
      const prometheus = prometheusObjects(rendered);
      const remoteWrite = tempoConfig(rendered, tempo).metrics_generator?.storage?.remote_write as { url: string }[] | undefined;
      expect(remoteWrite).toHaveLength(1);
      const url = new URL(remoteWrite![0]!.url);
      // A name without dots resolves in the pod's own namespace: Tempo's, which must be Prometheus's.
      expect(url.hostname).toBe(prometheus.service.metadata.name);
      expect(tempo.statefulSet.metadata.namespace).toBe(namespace);
      expect(prometheus.service.metadata.namespace).toBe(namespace);
      expect(prometheus.deployment.metadata.namespace).toBe(namespace);
      expect(url.pathname).toBe('/api/v1/write');
      // The Service port leads to the port the Prometheus server listens on (the one its readiness probe asks).
      const containerPort = targetContainerPort(prometheus.service, prometheus.deployment, portOf(url));
      const server = podTemplateOf(prometheus.deployment).spec.containers.find((container) => container.args?.some((arg) => arg.startsWith('--storage.tsdb.path=')));
      expect(containerPort).toBeDefined();
      expect(server?.ports?.map((port) => port.containerPort)).toContain(containerPort);
    });

    it('the Prometheus server accepts remote write (--web.enable-remote-write-receiver) with short retention in an emptyDir', () => {
      const deployment = prometheusObjects(rendered).deployment;
      const server = podTemplateOf(deployment).spec.containers.find((container) => container.args?.some((arg) => arg.startsWith('--storage.tsdb.path=')));
      expect(server?.args).toContain('--web.enable-remote-write-receiver');
      expect(server?.args).toContain('--storage.tsdb.retention.time=1d');
      const dataPath = server?.args?.find((arg) => arg.startsWith('--storage.tsdb.path='))?.slice('--storage.tsdb.path='.length);
      const dataMount = server?.volumeMounts?.find((mount) => mount.mountPath === dataPath);
      const volume = podTemplateOf(deployment).spec.volumes?.find((candidate) => candidate.name === dataMount?.name);
      expect(volume?.emptyDir?.sizeLimit).toBe('1Gi');
      expect((server as { resources?: unknown }).resources).toEqual({ requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } });
    });

    it('installs the Prometheus server only: no Alertmanager, kube-state-metrics, node-exporter, Pushgateway, no cluster role', () => {
      const objects = objectsOf(rendered, 'prometheus');
      expect(objects.map((object) => object.kind).sort()).toEqual(['ConfigMap', 'Deployment', 'Service', 'ServiceAccount']);
      for (const object of objects) expect(sourceOf(object)).toMatch(/^lab\/charts\/prometheus\/templates\//);
      const scrapeJobs = parse((onlyObject(objects, 'ConfigMap').data as Record<string, string>)['prometheus.yml'] ?? '') as { scrape_configs: { job_name: string }[] };
      expect(scrapeJobs.scrape_configs.map((job) => job.job_name)).toEqual(['prometheus']);
    });

    it('Tempo’s overrides turn on the service-graphs and span-metrics processors', () => {
      const config = tempoConfig(rendered, tempoObjects(rendered));
      expect(config.overrides?.defaults?.metrics_generator?.processors).toEqual(['service-graphs', 'span-metrics']);
    });

    it('a Prometheus datasource (its own uid, the sidecar label) reads that Service; the Tempo datasource’s service map and trace-to-metrics name its uid', () => {
      const ours = ownObjects(rendered);
      const tempoConfigMap = findObject(ours, 'ConfigMap', 'tempo-grafana-datasource');
      const prometheusConfigMap = findObject(ours, 'ConfigMap', 'prometheus-grafana-datasource');
      const [prometheus] = datasourcesIn(prometheusConfigMap);
      const [tempo] = datasourcesIn(tempoConfigMap);
      expect(prometheus?.type).toBe('prometheus');
      expect(prometheus?.uid).not.toBe(tempo?.uid);
      expect(tempo?.jsonData.serviceMap).toEqual({ datasourceUid: prometheus?.uid });
      expect(tempo?.jsonData.tracesToMetrics?.datasourceUid).toBe(prometheus?.uid);
      const service = prometheusObjects(rendered).service;
      const url = new URL(prometheus!.url);
      expect(url.hostname).toBe(`${service.metadata.name}.${namespace}.svc.cluster.local`);
      expect((service.spec as { ports: { port: number }[] }).ports.map((port) => port.port)).toContain(portOf(url));
      // The Grafana sidecar loads both: same label, the one it watches.
      const sidecar = podTemplateOf(onlyObject(objectsOf(rendered, 'grafana'), 'Deployment')).spec.containers.find((container) =>
        container.env?.some((variable) => variable.name === 'LABEL'),
      );
      const label = sidecar?.env?.find((variable) => variable.name === 'LABEL')?.value ?? '';
      const labelValue = sidecar?.env?.find((variable) => variable.name === 'LABEL_VALUE')?.value;
      expect(prometheusConfigMap.metadata.labels?.[label]).toBe(labelValue);
      expect(tempoConfigMap.metadata.labels?.[label]).toBe(labelValue);
    });

    it('the trace check (helm test and PostSync) queries that Prometheus for the edge', () => {
      const ours = ownObjects(rendered);
      const service = prometheusObjects(rendered).service;
      for (const object of [findObject(ours, 'Pod', 'trace-check-helm-test'), findObject(ours, 'Job', 'trace-check-post-sync')]) {
        const url = new URL(flagValue(firstContainer(object), '--prometheus-url') ?? 'missing:');
        expect(url.hostname, object.kind).toBe(`${service.metadata.name}.${namespace}.svc.cluster.local`);
        expect((service.spec as { ports: { port: number }[] }).ports.map((port) => port.port)).toContain(portOf(url));
      }
    });

    it('every rendered object, ours and the dependencies’, validates against the Kubernetes schema in the release namespace', () => {
      for (const object of rendered) {
        validateKubernetesObject(object);
        // Grafana's ClusterRole and its binding have no namespace.
        if (!object.kind.startsWith('Cluster')) expect(object.metadata.namespace, `${object.kind}/${object.metadata.name}`).toBe(namespace);
      }
    });
  });

  it('off (the default): no Prometheus, no Prometheus datasource, no generator, no service map, no edge step', () => {
    const rendered = helm.template(chart, ['--set', 'grafana.enabled=true', '--set', 'traceCheck.postSync.enabled=true']);
    expect(objectsOf(rendered, 'prometheus')).toEqual([]);
    const ours = ownObjects(rendered);
    expect(ours.map((object) => object.metadata.name)).not.toContain('prometheus-grafana-datasource');
    const config = tempoConfig(rendered, tempoObjects(rendered));
    expect(config).not.toHaveProperty('metrics_generator');
    expect(config.overrides?.defaults).toEqual({});
    const [tempo] = datasourcesIn(findObject(ours, 'ConfigMap', 'tempo-grafana-datasource'));
    expect(tempo?.jsonData).not.toHaveProperty('serviceMap');
    expect(tempo?.jsonData).not.toHaveProperty('tracesToMetrics');
    for (const object of [findObject(ours, 'Pod', 'trace-check-helm-test'), findObject(ours, 'Job', 'trace-check-post-sync')]) {
      expect(firstContainer(object).args).not.toContain('--prometheus-url');
    }
  });

  it('a bare --set serviceGraph.enabled=true fails, naming every key values-service-graph.yaml sets and the file', () => {
    const error = helm.templateError(chart, ['--set', 'serviceGraph.enabled=true']);
    const implied = leafKeys(serviceGraphValues()).filter((key) => key !== 'serviceGraph.enabled');
    expect(implied.length).toBeGreaterThanOrEqual(3);
    for (const key of implied) expect(error).toContain(`  - ${key} is `);
    expect(error).toContain(`-f charts/lab/${SERVICE_GRAPH_VALUES_FILE}`);
  });

  it.each([
    { what: 'the generator on without the switch', args: ['--set', 'tempo.tempo.metricsGenerator.enabled=true'], says: ['serviceGraph.enabled is false', '- tempo.tempo.metricsGenerator.enabled is true, must be false'] },
    { what: 'Prometheus installed without the switch', args: ['--set', 'prometheus.enabled=true'], says: ['serviceGraph.enabled is false', '- prometheus.enabled is true, must be unset or false'] },
    { what: 'the switch without a Prometheus', withFile: true, args: ['--set', 'prometheus.enabled=false'], says: ['serviceGraph.enabled is true', '- prometheus.enabled is false, but serviceGraph.prometheus.url is empty'] },
    {
      what: 'your own Prometheus named, the bundled one still on and Tempo writing to it',
      withFile: true,
      args: ['--set', 'serviceGraph.prometheus.url=http://kps-prometheus.monitoring:9090'],
      says: [
        '- tempo.tempo.metricsGenerator.remoteWriteUrl is "http://prometheus:80/api/v1/write", must be "http://kps-prometheus.monitoring:9090/api/v1/write"',
        '- prometheus.enabled is unset or true, must be false',
      ],
    },
    { what: 'the remote-write receiver flag dropped', withFile: true, args: ['--set', 'prometheus.server.extraFlags={web.enable-lifecycle}'], says: ['- prometheus.server.extraFlags is [web.enable-lifecycle], must include web.enable-remote-write-receiver'] },
    { what: 'Prometheus forced into another namespace', withFile: true, args: ['--set', 'prometheus.forceNamespace=metrics'], says: ['- prometheus.forceNamespace is "metrics", must be empty'] },
    { what: 'one processor only', withFile: true, args: ['--set', 'tempo.tempo.overrides.defaults.metrics_generator.processors={service-graphs}'], says: ['- tempo.tempo.overrides.defaults.metrics_generator.processors is [service-graphs], must include span-metrics'] },
  ])('refuses $what, naming the keys', ({ withFile, args, says }) => {
    const error = helm.templateError(chart, [...(withFile ? valuesFile : []), ...args]);
    for (const text of says) expect(error).toContain(text);
  });

  it('your own Prometheus (kube-prometheus-stack): no Prometheus installed, Tempo writes to it, the datasources and the check use its uid and URL', () => {
    const url = 'http://kps-prometheus.monitoring:9090';
    const rendered = helm.template(chart, [
      ...valuesFile,
      '--set', `serviceGraph.prometheus.url=${url}`,
      '--set', 'serviceGraph.prometheus.datasourceUid=prometheus',
      '--set', 'prometheus.enabled=false',
      '--set', `tempo.tempo.metricsGenerator.remoteWriteUrl=${url}/api/v1/write`,
    ]);
    expect(objectsOf(rendered, 'prometheus')).toEqual([]);
    const ours = ownObjects(rendered);
    expect(ours.map((object) => object.metadata.name)).not.toContain('prometheus-grafana-datasource');
    expect(tempoConfig(rendered, tempoObjects(rendered)).metrics_generator?.storage?.remote_write).toEqual([{ url: `${url}/api/v1/write` }]);
    const [tempo] = datasourcesIn(findObject(ours, 'ConfigMap', 'tempo-grafana-datasource'));
    expect(tempo?.jsonData.serviceMap).toEqual({ datasourceUid: 'prometheus' });
    expect(tempo?.jsonData.tracesToMetrics?.datasourceUid).toBe('prometheus');
    expect(flagValue(firstContainer(findObject(ours, 'Pod', 'trace-check-helm-test')), '--prometheus-url')).toBe(url);
  });

  // lab.prometheusServiceName (templates/_names.tpl) repeats the Prometheus chart's rule for its server's name; the
  // check names the URL that rule gives, and with that URL Tempo writes to the Service the chart renders.
  it.each(['tracing-lab', 'prometheus-lab'])('without server.fullnameOverride (release %s), the check names the URL of the Service the chart renders', (release) => {
    const args = [...valuesFile, '--set', 'prometheus.server.fullnameOverride='];
    const result = helm.run(['template', release, chart, ...args]);
    const wanted = /remoteWriteUrl is "[^"]*", must be "([^"]+)"/.exec(result.stderr)?.[1];
    expect(wanted, result.stderr).toBeDefined();
    const rendered = helm.template(chart, [...args, '--set', `tempo.tempo.metricsGenerator.remoteWriteUrl=${wanted}`], { release });
    expect(new URL(wanted!).hostname).toBe(prometheusObjects(rendered).service.metadata.name);
    expect(prometheusObjects(rendered).service.metadata.name).toMatch(/-server$/);
  });

  it.each([
    { what: 'on', args: () => valuesFile },
    { what: 'on, with Grafana, the PostSync check and a persistent volume', args: () => [...valuesFile, '--set', 'grafana.enabled=true', '--set', 'traceCheck.postSync.enabled=true', '--set', 'prometheus.server.persistentVolume.enabled=true'] },
  ])('helm lint --strict passes with the service graph $what', ({ args }) => {
    const lint = helm.lint(chart, args());
    expect(lint.output).not.toMatch(/\[(WARNING|ERROR)\]/);
    expect(lint.ok, lint.output).toBe(true);
  });
});

// Helm 4 only, as in notes.test.ts: Helm 3's `install --dry-run=client` needs a cluster.
describe('NOTES.txt with the service graph (helm v4)', () => {
  it('says where to see the service graph when on, and nothing of it when off', () => {
    const chart = chartWithDependencies();
    const on = HELM_V4.installNotes(chart, ['--namespace', 'lab', '--set', 'grafana.enabled=true', '-f', join(chart, SERVICE_GRAPH_VALUES_FILE)]);
    expect(on).toContain('Explore > data source "Tempo" > query type Service Graph: log-service -> echo-service');
    expect(on).toContain('Prometheus at http://prometheus.lab.svc.cluster.local:80');
    expect(on).toContain('uid "tracing-lab-prometheus"');
    const off = HELM_V4.installNotes(chart, ['--namespace', 'lab', '--set', 'grafana.enabled=true']);
    expect(off).not.toContain('Service Graph');
    expect(off).not.toContain('Prometheus');
  });
});
