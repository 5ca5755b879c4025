import { ECHO_SERVICE, ECHO_SERVICE_CLUSTER_URL, HEALTH_PATH, LOG_SERVICE, READY_PATH, SERVICE_PORT } from '@tracing-lab/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { defaultValues } from '../src/values/model';
import { chartWithDependencies } from '../../test-support/chart/chart-with-dependencies';
import { dependencyOf, findObject, HELM_MAJORS, ownObjects, RELEASE, type K8sObject } from '../../test-support/chart/helm';
import { validateKubernetesObject } from '../../test-support/chart/kubernetes-schema';
import { envOf, firstContainer, podTemplateOf } from '../../test-support/chart/workloads';

// charts/lab with its real dependency charts, rendered by each Helm major. The wiring between our objects and
// Tempo's and Grafana's is checked in tempo-wiring.test.ts and grafana.test.ts; lint in chart-lint.test.ts.

const deploymentSpec = (object: K8sObject) => ({ replicas: (object.spec as { replicas: number }).replicas, template: podTemplateOf(object) });

const NAMESPACE = 'monitoring';
const SERVICES = [
  { name: LOG_SERVICE, values: defaultValues().logService },
  { name: ECHO_SERVICE, values: defaultValues().echoService },
] as const;

describe.each(HELM_MAJORS)('charts/lab with default values ($label)', (helm) => {
  let rendered: K8sObject[];
  let objects: K8sObject[];
  beforeAll(() => {
    rendered = helm.template(chartWithDependencies(), ['--namespace', NAMESPACE]);
    objects = ownObjects(rendered);
  });

  it('renders a Deployment and a Service per service, the datasource ConfigMap and the helm test Pod, nothing else', () => {
    expect(objects.map((object) => `${object.kind}/${object.metadata.name}`).sort()).toEqual([
      'ConfigMap/tempo-grafana-datasource',
      'Deployment/echo-service',
      'Deployment/log-service',
      'Pod/trace-check-helm-test',
      'Service/echo-service',
      'Service/log-service',
    ]);
  });

  it('renders Tempo from its dependency chart, and not Grafana', () => {
    const dependencies = new Set(rendered.map(dependencyOf).filter((name) => name !== undefined));
    expect([...dependencies]).toEqual(['tempo']);
  });

  it('every object, ours and Tempo’s, validates against the Kubernetes OpenAPI schema and sits in the release namespace', () => {
    for (const object of rendered) {
      validateKubernetesObject(object);
      expect(object.metadata.namespace, `${object.kind}/${object.metadata.name}`).toBe(NAMESPACE);
    }
  });

  it('every object carries the standard labels', () => {
    for (const object of objects) {
      const labels = object.metadata.labels ?? {};
      expect(labels['app.kubernetes.io/instance']).toBe(RELEASE);
      expect(labels['app.kubernetes.io/managed-by']).toBe('Helm');
      expect(labels['app.kubernetes.io/part-of']).toBe('tracing-lab');
      for (const key of ['app.kubernetes.io/name', 'app.kubernetes.io/version', 'app.kubernetes.io/component', 'helm.sh/chart']) {
        expect(labels[key], `${object.kind}/${object.metadata.name} ${key}`).toMatch(/\S/);
      }
    }
  });

  describe.each(SERVICES)('$name', ({ name, values }) => {
    it('runs the image from values with pull policy IfNotPresent and the replica count as an integer', () => {
      const deployment = findObject(objects, 'Deployment', name);
      const container = firstContainer(deployment);
      expect(deploymentSpec(deployment).replicas).toBe(values.replicaCount);
      expect(container.image).toBe(`${values.image.repository}:${values.image.tag}`);
      expect(container.imagePullPolicy).toBe('IfNotPresent');
      expect(container.resources).toEqual(values.resources);
    });

    it(`listens on ${SERVICE_PORT} named http, probed on ${HEALTH_PATH} and ${READY_PATH}`, () => {
      const container = firstContainer(findObject(objects, 'Deployment', name));
      expect(container.ports).toEqual([{ name: 'http', containerPort: SERVICE_PORT }]);
      expect(container.livenessProbe?.httpGet).toMatchObject({ path: HEALTH_PATH, port: SERVICE_PORT });
      expect(container.readinessProbe?.httpGet).toMatchObject({ path: READY_PATH, port: SERVICE_PORT });
      expect(container.startupProbe?.httpGet).toMatchObject({ path: HEALTH_PATH, port: SERVICE_PORT });
    });

    it('runs hardened: numeric non-root uid, read-only root with an emptyDir /tmp, no escalation, no capabilities, no token', () => {
      const pod = deploymentSpec(findObject(objects, 'Deployment', name)).template.spec;
      const container = firstContainer(findObject(objects, 'Deployment', name));
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001 });
      expect(container.securityContext).toMatchObject({
        runAsNonRoot: true,
        runAsUser: 10001,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      });
      const tmpMount = container.volumeMounts?.find((mount) => mount.mountPath === '/tmp');
      expect(pod.volumes?.find((volume) => volume.name === tmpMount?.name)?.emptyDir).toBeDefined();
    });

    it('exports OTLP to the in-cluster Tempo with the sampler, batch settings and Kubernetes resource attributes', () => {
      const container = firstContainer(findObject(objects, 'Deployment', name));
      const env = envOf(container);
      const otel = defaultValues().otel;
      expect(env.get('OTEL_SERVICE_NAME')).toBe(name);
      expect(env.get('PORT')).toBe(String(SERVICE_PORT));
      expect(env.get('OTEL_EXPORTER_OTLP_ENDPOINT')).toBe(`http://tempo.${NAMESPACE}.svc.cluster.local:4317`);
      expect(env.get('OTEL_TRACES_SAMPLER')).toBe(otel.sampler);
      expect(Number(env.get('OTEL_TRACES_SAMPLER_ARG'))).toBe(otel.samplerArg);
      expect(env.get('OTEL_BSP_MAX_QUEUE_SIZE')).toBe(String(otel.bsp.maxQueueSize));
      expect(env.get('OTEL_BSP_MAX_EXPORT_BATCH_SIZE')).toBe(String(otel.bsp.maxExportBatchSize));
      expect(env.get('OTEL_BSP_SCHEDULE_DELAY')).toBe(String(otel.bsp.scheduleDelayMillis));
      expect(env.get('OTEL_BSP_EXPORT_TIMEOUT')).toBe(String(otel.bsp.exportTimeoutMillis));
      expect(env.get('OTEL_RESOURCE_ATTRIBUTES')).toBe('k8s.pod.name=$(POD_NAME),k8s.namespace.name=$(POD_NAMESPACE),k8s.node.name=$(NODE_NAME)');
      // Kubernetes expands $(VAR) only for variables defined earlier in the list.
      const order = (container.env ?? []).map((variable) => variable.name);
      for (const variable of ['POD_NAME', 'POD_NAMESPACE', 'NODE_NAME']) {
        expect(order.indexOf(variable), variable).toBeGreaterThanOrEqual(0);
        expect(order.indexOf(variable)).toBeLessThan(order.indexOf('OTEL_RESOURCE_ATTRIBUTES'));
      }
    });

    it('has a Service of the same name whose selector matches the pods, on port http', () => {
      const service = findObject(objects, 'Service', name);
      const spec = service.spec as { selector: Record<string, string>; ports: { name: string; port: number; targetPort: number }[]; type: string };
      const podLabels = deploymentSpec(findObject(objects, 'Deployment', name)).template.metadata.labels;
      expect(Object.keys(spec.selector).length).toBeGreaterThan(0);
      for (const [key, value] of Object.entries(spec.selector)) expect(podLabels[key], key).toBe(value);
      expect(spec.ports).toEqual([{ name: 'http', port: SERVICE_PORT, targetPort: SERVICE_PORT }]);
      expect(spec.type).toBe('ClusterIP');
    });
  });

  it('only log-service knows where echo-service is', () => {
    const logEnv = envOf(firstContainer(findObject(objects, 'Deployment', LOG_SERVICE)));
    const echoEnv = envOf(firstContainer(findObject(objects, 'Deployment', ECHO_SERVICE)));
    expect(logEnv.get('ECHO_SERVICE_URL')).toBe(ECHO_SERVICE_CLUSTER_URL);
    expect(logEnv.get('ECHO_TIMEOUT_MS')).toBe(String(defaultValues().logService.echoTimeoutMs));
    expect(echoEnv.has('ECHO_SERVICE_URL')).toBe(false);
  });

  it('provisions a Tempo datasource for the Grafana sidecar', () => {
    const configMap = findObject(objects, 'ConfigMap', 'tempo-grafana-datasource');
    expect(configMap.metadata.labels?.grafana_datasource).toBe('1');
    const files = configMap.data as Record<string, string>;
    expect(Object.keys(files)).toHaveLength(1);
    const provisioning = parse(Object.values(files)[0] ?? '') as { apiVersion: number; datasources: Record<string, any>[] };
    expect(provisioning.apiVersion).toBe(1);
    expect(provisioning.datasources).toHaveLength(1);
    const datasource = provisioning.datasources[0];
    expect(datasource).toMatchObject({
      name: 'Tempo',
      type: 'tempo',
      uid: 'tempo',
      access: 'proxy',
      url: `http://tempo.${NAMESPACE}.svc.cluster.local:3200`,
    });
    expect(datasource?.jsonData).toEqual({ nodeGraph: { enabled: true }, search: { hide: false } });
  });
});

