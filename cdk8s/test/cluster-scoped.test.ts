import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_GRAPH_VALUES_FILE } from '../src/values/service-graph';
import { chartWithDependencies } from '../../test-support/chart/chart-with-dependencies';
import { HELM_MAJORS, type K8sObject } from '../../test-support/chart/helm';

// One lab per namespace, any number of namespaces: two releases in two namespaces, every switch on, render nothing
// cluster-scoped under the same name, so the second install passes Helm's ownership check. Rendered by the real helm
// (both majors) with the real dependency charts; the first release keeps its name in the second namespace, as
// `make install NAMESPACE=lab2` does.

/**
 * The cluster-scoped kinds of Kubernetes 1.34's built-in API groups (`kubectl api-resources --namespaced=false`),
 * plus PodSecurityPolicy (removed in 1.25, still rendered by old charts). An object of any other kind is namespaced.
 */
const CLUSTER_SCOPED_KINDS = new Set([
  'APIService',
  'CertificateSigningRequest',
  'ClusterRole',
  'ClusterRoleBinding',
  'ClusterTrustBundle',
  'ComponentStatus',
  'CSIDriver',
  'CSINode',
  'CustomResourceDefinition',
  'DeviceClass',
  'FlowSchema',
  'IngressClass',
  'IPAddress',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'MutatingWebhookConfiguration',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PodSecurityPolicy',
  'PriorityClass',
  'PriorityLevelConfiguration',
  'ResourceSlice',
  'RuntimeClass',
  'SelfSubjectAccessReview',
  'SelfSubjectReview',
  'SelfSubjectRulesReview',
  'ServiceCIDR',
  'StorageClass',
  'StorageVersionMigration',
  'SubjectAccessReview',
  'TokenReview',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
  'VolumeAttributesClass',
]);

const everythingOn = (chart: string) => [
  '--set', 'grafana.enabled=true',
  '--set', 'traceCheck.postSync.enabled=true',
  '--set', 'networkPolicy.enabled=true',
  '-f', join(chart, SERVICE_GRAPH_VALUES_FILE),
];

const clusterScoped = (objects: readonly K8sObject[]): string[] =>
  objects.filter((object) => CLUSTER_SCOPED_KINDS.has(object.kind)).map((object) => `${object.kind}/${object.metadata.name}`).sort();

const overlap = (a: readonly string[], b: readonly string[]): string[] => a.filter((name) => b.includes(name));

describe.each(HELM_MAJORS)('two labs in two namespaces, every switch on, the real charts ($label)', (helm) => {
  let chart: string;
  const render = (release: string, namespace: string, extra: string[] = []) =>
    helm.template(chart, ['--namespace', namespace, ...everythingOn(chart), ...extra], { release });
  beforeAll(() => {
    chart = chartWithDependencies();
  });

  it.each([
    ['the same release name', 'tracing-lab', 'tracing-lab'],
    ['another release name', 'tracing-lab', 'lab2'],
  ])('with %s: no cluster-scoped object of one has the name of one of the other', (_, secondRelease) => {
    const first = render('tracing-lab', 'monitoring');
    const second = render(secondRelease, 'lab2');
    expect(overlap(clusterScoped(first), clusterScoped(second))).toEqual([]);
  });

  it('every other object is namespaced and sits in its release namespace (a kind missing from the list above would fail here)', () => {
    for (const [namespace, objects] of [['monitoring', render('tracing-lab', 'monitoring')], ['lab2', render('tracing-lab', 'lab2')]] as const) {
      const namespaced = objects.filter((object) => !CLUSTER_SCOPED_KINDS.has(object.kind));
      expect(namespaced.length).toBeGreaterThan(20);
      for (const object of namespaced) expect(object.metadata.namespace, `${object.kind}/${object.metadata.name}`).toBe(namespace);
    }
  });

  it('renders nothing cluster-scoped at all: Grafana’s sidecar RBAC is a Role and RoleBinding in the release namespace', () => {
    const objects = render('tracing-lab', 'monitoring');
    expect(clusterScoped(objects)).toEqual([]);
    const rbac = objects.filter((object) => object.metadata.name === 'grafana' && ['Role', 'RoleBinding'].includes(object.kind));
    expect(rbac.map((object) => `${object.kind}/${object.metadata.namespace}`).sort()).toEqual(['Role/monitoring', 'RoleBinding/monitoring']);
    // Enough for the datasource sidecar, which lists and watches ConfigMaps of its own namespace: the Role grants
    // that, and the RoleBinding gives the Role to the ServiceAccount the Grafana pods run as.
    const role = rbac.find((object) => object.kind === 'Role') as K8sObject & { rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[] };
    expect(role.rules).toContainEqual(expect.objectContaining({ apiGroups: [''], resources: expect.arrayContaining(['configmaps']), verbs: expect.arrayContaining(['get', 'list', 'watch']) }));
    const binding = rbac.find((object) => object.kind === 'RoleBinding') as K8sObject & { roleRef: { kind: string; name: string }; subjects: { kind: string; name: string; namespace: string }[] };
    expect(binding.roleRef).toMatchObject({ kind: 'Role', name: 'grafana' });
    const deployment = objects.find((object) => object.kind === 'Deployment' && object.metadata.name === 'grafana')!;
    const serviceAccount = (deployment.spec as { template: { spec: { serviceAccountName: string } } }).template.spec.serviceAccountName;
    expect(binding.subjects).toContainEqual({ kind: 'ServiceAccount', name: serviceAccount, namespace: 'monitoring' });
  });

  it('has teeth: with the Grafana chart’s own default (a ClusterRole), the two labs would collide on its fixed names', () => {
    const clusterWide = ['--set', 'grafana.rbac.namespaced=false'];
    const collisions = overlap(clusterScoped(render('tracing-lab', 'monitoring', clusterWide)), clusterScoped(render('lab2', 'lab2', clusterWide)));
    expect(collisions).toEqual(['ClusterRole/grafana-clusterrole', 'ClusterRoleBinding/grafana-clusterrolebinding']);
  });
});
