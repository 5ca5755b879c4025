import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_GRAPH_VALUES_FILE } from '../src/values/service-graph';
import { chartWithDependencies } from '../../test-support/chart/chart-with-dependencies';
import { HELM_MAJORS, ownObjects, type K8sObject } from '../../test-support/chart/helm';
import { validateKubernetesObject } from '../../test-support/chart/kubernetes-schema';

// The NetworkPolicies of charts/lab (networkPolicy.enabled), rendered by the real helm with the real dependency
// charts, and who may then talk to whom: every pod the chart renders (and a few pods around it) against every port
// its containers declare. No third-party policy analyzer was available here (np-guard/netpol-analyzer is refused by
// the Go module proxy), so the connections are decided by the evaluator below, which reads the rendered policies
// with plain field access and follows the NetworkPolicy semantics of the Kubernetes API reference
// (networking.k8s.io/v1), tested on its own first. Not run: a network plugin enforcing them (docs/chart.md).

type Labels = Record<string, string>;
interface LabelSelector {
  matchLabels?: Labels;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}
interface Peer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: unknown;
}
interface PolicyPort {
  port?: number | string;
  endPort?: number;
  protocol?: string;
}
interface Rule {
  from?: Peer[];
  to?: Peer[];
  ports?: PolicyPort[];
}
interface Policy {
  metadata: { name: string; namespace: string };
  spec: { podSelector: LabelSelector; policyTypes?: ('Ingress' | 'Egress')[]; ingress?: Rule[]; egress?: Rule[] };
}
interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}
/** A pod: where it runs, its labels and the ports its containers declare. */
interface Endpoint {
  name: string;
  namespace: string;
  labels: Labels;
  ports: ContainerPort[];
}

// ---- the evaluator: NetworkPolicy semantics, from the API reference -------------------------------------------

/** A label selector: every matchLabels pair and every expression holds; `{}` selects everything. */
function selects(selector: LabelSelector, labels: Labels): boolean {
  const pairs = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  const expressions = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    switch (operator) {
      case 'In':
        return key in labels && values.includes(labels[key]!);
      case 'NotIn':
        return !(key in labels) || !values.includes(labels[key]!);
      case 'Exists':
        return key in labels;
      case 'DoesNotExist':
        return !(key in labels);
    }
    throw new Error(`label selector operator ${operator} is not one the API knows`);
  });
  return pairs && expressions;
}

/** Namespaces carry their name as a label (kubernetes.io/metadata.name, set by the API server). */
const namespaceLabels = (namespace: string): Labels => ({ 'kubernetes.io/metadata.name': namespace });

/** A peer: pods of the policy's namespace by podSelector, of other namespaces by namespaceSelector, or both ANDed. */
function peerMatches(peer: Peer, policyNamespace: string, other: Endpoint): boolean {
  if (peer.ipBlock !== undefined) throw new Error('this evaluator does not read ipBlock peers: the chart renders none');
  if (peer.podSelector === undefined && peer.namespaceSelector === undefined) throw new Error('a peer needs a podSelector or a namespaceSelector');
  const namespaceOk = peer.namespaceSelector ? selects(peer.namespaceSelector, namespaceLabels(other.namespace)) : other.namespace === policyNamespace;
  return namespaceOk && (peer.podSelector === undefined || selects(peer.podSelector, other.labels));
}

/** A rule's ports: none listed means every port; a named port means the destination container port of that name. */
function portMatches(ports: PolicyPort[] | undefined, destination: Endpoint, port: number, protocol: string): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((candidate) => {
    if ((candidate.protocol ?? 'TCP') !== protocol) return false;
    if (candidate.port === undefined) return true;
    if (typeof candidate.port === 'string') {
      return destination.ports.some((declared) => declared.name === candidate.port && declared.containerPort === port && (declared.protocol ?? 'TCP') === protocol);
    }
    return candidate.endPort === undefined ? candidate.port === port : port >= candidate.port && port <= candidate.endPort;
  });
}

/** policyTypes as the API defaults it: Ingress always, Egress when the policy has egress rules. */
const policyTypes = (policy: Policy) => policy.spec.policyTypes ?? ['Ingress', ...(policy.spec.egress ? ['Egress' as const] : [])];

