import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SERVICE_GRAPH_VALUES_FILE } from '../src/values/service-graph';
import { chartWithDependencies } from '../../test-support/chart/chart-with-dependencies';
import { findObject, HELM_MAJORS, ownObjects, type K8sObject } from '../../test-support/chart/helm';
import { stringsIn, urlsIn } from '../../test-support/chart/object-strings';
import { envValue, firstContainer, flagValue } from '../../test-support/chart/workloads';

// The URLs a user sets reach the objects that use them, each only those: rendered by each Helm major with the real
// dependency charts, every URL value set at once to a different address (so one landing in another's place shows),
// with Grafana, the PostSync check and the service graph with a Prometheus of the user's own.
const USER_URLS = {
  'otel.endpoint': 'http://otel-collector.telemetry.svc.cluster.local:4317',
  'grafanaDatasource.url': 'http://tempo-gateway.tracing.svc:3200/grafana',
  'traceCheck.tempoUrl': 'http://tempo-gateway.tracing.svc:3201/check',
  'serviceGraph.prometheus.url': 'http://kps-prometheus.metrics.svc:9090',
} as const;

interface Datasource {
  type: string;
  url: string;
}

describe.each(HELM_MAJORS)('URLs set in values reach the rendered objects ($label)', (helm) => {
  let ours: K8sObject[];
  beforeAll(() => {
    const chart = chartWithDependencies();
    const rendered = helm.template(chart, [
      '--namespace', 'lab-two',
      '--set', 'grafana.enabled=true',
      '--set', 'traceCheck.postSync.enabled=true',
      '-f', join(chart, SERVICE_GRAPH_VALUES_FILE),
      // With a Prometheus of one's own, the bundled one goes and Tempo writes to the user's (docs/service-graph.md).
      '--set', 'prometheus.enabled=false',
      '--set', `tempo.tempo.metricsGenerator.remoteWriteUrl=${USER_URLS['serviceGraph.prometheus.url']}/api/v1/write`,
      ...Object.entries(USER_URLS).flatMap(([key, url]) => ['--set', `${key}=${url}`]),
    ]);
    ours = ownObjects(rendered);
  });

  const hooks = () => [findObject(ours, 'Pod', 'trace-check-helm-test'), findObject(ours, 'Job', 'trace-check-post-sync')];

  it('otel.endpoint is both services’ OTLP endpoint', () => {
    for (const service of ['log-service', 'echo-service']) {
      expect(envValue(findObject(ours, 'Deployment', service), 'OTEL_EXPORTER_OTLP_ENDPOINT'), service).toBe(USER_URLS['otel.endpoint']);
    }
  });

  it('grafanaDatasource.url is the Tempo datasource’s URL', () => {
    const file = Object.values(findObject(ours, 'ConfigMap', 'tempo-grafana-datasource').data as Record<string, string>)[0] ?? '';
    const datasources = (parse(file) as { datasources: Datasource[] }).datasources;
    expect(datasources.filter((datasource) => datasource.type === 'tempo').map((datasource) => datasource.url)).toEqual([USER_URLS['grafanaDatasource.url']]);
  });

  it('traceCheck.tempoUrl and serviceGraph.prometheus.url are what both hooks query', () => {
    for (const hook of hooks()) {
      expect(flagValue(firstContainer(hook), '--tempo-url'), hook.kind).toBe(USER_URLS['traceCheck.tempoUrl']);
      expect(flagValue(firstContainer(hook), '--prometheus-url'), hook.kind).toBe(USER_URLS['serviceGraph.prometheus.url']);
    }
  });

  it('no object of ours names another URL than these, the echo-service log-service calls and the log-service the check calls', () => {
    const found = new Set(ours.flatMap((object) => urlsIn(stringsIn(object).join('\n'))));
    expect([...found].sort()).toEqual(
      [...Object.values(USER_URLS), 'http://echo-service:8080', 'http://log-service.lab-two.svc.cluster.local:8080'].sort(),
    );
  });
});
