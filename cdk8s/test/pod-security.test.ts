import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { SERVICE_GRAPH_VALUES_FILE } from '../src/values/service-graph';
import { chartWithDependencies } from '../../test-support/chart/chart-with-dependencies';
import { findObject, HELM_MAJORS, HELM_V4, RELEASE, type K8sObject } from '../../test-support/chart/helm';
import { REPO_ROOT } from '../../test-support/repo-root';

// Every pod charts/lab renders — ours and the dependency charts' — evaluated against Pod Security "restricted" by the
// Pod Security admission's own checks (tools/pod-security-check, around k8s.io/pod-security-admission), as the API
// server evaluates them in a namespace labelled pod-security.kubernetes.io/enforce=restricted. Rendered by the real
// helm (both majors) with the real dependency charts, for each combination of switches that changes which pods
// there are or how they are made.

const CHECKER = resolve(REPO_ROOT, '.tools', 'bin', 'pod-security-check');

interface CheckRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** pod-security-check with `input` (rendered objects, YAML) on stdin. */
function podSecurityCheck(input: string): CheckRun {
  if (!existsSync(CHECKER)) throw new Error(`${CHECKER} not found: run 'make tools' (scripts/provision-tools.sh --helm)`);
  const result = spawnSync(CHECKER, [], { input, encoding: 'utf8' });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The kinds whose pods the admission evaluates (its DefaultPodSpecExtractor), as `Kind/name` of each rendered one. */
const POD_KINDS = new Set(['Pod', 'PodTemplate', 'ReplicationController', 'ReplicaSet', 'Deployment', 'DaemonSet', 'StatefulSet', 'Job', 'CronJob']);
const podBearing = (objects: readonly K8sObject[]): string[] =>
  objects.filter((object) => POD_KINDS.has(object.kind)).map((object) => `${object.kind}/${object.metadata.name}`).sort();

/** The `ok` and `DENIED` lines of a run, by object. */
const verdicts = (stdout: string, verdict: 'ok' | 'DENIED'): string[] =>
  stdout
    .split('\n')
    .filter((line) => line.startsWith(`${verdict} `))
    .map((line) => line.slice(verdict.length).trim().split(':')[0]!)
    .sort();

const SERVICE_GRAPH = (chart: string) => ['-f', join(chart, SERVICE_GRAPH_VALUES_FILE)];

/** The switches that change which pods render or how: each alone, and all of them together. */
const COMBINATIONS: { what: string; args: (chart: string) => string[] }[] = [
  { what: 'default values', args: () => [] },
  { what: 'grafana.enabled', args: () => ['--set', 'grafana.enabled=true'] },
  { what: 'traceCheck.postSync.enabled', args: () => ['--set', 'traceCheck.postSync.enabled=true'] },
  { what: 'the service graph (values-service-graph.yaml)', args: SERVICE_GRAPH },
  // The dependency charts' own switches that add containers or volumes.
  { what: 'Grafana with persistence', args: () => ['--set', 'grafana.enabled=true', '--set', 'grafana.persistence.enabled=true'] },
  { what: 'Tempo and Prometheus with persistence', args: (chart) => ['--set', 'tempo.persistence.enabled=true', '--set', 'prometheus.server.persistentVolume.enabled=true', ...SERVICE_GRAPH(chart)] },
  { what: 'as Argo CD renders it (--skip-tests, postSync)', args: () => ['--skip-tests', '--set', 'traceCheck.postSync.enabled=true'] },
  {
    what: 'everything on (Grafana, postSync, the service graph, NetworkPolicies)',
    args: (chart) => ['--set', 'grafana.enabled=true', '--set', 'traceCheck.postSync.enabled=true', '--set', 'networkPolicy.enabled=true', ...SERVICE_GRAPH(chart)],
  },
];

describe.each(HELM_MAJORS)('Pod Security "restricted", every rendered pod, the real charts ($label)', (helm) => {
  let chart: string;
  beforeAll(() => {
    chart = chartWithDependencies();
  });

  it.each(COMBINATIONS)('every pod passes with $what', ({ args }) => {
    const rendered = helm.run(['template', RELEASE, chart, '--namespace', 'monitoring', ...args(chart)]);
    expect(rendered.status, rendered.stderr).toBe(0);
    const run = podSecurityCheck(rendered.stdout);
    expect(verdicts(run.stdout, 'DENIED'), run.stdout).toEqual([]);
    expect(run.status, run.stdout + run.stderr).toBe(0);
    // Every pod-bearing object that helm rendered was checked (none silently left out), ours and the dependencies'.
    expect(verdicts(run.stdout, 'ok')).toEqual(podBearing(helm.template(chart, ['--namespace', 'monitoring', ...args(chart)])));
  });

  it('with everything on, that is all seven workloads: both services, Tempo, Grafana, Prometheus and both checks', () => {
    const objects = helm.template(chart, ['--namespace', 'monitoring', '--set', 'grafana.enabled=true', '--set', 'traceCheck.postSync.enabled=true', ...SERVICE_GRAPH(chart)]);
    expect(podBearing(objects)).toEqual([
      'Deployment/echo-service',
      'Deployment/grafana',
      'Deployment/log-service',
      'Deployment/prometheus',
      'Job/trace-check-post-sync',
      'Pod/trace-check-helm-test',
      'StatefulSet/tempo',
    ]);
  });
});

// The check has teeth: a securityContext field removed, from the chart's values or from a rendered pod, is refused
// with the admission's own message.
describe('Pod Security "restricted" refuses a pod without a field it asks for', () => {
  let chart: string;
  beforeAll(() => {
    chart = chartWithDependencies();
  });

  it.each([
    [
      'tempo.tempo.securityContext.capabilities',
      () => [],
      'StatefulSet/tempo',
      'unrestricted capabilities (container "tempo" must set securityContext.capabilities.drop=["ALL"])',
    ],
    [
      'tempo.tempo.securityContext.allowPrivilegeEscalation',
      () => [],
      'StatefulSet/tempo',
      'allowPrivilegeEscalation != false (container "tempo" must set securityContext.allowPrivilegeEscalation=false)',
    ],
    [
      'grafana.initChownData.enabled',
      () => ['--set', 'grafana.enabled=true', '--set', 'grafana.persistence.enabled=true', '--set', 'grafana.initChownData.enabled=true'],
      'Deployment/grafana',
      'allowPrivilegeEscalation != false (container "init-chown-data" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "init-chown-data" must not include "CHOWN", "DAC_OVERRIDE" in securityContext.capabilities.add), runAsNonRoot != true (container "init-chown-data" must not set securityContext.runAsNonRoot=false), runAsUser=0 (container "init-chown-data" must not set runAsUser=0)',
    ],
    [
      'prometheus.server.containerSecurityContext.seccompProfile',
      SERVICE_GRAPH,
      'Deployment/prometheus',
      'seccompProfile (pod or container "prometheus-server" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    ],
    [
      'prometheus.configmapReload.prometheus.containerSecurityContext.capabilities',
      SERVICE_GRAPH,
      'Deployment/prometheus',
      'unrestricted capabilities (container "prometheus-server-configmap-reload" must set securityContext.capabilities.drop=["ALL"])',
    ],
  ] as [string, (chart: string) => string[], string, string][])('our default %s removed or undone: the dependency chart’s pod is refused', (key, extra, object, message) => {
    // Removed with null, or for a switch, turned back to the dependency chart's own default.
    const remove = extra(chart).includes(`${key}=true`) ? [] : ['--set', `${key}=null`];
    const rendered = HELM_V4.run(['template', RELEASE, chart, ...extra(chart), ...remove]);
    expect(rendered.status, rendered.stderr).toBe(0);
    const run = podSecurityCheck(rendered.stdout);
    expect(run.status).toBe(1);
    expect(run.stdout.split('\n')).toContain(`DENIED  ${object}: violates PodSecurity "restricted:latest": ${message}`);
  });

  it('our own helm test Pod, rendered, then its capabilities.drop removed: refused, naming the container and the field', () => {
    const pod = structuredClone(findObject(HELM_V4.template(chart), 'Pod', 'trace-check-helm-test')) as K8sObject & {
      spec: { containers: { name: string; securityContext: { capabilities?: { drop?: string[] } } }[] };
    };
    expect(podSecurityCheck(stringify(pod)).status).toBe(0);
    const container = pod.spec.containers[0]!;
    expect(container.securityContext.capabilities?.drop).toEqual(['ALL']);
    delete container.securityContext.capabilities!.drop;
    const run = podSecurityCheck(stringify(pod));
    expect(run.status).toBe(1);
    expect(run.stdout.split('\n')[0]).toBe(
      `DENIED  Pod/trace-check-helm-test: violates PodSecurity "restricted:latest": unrestricted capabilities (container "${container.name}" must set securityContext.capabilities.drop=["ALL"])`,
    );
  });
});