/**
 * One direction at one end: a pod no policy selects for this direction is not isolated (everything is allowed);
 * a selected pod allows what any rule of any selecting policy allows; no rule, nothing.
 */
function allows(direction: 'Ingress' | 'Egress', policies: readonly Policy[], subject: Endpoint, other: Endpoint, destination: Endpoint, port: number, protocol: string): boolean {
  const selecting = policies.filter((policy) => policy.metadata.namespace === subject.namespace && selects(policy.spec.podSelector, subject.labels) && policyTypes(policy).includes(direction));
  if (selecting.length === 0) return true;
  return selecting.some((policy) =>
    (direction === 'Ingress' ? policy.spec.ingress : policy.spec.egress)?.some((rule) => {
      const peers = direction === 'Ingress' ? rule.from : rule.to;
      const peerOk = !peers || peers.length === 0 || peers.some((peer) => peerMatches(peer, policy.metadata.namespace, other));
      return peerOk && portMatches(rule.ports, destination, port, protocol);
    }) ?? false,
  );
}

/** A connection passes when the source's egress and the destination's ingress both allow it. */
const connects = (policies: readonly Policy[], source: Endpoint, destination: Endpoint, port: number, protocol = 'TCP'): boolean =>
  allows('Egress', policies, source, destination, destination, port, protocol) && allows('Ingress', policies, destination, source, destination, port, protocol);

describe('the policy evaluator follows the NetworkPolicy semantics of the API reference', () => {
  const pod = (name: string, labels: Labels, namespace = 'ns', ports: ContainerPort[] = [{ containerPort: 80, name: 'http' }]): Endpoint => ({ name, namespace, labels, ports });
  const a = pod('a', { app: 'a' });
  const b = pod('b', { app: 'b' });
  const elsewhere = pod('c', { app: 'a' }, 'other');
  const policy = (spec: Policy['spec'], namespace = 'ns'): Policy => ({ metadata: { name: 'p', namespace }, spec });

  it('without a policy selecting either pod, everything connects', () => {
    expect(connects([], a, b, 80)).toBe(true);
    expect(connects([policy({ podSelector: { matchLabels: { app: 'x' } } })], a, b, 80)).toBe(true);
  });

  it('a policy selecting the destination with no ingress rule isolates it: nothing connects', () => {
    expect(connects([policy({ podSelector: { matchLabels: { app: 'b' } }, policyTypes: ['Ingress'] })], a, b, 80)).toBe(false);
    // ...and without policyTypes, Ingress is implied.
    expect(connects([policy({ podSelector: {} })], a, b, 80)).toBe(false);
  });

  it('a podSelector peer means pods of the policy’s own namespace; a namespaceSelector reaches into others', () => {
    const fromA = policy({ podSelector: { matchLabels: { app: 'b' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'a' } } }] }] });
    expect(connects([fromA], a, b, 80)).toBe(true);
    expect(connects([fromA], elsewhere, b, 80)).toBe(false);
    const fromOther = policy({ podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'other' } } }] }] });
    expect(connects([fromOther], elsewhere, b, 80)).toBe(true);
    expect(connects([fromOther], a, b, 80)).toBe(false);
  });

  it('ports: by number, by the destination container’s port name, by protocol (TCP unless said)', () => {
    const on = (ports: PolicyPort[]) => [policy({ podSelector: {}, ingress: [{ ports }] })];
    expect(connects(on([{ port: 80 }]), a, b, 80)).toBe(true);
    expect(connects(on([{ port: 81 }]), a, b, 80)).toBe(false);
    expect(connects(on([{ port: 'http' }]), a, b, 80)).toBe(true);
    expect(connects(on([{ port: 80, protocol: 'UDP' }]), a, b, 80)).toBe(false);
    expect(connects(on([{ port: 79, endPort: 81 }]), a, b, 80)).toBe(true);
  });

  it('egress isolates the source the same way, and both ends must allow', () => {
    const noEgress = policy({ podSelector: { matchLabels: { app: 'a' } }, policyTypes: ['Egress'] });
    expect(connects([noEgress], a, b, 80)).toBe(false);
    expect(connects([noEgress], b, a, 80)).toBe(true);
    const egressToB = policy({ podSelector: { matchLabels: { app: 'a' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'b' } } }] }] });
    const bIsolated = policy({ podSelector: { matchLabels: { app: 'b' } }, policyTypes: ['Ingress'] });
    expect(connects([egressToB], a, b, 80)).toBe(true);
    expect(connects([egressToB, bIsolated], a, b, 80)).toBe(false);
  });
});

