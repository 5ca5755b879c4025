import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { chartWithDependencies } from '../../test-support/chart/chart-with-dependencies';
import { findObject, HELM_MAJORS, objectsOf, onlyObject, ownObjects, type K8sObject } from '../../test-support/chart/helm';
import { REPO_ROOT } from '../../test-support/repo-root';
import { containersOf, envOf as envMap, podTemplateOf, type Container } from '../../test-support/chart/workloads';

// charts/lab with the real Grafana chart, rendered by each Helm major: what the Grafana chart makes of the values
// we hand it, read from its own objects.

type ServiceSpec = { spec: { selector: Record<string, string>; ports: { port: number; targetPort: number | string }[] } };

/** A container's `env` as an object, so a test reads `envOf(container).LABEL`. */
const envOf = (container: Container): Record<string, string | undefined> => Object.fromEntries(envMap(container));

/** The datasource sidecar of the Grafana Deployment: the container told which label to watch (k8s-sidecar's LABEL). */
const sidecarOf = (deployment: K8sObject): Container => {
  const sidecar = containersOf(deployment).find((container) => envOf(container).LABEL !== undefined);
  if (!sidecar) throw new Error(`Deployment ${deployment.metadata.name} has no container with a LABEL variable`);
  return sidecar;
};
/** The label our datasource ConfigMap carries (the only ConfigMap of ours). */
const datasourceLabels = (objects: readonly K8sObject[]): Record<string, string> => onlyObject(ownObjects(objects), 'ConfigMap').metadata.labels ?? {};

/**
 * What `make port-forward` forwards: the Service name (CHART_GRAFANA_SERVICE, from chart-defaults.mk, which
 * `make synth` writes) and the Service port of `svc/$(CHART_GRAFANA_SERVICE) 3000:<port>` in the Makefile.
 */
function portForwardTarget(): { service: string; port: number } {
  const makefile = readFileSync(join(REPO_ROOT, 'Makefile'), 'utf8');
  const defaults = readFileSync(join(REPO_ROOT, 'chart-defaults.mk'), 'utf8');
  const service = /^CHART_GRAFANA_SERVICE := (\S+)$/m.exec(defaults)?.[1];
  const port = /port-forward svc\/\$\(CHART_GRAFANA_SERVICE\) 3000:(\d+)/.exec(makefile)?.[1];
  if (!service || !port) throw new Error('chart-defaults.mk has no CHART_GRAFANA_SERVICE, or the Makefile no port-forward to svc/$(CHART_GRAFANA_SERVICE)');
  return { service, port: Number(port) };
}