// The numbers README and values.yaml document, pinned as numbers: the tests above compare the render with
// defaultValues(), which would follow a changed default silently; here a change has to be made on purpose.
describe('the documented defaults, as rendered', () => {
  let objects: K8sObject[];
  beforeAll(() => {
    objects = ownObjects(HELM_MAJORS[0]!.template(chartWithDependencies(), ['--namespace', NAMESPACE]));
  });

  it.each([LOG_SERVICE, ECHO_SERVICE])('%s: 1 replica, batch delay 1000 ms, queue 2048, batch 512, export timeout 5000 ms', (name) => {
    const deployment = findObject(objects, 'Deployment', name);
    expect(deploymentSpec(deployment).replicas).toBe(1);
    const env = envOf(firstContainer(deployment));
    expect([env.get('OTEL_BSP_SCHEDULE_DELAY'), env.get('OTEL_BSP_MAX_QUEUE_SIZE'), env.get('OTEL_BSP_MAX_EXPORT_BATCH_SIZE'), env.get('OTEL_BSP_EXPORT_TIMEOUT')])
      .toEqual(['1000', '2048', '512', '5000']);
    expect(env.get('OTEL_TRACES_SAMPLER')).toBe('parentbased_always_on');
  });

  it('log-service gives echo-service 2000 ms', () => {
    expect(envOf(firstContainer(findObject(objects, 'Deployment', LOG_SERVICE))).get('ECHO_TIMEOUT_MS')).toBe('2000');
  });

  it('the helm test check waits 60 s for the trace, and its Pod ends 60 s after that', () => {
    const pod = findObject(objects, 'Pod', 'trace-check-helm-test');
    const spec = pod.spec as { activeDeadlineSeconds: number; containers: { args: string[] }[] };
    const args = spec.containers[0]?.args ?? [];
    expect(args[args.indexOf('--timeout-seconds') + 1]).toBe('60');
    expect(spec.activeDeadlineSeconds).toBe(120);
  });
});