// ---- the chart's policies ---------------------------------------------------------------------------------------

const NAMESPACE = 'monitoring';

/** Every pod the render would run: the pod template of each workload and each Pod, with its containers' ports. */
function renderedPods(objects: readonly K8sObject[]): Endpoint[] {
  return objects.flatMap((object) => {
    type Template = { metadata?: { labels?: Labels }; spec: { containers: { ports?: ContainerPort[] }[] } };
    const template = object.kind === 'Pod' ? (object as unknown as Template) : (object.spec as { template?: Template } | undefined)?.template;
    if (!template?.spec?.containers || !['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(object.kind)) return [];
    const labels = object.kind === 'Pod' ? (object.metadata.labels ?? {}) : (template.metadata?.labels ?? {});
    return [{ name: object.metadata.name, namespace: object.metadata.namespace ?? NAMESPACE, labels, ports: template.spec.containers.flatMap((container) => container.ports ?? []) }];
  });
}

/** Pods around the lab: one of the namespace (kubectl run … curl), one of another namespace, the cluster's DNS, a collector. */
const AROUND: Endpoint[] = [
  { name: 'debug', namespace: NAMESPACE, labels: { run: 'debug' }, ports: [{ containerPort: 8080 }] },
  { name: 'elsewhere', namespace: 'other-team', labels: { run: 'elsewhere' }, ports: [{ containerPort: 4317 }] },
  { name: 'coredns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' }, ports: [{ containerPort: 53, protocol: 'UDP' }, { containerPort: 53, protocol: 'TCP' }] },
  { name: 'collector', namespace: NAMESPACE, labels: { 'app.kubernetes.io/name': 'opentelemetry-collector' }, ports: [{ containerPort: 4317 }] },
];

/** Every connection that passes, as `source → destination:port/protocol`, over every declared port of every pod. */
function matrix(policies: readonly Policy[], pods: readonly Endpoint[]): string[] {
  const allowed: string[] = [];
  for (const source of pods) {
    for (const destination of pods) {
      if (source === destination) continue;
      for (const port of destination.ports) {
        const protocol = port.protocol ?? 'TCP';
        if (connects(policies, source, destination, port.containerPort, protocol)) allowed.push(`${source.name} → ${destination.name}:${port.containerPort}/${protocol}`);
      }
    }
  }
  return allowed.sort();
}

/** The pods that a policy selects: log-service, echo-service, Tempo and both trace checks. Connections among the rest are open. */
const RESTRICTED = ['log-service', 'echo-service', 'tempo', 'trace-check-helm-test', 'trace-check-post-sync'];
const involvesRestricted = (connection: string) => RESTRICTED.some((name) => connection.startsWith(`${name} → `) || connection.includes(` → ${name}:`));
/** Tempo's own egress is not restricted: it may reach every port of every pod that no ingress policy selects. */
const tempoToTheUnrestricted = (pods: readonly Endpoint[]): string[] =>
  pods
    .filter((pod) => pod.name !== 'tempo' && !RESTRICTED.includes(pod.name))
    .flatMap((pod) => pod.ports.map((port) => `tempo → ${pod.name}:${port.containerPort}/${port.protocol ?? 'TCP'}`));
const DNS = (pod: string) => [`${pod} → coredns:53/TCP`, `${pod} → coredns:53/UDP`];
const TRACE_CHECK = (pod: string) => [`${pod} → log-service:8080/TCP`, `${pod} → tempo:3200/TCP`, `${pod} → prometheus:9090/TCP`, ...DNS(pod)];

/**
 * What may connect to or from log-service, echo-service, Tempo and the trace checks with the defaults and every
 * other switch on (Grafana, the service graph, postSync), written out by hand from what the lab needs.
 */
const EXPECTED_DEFAULT = [
  // log-service calls echo-service and exports to Tempo; echo-service exports to Tempo.
  'log-service → echo-service:8080/TCP',
  'log-service → tempo:4317/TCP',
  ...DNS('log-service'),
  'echo-service → tempo:4317/TCP',
  ...DNS('echo-service'),
  // The checks ask log-service, Tempo's API and (service graph) Prometheus.
  ...TRACE_CHECK('trace-check-helm-test'),
  ...TRACE_CHECK('trace-check-post-sync'),
  // Grafana reads Tempo's API; every pod of the namespace may reach log-service and Tempo's API.
  'grafana → log-service:8080/TCP',
  'grafana → tempo:3200/TCP',
  'prometheus → log-service:8080/TCP',
  'prometheus → tempo:3200/TCP',
  'tempo → log-service:8080/TCP',
  'debug → log-service:8080/TCP',
  'debug → tempo:3200/TCP',
  'collector → log-service:8080/TCP',
  'collector → tempo:3200/TCP',
].sort();

describe.each(HELM_MAJORS)('NetworkPolicies, the real charts, every switch on ($label)', (helm) => {
  let chart: string;
  const render = (extra: string[] = []) => {
    const rendered = helm.template(chart, [
      '--namespace', NAMESPACE,
      '--set', 'networkPolicy.enabled=true',
      '--set', 'grafana.enabled=true',
      '--set', 'traceCheck.postSync.enabled=true',
      '-f', join(chart, SERVICE_GRAPH_VALUES_FILE),
      ...extra,
    ]);
    const policies = rendered.filter((object) => object.kind === 'NetworkPolicy') as unknown as Policy[];
    return { rendered, policies, pods: [...renderedPods(rendered), ...AROUND] };
  };
  beforeAll(() => {
    chart = chartWithDependencies();
  });

  it('are ours only, one per restricted pod group, valid against the Kubernetes schema', () => {
    const { rendered, policies } = render();
    expect(policies.map((policy) => policy.metadata.name).sort()).toEqual(['echo-service', 'log-service', 'tempo', 'trace-check']);
    expect(ownObjects(rendered).filter((object) => object.kind === 'NetworkPolicy')).toHaveLength(4);
    for (const policy of policies) validateKubernetesObject(policy as unknown as K8sObject);
  });

  it('off by default: no policy renders', () => {
    expect(helm.template(chart, ['--namespace', NAMESPACE]).filter((object) => object.kind === 'NetworkPolicy')).toEqual([]);
  });

  it('allow exactly the lab’s connections to and from the pods they select, and leave the rest open', () => {
    const { policies, pods } = render();
    const allowed = matrix(policies, pods);
    expect(allowed.filter(involvesRestricted)).toEqual([...EXPECTED_DEFAULT, ...tempoToTheUnrestricted(pods)].sort());
    // Pods no policy selects keep every connection among themselves (e.g. Tempo's metrics-generator → Prometheus).
    const open = matrix([], pods).filter((connection) => !involvesRestricted(connection));
    expect(allowed.filter((connection) => !involvesRestricted(connection))).toEqual(open);
    expect(open).toContain('grafana → prometheus:9090/TCP');
    // Denied, to say it in words: echo-service only from log-service, Tempo's OTLP only from the services, nothing from another namespace.
    for (const denied of ['trace-check-helm-test → echo-service:8080/TCP', 'grafana → tempo:4317/TCP', 'debug → echo-service:8080/TCP', 'elsewhere → log-service:8080/TCP', 'elsewhere → tempo:3200/TCP', 'log-service → elsewhere:4317/TCP']) {
      expect(allowed).not.toContain(denied);
    }
  });

  it('networkPolicy.allowNamespace=false: log-service only from the checks, Tempo’s API only from Grafana and the checks', () => {
    const { policies, pods } = render(['--set', 'networkPolicy.allowNamespace=false']);
    const fromNamespace = ['grafana → log-service:8080/TCP', 'prometheus → log-service:8080/TCP', 'prometheus → tempo:3200/TCP', 'tempo → log-service:8080/TCP', 'debug → log-service:8080/TCP', 'debug → tempo:3200/TCP', 'collector → log-service:8080/TCP', 'collector → tempo:3200/TCP'];
    const expected = EXPECTED_DEFAULT.filter((connection) => !fromNamespace.includes(connection));
    expect(matrix(policies, pods).filter(involvesRestricted)).toEqual([...expected, ...tempoToTheUnrestricted(pods)].sort());
  });

  it('networkPolicy.otlpClients: a collector joins the services at Tempo’s OTLP ports', () => {
    const collector = ['--set-json', 'networkPolicy.otlpClients=[{"podSelector":{"matchLabels":{"app.kubernetes.io/name":"opentelemetry-collector"}}}]'];
    const { policies, pods } = render(collector);
    const collectorPod = pods.find((pod) => pod.name === 'collector')!;
    collectorPod.ports = [{ containerPort: 4317 }];
    const tempo = pods.find((pod) => pod.name === 'tempo')!;
    expect(connects(policies, collectorPod, tempo, 4317)).toBe(true);
    expect(connects(policies, collectorPod, tempo, 4318)).toBe(true);
    expect(connects(render().policies, collectorPod, tempo, 4317)).toBe(false);
  });

  it('otel.endpoint elsewhere: refused without an egress rule for it, and with one the services reach it instead of this Tempo', () => {
    const elsewhere = ['--set', 'otel.endpoint=http://collector.other-team.svc.cluster.local:4317'];
    expect(helm.templateError(chart, ['--set', 'networkPolicy.enabled=true', ...elsewhere])).toContain(
      "networkPolicy.enabled lets the lab's pods reach only this release's pods and DNS, and these values point elsewhere: otel.endpoint (http://collector.other-team.svc.cluster.local:4317). Add an egress rule for each to networkPolicy.extraEgress",
    );
    const rule = '[{"to":[{"namespaceSelector":{"matchLabels":{"kubernetes.io/metadata.name":"other-team"}}}],"ports":[{"port":4317,"protocol":"TCP"}]}]';
    const { policies, pods } = render([...elsewhere, '--set-json', `networkPolicy.extraEgress=${rule}`]);
    const allowed = matrix(policies, pods);
    for (const service of ['log-service', 'echo-service']) {
      expect(allowed).toContain(`${service} → elsewhere:4317/TCP`);
      expect(allowed).not.toContain(`${service} → tempo:4317/TCP`);
    }
  });

  it('select the dependency charts’ pods by the labels those charts give them, also with their names overridden', () => {
    const { rendered, policies } = render(['--set', 'tempo.nameOverride=traces', '--set', 'grafana.nameOverride=dashboards', '--set', 'prometheus.nameOverride=metrics']);
    const podsOf = (kind: string, name: string) => renderedPods(rendered.filter((object) => object.kind === kind && object.metadata.name === name));
    const [tempo] = podsOf('StatefulSet', 'tempo');
    const [grafana] = podsOf('Deployment', 'grafana');
    const [prometheus] = podsOf('Deployment', 'prometheus');
    expect(tempo?.labels['app.kubernetes.io/name']).toBe('traces');
    const byName = (name: string) => policies.find((policy) => policy.metadata.name === name)!;
    expect(selects(byName('tempo').spec.podSelector, tempo!.labels)).toBe(true);
    expect(connects(policies, grafana!, tempo!, 3200)).toBe(true);
    const traceCheck = renderedPods(rendered).find((pod) => pod.name === 'trace-check-helm-test')!;
    expect(connects(policies, traceCheck, prometheus!, 9090)).toBe(true);
    expect(connects(policies, traceCheck, tempo!, 3200)).toBe(true);
  });

  it('every allowed port is one the destination’s container declares: the policies name pod ports, not Service ports', () => {
    const { policies, pods } = render();
    const targets = new Map(pods.map((pod) => [pod.name, pod.ports.map((port) => port.containerPort)]));
    for (const policy of policies) {
      for (const rule of policy.spec.ingress ?? []) {
        const selected = pods.filter((pod) => pod.namespace === policy.metadata.namespace && selects(policy.spec.podSelector, pod.labels));
        expect(selected.length, `policy ${policy.metadata.name} selects a pod`).toBeGreaterThan(0);
        for (const port of rule.ports ?? []) for (const pod of selected) expect(targets.get(pod.name), `${policy.metadata.name} ingress ${port.port}`).toContain(port.port);
      }
    }
  });
});
