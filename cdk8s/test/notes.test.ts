import { beforeAll, describe, expect, it } from 'vitest';
import { chartWithDependencies } from '../../test-support/chart/chart-with-dependencies';
import { findObject, HELM_V4, type K8sObject } from '../../test-support/chart/helm';

// Helm 4 only: Helm 3's `install --dry-run=client` still asks the cluster for its version (pkg/action/install.go
// calls KubeClient.IsReachable unless ClientOnly, which only `helm template` sets), and there is no cluster here.

interface PortForward {
  namespace: string;
  service: string;
  localPort: number;
  remotePort: number;
}

/** Every `kubectl -n NS port-forward svc/NAME LOCAL:REMOTE` line of the notes. */
function portForwards(notes: string): PortForward[] {
  return [...notes.matchAll(/kubectl -n (\S+) port-forward svc\/(\S+) (\d+):(\d+)/g)].map(([, namespace, service, local, remote]) => ({
    namespace: namespace!,
    service: service!,
    localPort: Number(local),
    remotePort: Number(remote),
  }));
}

/** The notes and what the same values render: a port-forward must name a rendered Service and one of its ports. */
function installed(args: string[], release = 'tracing-lab'): { notes: string; objects: K8sObject[] } {
  const chart = chartWithDependencies();
  const notes = HELM_V4.installNotes(chart, args, release);
  return { notes, objects: HELM_V4.template(chart, args, { release }) };
}

function expectServicesExist(forwards: readonly PortForward[], objects: readonly K8sObject[], namespace: string): void {
  for (const forward of forwards) {
    expect(forward.namespace).toBe(namespace);
    const service = findObject(objects, 'Service', forward.service);
    const ports = (service.spec as { ports: { port: number }[] }).ports.map((port) => port.port);
    expect(ports, `svc/${forward.service}`).toContain(forward.remotePort);
  }
}

describe.each([HELM_V4])('NOTES.txt after install ($label)', () => {
  beforeAll(() => {
    chartWithDependencies();
  });

  it('without Grafana: port-forwards to the rendered log-service and Tempo Services, a request, the trace in Tempo, the check', () => {
    const { notes, objects } = installed(['--namespace', 'observability']);
    const forwards = portForwards(notes);
    expect(forwards.map((forward) => `${forward.localPort}:${forward.remotePort}`)).toEqual(['8080:8080', '3200:3200']);
    expectServicesExist(forwards, objects, 'observability');
    expect(notes).toContain("curl -si http://localhost:8080/info | grep -i '^x-trace-id'");
    expect(notes).toContain('curl -s http://localhost:3200/api/v2/traces/<trace id>');
    expect(notes).toContain('helm test tracing-lab -n observability --logs');
    expect(notes).not.toContain('http://localhost:3000');
  });

  it('with Grafana: also its Service on 3000:80, its URL, the admin Secret and how to open the trace in Explore', () => {
    const { notes, objects } = installed(['--namespace', 'observability', '--set', 'grafana.enabled=true']);
    const forwards = portForwards(notes);
    expect(forwards.map((forward) => `${forward.localPort}:${forward.remotePort}`)).toEqual(['8080:8080', '3200:3200', '3000:80']);
    expectServicesExist(forwards, objects, 'observability');
    expect(notes).toContain('Grafana: http://localhost:3000');
    const secret = /get secret (\S+) -o jsonpath='\{\.data\.admin-password\}'/.exec(notes)?.[1];
    expect((findObject(objects, 'Secret', secret ?? '').data as Record<string, string>)['admin-password']).toBeTruthy();
    expect(notes).toContain(`get secret ${secret} -o jsonpath='{.data.admin-user}'`);
    expect(notes).toContain('Explore > data source "Tempo"');
    expect(notes).toContain('{ resource.service.name = "log-service" }');
  });

  it('with Grafana and your own admin Secret: names the Secret and the keys Grafana reads its login from', () => {
    const args = ['--set', 'grafana.enabled=true', '--set', 'grafana.admin.existingSecret=grafana-admin', '--set', 'grafana.admin.passwordKey=password', '--set', 'grafana.admin.userKey=user'];
    const { notes, objects } = installed(args);
    // What the Grafana chart itself hands Grafana: the secretKeyRefs of its admin variables.
    const grafana = (findObject(objects, 'Deployment', 'grafana').spec as { template: { spec: { containers: { name: string; env?: { name: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[] }[] } } }).template.spec.containers.find((container) => container.name === 'grafana');
    const secretRef = (variable: string) => grafana?.env?.find((entry) => entry.name === variable)?.valueFrom?.secretKeyRef;
    expect(secretRef('GF_SECURITY_ADMIN_PASSWORD')).toEqual({ name: 'grafana-admin', key: 'password' });
    expect(secretRef('GF_SECURITY_ADMIN_USER')).toEqual({ name: 'grafana-admin', key: 'user' });
    expect(notes).toContain("kubectl -n default get secret grafana-admin -o jsonpath='{.data.password}' | base64 -d");
    expect(notes).toContain("kubectl -n default get secret grafana-admin -o jsonpath='{.data.user}' | base64 -d");
    expect(objects.filter((object) => object.kind === 'Secret')).toEqual([]);
  });

  it('names the Services the dependency charts render under another release name and without name overrides', () => {
    const args = ['--namespace', 'lab', '--set', 'grafana.enabled=true', '--set', 'tempo.fullnameOverride=', '--set', 'grafana.fullnameOverride='];
    for (const release of ['demo', 'grafana-lab']) {
      const { notes, objects } = installed(args, release);
      const forwards = portForwards(notes);
      expect(forwards).toHaveLength(3);
      expectServicesExist(forwards, objects, 'lab');
    }
  });

  it('points at the configured OTLP endpoint when Tempo is not installed', () => {
    const { notes } = installed(['--set', 'tempo.enabled=false', '--set', 'otel.endpoint=http://tempo.tracing:4317']);
    expect(notes).toContain('http://tempo.tracing:4317');
    expect(notes).not.toContain('svc/tempo');
  });
});