describe.each(HELM_MAJORS)('optional Grafana, the real chart ($label)', (helm) => {
  let chart: string;
  let objects: K8sObject[];
  beforeAll(() => {
    chart = chartWithDependencies();
    objects = helm.template(chart, ['--set', 'grafana.enabled=true']);
  });

  it('is off by default', () => {
    expect(objectsOf(helm.template(chart), 'grafana')).toEqual([]);
  });

  it('when on, its datasource sidecar watches the label our datasource ConfigMap carries', () => {
    const sidecar = envOf(sidecarOf(onlyObject(objectsOf(objects, 'grafana'), 'Deployment')));
    expect(sidecar.LABEL).toBeTruthy();
    expect(datasourceLabels(objects)[sidecar.LABEL!]).toBe(sidecar.LABEL_VALUE);
  });

  it('when on, the sidecar writes where Grafana reads datasource provisioning files, in our ConfigMap’s namespace', () => {
    const deployment = onlyObject(objectsOf(objects, 'grafana'), 'Deployment');
    const sidecar = sidecarOf(deployment);
    const grafana = containersOf(deployment).find((container) => envOf(container).GF_PATHS_PROVISIONING !== undefined);
    const folder = envOf(sidecar).FOLDER;
    const written = sidecar.volumeMounts?.find((mount) => mount.mountPath === folder);
    expect(written).toBeDefined();
    const read = grafana?.volumeMounts?.find((mount) => mount.name === written?.name);
    expect(read?.mountPath).toBe(`${envOf(grafana!).GF_PATHS_PROVISIONING}/datasources`);
    // k8s-sidecar watches its own namespace unless NAMESPACE says otherwise.
    expect(envOf(sidecar).NAMESPACE).toBeUndefined();
    expect(deployment.metadata.namespace).toBe(onlyObject(ownObjects(objects), 'ConfigMap').metadata.namespace);
  });

  it('follows a changed label when both sides are changed together', () => {
    const changed = helm.template(chart, [
      '--set', 'grafana.enabled=true',
      '--set', 'grafanaDatasource.label.key=tracing-lab/datasource',
      '--set', 'grafana.sidecar.datasources.label=tracing-lab/datasource',
    ]);
    const sidecar = envOf(sidecarOf(onlyObject(objectsOf(changed, 'grafana'), 'Deployment')));
    expect(sidecar.LABEL).toBe('tracing-lab/datasource');
    expect(datasourceLabels(changed)['tracing-lab/datasource']).toBe(sidecar.LABEL_VALUE);
  });

  it.each([
    ['value', ['--set', 'grafanaDatasource.label.value=tempo'], '(grafana_datasource=1) must match grafanaDatasource.label.key/value (grafana_datasource=tempo)'],
    ['key', ['--set', 'grafana.sidecar.datasources.label=tracing-lab/datasource'], '(tracing-lab/datasource=1) must match grafanaDatasource.label.key/value (grafana_datasource=1)'],
  ])('refuses a sidecar label %s that differs from the datasource label, saying which values to align', (_, args, says) => {
    const error = helm.templateError(chart, ['--set', 'grafana.enabled=true', ...args]);
    expect(error).toContain(`grafana.sidecar.datasources.label/labelValue ${says}`);
  });

  // Argo CD renders with `helm template`, without the cluster, on every new revision: what it applies is what a
  // fresh render says. Two renders stand for two syncs.
  it('without an admin Secret of yours, every render makes a new admin password (what Argo CD would apply on each sync)', () => {
    const password = () => (findObject(helm.template(chart, ['--set', 'grafana.enabled=true'], { fresh: true }), 'Secret', 'grafana').data as Record<string, string>)['admin-password'];
    expect(password()).not.toBe(password());
  });

  it('with grafana.admin.existingSecret, two renders are the same: nothing Argo CD applies changes the password, nor restarts Grafana', () => {
    const args = ['--set', 'grafana.enabled=true', '--set', 'grafana.admin.existingSecret=grafana-admin'];
    const first = helm.template(chart, args, { fresh: true });
    const second = helm.template(chart, args, { fresh: true });
    expect(second).toEqual(first);
    expect(first.filter((object) => object.kind === 'Secret')).toEqual([]);
  });

  it('serves Grafana’s web port on the Service and port that `make port-forward` forwards', () => {
    const { service: name, port } = portForwardTarget();
    const service = objectsOf(objects, 'grafana').find((object) => object.kind === 'Service' && object.metadata.name === name);
    expect(service, `Service ${name}`).toBeDefined();
    const servicePort = (service as unknown as ServiceSpec).spec.ports.find((candidate) => candidate.port === port);
    expect(servicePort, `port ${port}`).toBeDefined();
    // It selects the Grafana pods and leads to the port Grafana serves HTTP on (the one its readiness probe asks).
    const deployment = onlyObject(objectsOf(objects, 'grafana'), 'Deployment');
    const podLabels = podTemplateOf(deployment).metadata.labels;
    for (const [key, value] of Object.entries((service as unknown as ServiceSpec).spec.selector)) expect(podLabels[key], key).toBe(value);
    const grafana = containersOf(deployment).find((container) => envOf(container).GF_PATHS_PROVISIONING !== undefined);
    const containerPort = (port: number | string | undefined) =>
      grafana?.ports?.find((candidate) => candidate.name === port || candidate.containerPort === port)?.containerPort;
    expect(grafana?.readinessProbe?.httpGet?.path).toBe('/api/health');
    expect(containerPort(servicePort?.targetPort)).toBeDefined();
    expect(containerPort(servicePort?.targetPort)).toBe(containerPort(grafana?.readinessProbe?.httpGet?.port));
  });
});
