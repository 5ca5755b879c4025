import { ECHO_SERVICE, LOG_SERVICE } from '@tracing-lab/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { chartWithDependencies } from '../../test-support/chart/chart-with-dependencies';
import { findObject, HELM_MAJORS, objectsOf, onlyObject, ownObjects, RELEASE, type K8sObject } from '../../test-support/chart/helm';
import { firstContainer, flagValue, tempoConfig, tempoObjects, targetContainerPort as servicePortTarget, type Container, type TempoObjects } from '../../test-support/chart/workloads';

// charts/lab with the real Tempo chart, rendered by each Helm major: our services, datasource and trace check
// must name the Service the Tempo chart actually renders, on ports that lead to the receivers and the HTTP API
// configured in the tempo.yaml it actually renders. Names are read from the rendered objects.

const envValue = (container: Container, name: string) => container.env?.find((variable) => variable.name === name)?.value;
/** The container port a port of Service tempo leads to, in the Tempo pods. */
const targetContainerPort = (tempo: TempoObjects, servicePort: number) => servicePortTarget(tempo.service, tempo.statefulSet, servicePort);

/** Every URL of ours that points at Tempo, by what holds it. */
function urlsToTempo(rendered: readonly K8sObject[]): Record<string, URL> {
  const ours = ownObjects(rendered);
  const otlpEndpoint = (name: string) => envValue(firstContainer(findObject(ours, 'Deployment', name)), 'OTEL_EXPORTER_OTLP_ENDPOINT');
  const datasourceFile = Object.values(onlyObject(ours, 'ConfigMap').data as Record<string, string>)[0] ?? '';
  const urls = {
    'log-service OTEL_EXPORTER_OTLP_ENDPOINT': otlpEndpoint(LOG_SERVICE),
    'echo-service OTEL_EXPORTER_OTLP_ENDPOINT': otlpEndpoint(ECHO_SERVICE),
    'Grafana datasource url': (parse(datasourceFile) as { datasources: { url: string }[] }).datasources[0]?.url,
    'trace check --tempo-url': flagValue(firstContainer(onlyObject(ours, 'Pod')), '--tempo-url'),
  };
  return Object.fromEntries(Object.entries(urls).map(([what, url]) => [what, new URL(url ?? `missing:${what}`)]));
}

/** The port of a `host:port` listen address on all interfaces, or undefined when it listens elsewhere. */
const allInterfacesPort = (endpoint: unknown): number | undefined => {
  const match = /^0\.0\.0\.0:(\d+)$/.exec(String(endpoint));
  return match ? Number(match[1]) : undefined;
};

describe.each(HELM_MAJORS)('Tempo, the real chart, wired to ours ($label)', (helm) => {
  let chart: string;
  beforeAll(() => {
    chart = chartWithDependencies();
  });

  describe.each(['monitoring', 'observability'])('in namespace %s', (namespace) => {
    let rendered: K8sObject[];
    let tempo: TempoObjects;
    beforeAll(() => {
      rendered = helm.template(chart, ['--namespace', namespace]);
      tempo = tempoObjects(rendered);
    });

    it('Service tempo exposes 3200, 4317 and 4318, each leading to a port of the Tempo pods it selects', () => {
      expect(tempo.service.metadata.name).toBe('tempo');
      expect(tempo.service.metadata.namespace).toBe(namespace);
      for (const port of [3200, 4317, 4318]) expect(targetContainerPort(tempo, port), `Service port ${port}`).toBe(port);
    });

    it('Tempo’s rendered config receives OTLP gRPC and HTTP on 0.0.0.0 behind those ports, serves its API on 3200, reports no usage', () => {
      const config = tempoConfig(rendered, tempo);
      const protocols = config.distributor?.receivers?.otlp?.protocols;
      expect(allInterfacesPort(protocols?.grpc?.endpoint)).toBe(targetContainerPort(tempo, 4317));
      expect(allInterfacesPort(protocols?.http?.endpoint)).toBe(targetContainerPort(tempo, 4318));
      expect(config.server?.http_listen_port).toBe(targetContainerPort(tempo, 3200));
      expect(config.usage_report?.reporting_enabled).toBe(false);
    });

    it('both services export OTLP to that Service’s 4317, the Grafana datasource and the trace check read its 3200, in the release namespace', () => {
      const host = `${tempo.service.metadata.name}.${namespace}.svc.cluster.local`;
      const expectedPort = (what: string) => (what.includes('OTEL_EXPORTER_OTLP_ENDPOINT') ? 4317 : 3200);
      for (const [what, url] of Object.entries(urlsToTempo(rendered))) {
        expect(url.hostname, what).toBe(host);
        expect(Number(url.port), what).toBe(expectedPort(what));
      }
    });
  });

  it('is left out with tempo.enabled=false', () => {
    expect(objectsOf(helm.template(chart, ['--set', 'tempo.enabled=false', '--set', 'otel.endpoint=http://tempo.tracing:4317']), 'tempo')).toEqual([]);
  });

  // lab.tempoServiceName (charts/lab/templates/_names.tpl) repeats the Tempo chart's fullname rule; each case
  // checks it against the name the real chart gives its Service.
  describe.each([
    { what: 'fullnameOverride tempo (default)', release: RELEASE, args: [] },
    { what: 'fullnameOverride traces', release: RELEASE, args: ['--set', 'tempo.fullnameOverride=traces'] },
    { what: "fullnameOverride ''", release: RELEASE, args: ['--set', 'tempo.fullnameOverride='] },
    { what: "fullnameOverride ''", release: 'my-tempo', args: ['--set', 'tempo.fullnameOverride='] },
    { what: "nameOverride traces, fullnameOverride ''", release: RELEASE, args: ['--set', 'tempo.fullnameOverride=', '--set', 'tempo.nameOverride=traces'] },
    { what: "nameOverride traces, fullnameOverride ''", release: 'traces-lab', args: ['--set', 'tempo.fullnameOverride=', '--set', 'tempo.nameOverride=traces'] },
  ])('with $what (release $release)', ({ release, args }) => {
    it('the services, the datasource and the trace check name the Service the Tempo chart renders', () => {
      const rendered = helm.template(chart, ['--namespace', 'monitoring', ...args], { release });
      const host = `${tempoObjects(rendered).service.metadata.name}.monitoring.svc.cluster.local`;
      for (const [what, url] of Object.entries(urlsToTempo(rendered))) expect(url.hostname, what).toBe(host);
    });
  });
});
