import { ECHO_SERVICE, LOG_SERVICE } from '@tracing-lab/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { chartWithDependencies } from '../../test-support/chart/chart-with-dependencies';
import { findObject, HELM_MAJORS, ownObjects } from '../../test-support/chart/helm';
import { validateKubernetesObject } from '../../test-support/chart/kubernetes-schema';
import { envValue, firstContainer as containerOf, podTemplateOf } from '../../test-support/chart/workloads';

// charts/lab with its real dependency charts, rendered by each Helm major; these tests read our own objects.

describe.each(HELM_MAJORS)('charts/lab with overrides ($label)', (helm) => {
  let chart: string;
  beforeAll(() => {
    chart = chartWithDependencies();
  });

  const render = (args: string[]) => {
    const rendered = helm.template(chart, args);
    for (const object of rendered) validateKubernetesObject(object);
    return ownObjects(rendered);
  };

  it('takes replicas, image tag and namespace (as the Makefile passes them)', () => {
    const objects = render(['--namespace', 'observability', '--set', 'logService.replicaCount=3', '--set', 'logService.image.tag=v1.2.3', '--set', 'echoService.image.tag=v1.2.3']);
    const log = findObject(objects, 'Deployment', LOG_SERVICE);
    expect((log.spec as { replicas: number }).replicas).toBe(3);
    expect(containerOf(log).image).toBe('log-service-with-otel:v1.2.3');
    expect(containerOf(findObject(objects, 'Deployment', ECHO_SERVICE)).image).toBe('echo-service-with-otel:v1.2.3');
    expect(envValue(log, 'OTEL_EXPORTER_OTLP_ENDPOINT')).toBe('http://tempo.observability.svc.cluster.local:4317');
    for (const object of objects) expect(object.metadata.namespace).toBe('observability');
  });

  it('appends extraEnv after the chart variables and sets pod annotations and resources', () => {
    const objects = render([
      '--set', 'echoService.extraEnv[0].name=LOG_LEVEL',
      '--set', 'echoService.extraEnv[0].value=debug',
      '--set', 'echoService.podAnnotations.example\\.com/team=platform',
      '--set', 'echoService.resources.limits.memory=512Mi',
    ]);
    const echo = findObject(objects, 'Deployment', ECHO_SERVICE);
    expect(containerOf(echo).env?.at(-1)).toEqual({ name: 'LOG_LEVEL', value: 'debug' });
    expect(podTemplateOf(echo).metadata.annotations).toEqual({ 'example.com/team': 'platform' });
    expect(containerOf(echo).resources).toMatchObject({ limits: { memory: '512Mi' } });
  });

  it('writes large integers as digits, never as 1e+06', () => {
    const objects = render(['--set', 'otel.bsp.maxQueueSize=1000000', '--set', 'otel.bsp.scheduleDelayMillis=0']);
    const log = findObject(objects, 'Deployment', LOG_SERVICE);
    expect(envValue(log, 'OTEL_BSP_MAX_QUEUE_SIZE')).toBe('1000000');
    expect(envValue(log, 'OTEL_BSP_SCHEDULE_DELAY')).toBe('0');
  });

  it('uses otel.endpoint, sampler and extra resource attributes when given', () => {
    const objects = render([
      '--set', 'otel.endpoint=http://otel-collector.observability:4317',
      '--set', 'otel.sampler=parentbased_traceidratio',
      '--set', 'otel.samplerArg=0.25',
      '--set', 'otel.resourceAttributes.deployment\\.environment=lab',
    ]);
    const echo = findObject(objects, 'Deployment', ECHO_SERVICE);
    expect(envValue(echo, 'OTEL_EXPORTER_OTLP_ENDPOINT')).toBe('http://otel-collector.observability:4317');
    expect(envValue(echo, 'OTEL_TRACES_SAMPLER')).toBe('parentbased_traceidratio');
    expect(envValue(echo, 'OTEL_TRACES_SAMPLER_ARG')).toBe('0.25');
    expect(envValue(echo, 'OTEL_RESOURCE_ATTRIBUTES')).toMatch(/,deployment\.environment=lab$/);
  });

  // The ends of the sampling ratio's range, 0 and 1 (the default), and one step inside each, as --set passes them
  // (integers as numbers, decimals as strings), as --set-string and as numbers from a values file (--set-json).
  it.each([
    [['--set', 'otel.samplerArg=0'], '0'],
    [['--set', 'otel.samplerArg=1'], '1'],
    [['--set', 'otel.samplerArg=0.0'], '0.0'],
    [['--set', 'otel.samplerArg=1.0'], '1.0'],
    [['--set-string', 'otel.samplerArg=1'], '1'],
    [['--set', 'otel.samplerArg=0.0000001'], '0.0000001'],
    [['--set', 'otel.samplerArg=0.9999999'], '0.9999999'],
    [['--set-json', 'otel.samplerArg=0'], '0'],
    [['--set-json', 'otel.samplerArg=1'], '1'],
    [['--set-json', 'otel.samplerArg=0.5'], '0.5'],
    [[], '1'],
  ])('takes the sampling ratio %j and renders OTEL_TRACES_SAMPLER_ARG %s', (args, value) => {
    const objects = render(['--set', 'otel.sampler=parentbased_traceidratio', ...args]);
    for (const service of [LOG_SERVICE, ECHO_SERVICE]) expect(envValue(findObject(objects, 'Deployment', service), 'OTEL_TRACES_SAMPLER_ARG'), service).toBe(value);
  });

  it('leaves a service out when it is disabled', () => {
    const names = render(['--set', 'echoService.enabled=false']).map((object) => `${object.kind}/${object.metadata.name}`);
    expect(names).not.toContain('Deployment/echo-service');
    expect(names).not.toContain('Service/echo-service');
    expect(names).toContain('Deployment/log-service');
  });

  it('adds the trace-to-logs link only for the uid given, and uses the configured sidecar label', () => {
    const objects = render([
      '--set', 'grafanaDatasource.tracesToLogsDatasourceUid=loki',
      '--set', 'grafanaDatasource.label.key=example.com/grafana-datasource',
      '--set', 'grafanaDatasource.label.value=tempo',
    ]);
    const configMap = findObject(objects, 'ConfigMap', 'tempo-grafana-datasource');
    expect(configMap.metadata.labels?.['example.com/grafana-datasource']).toBe('tempo');
    expect(configMap.metadata.labels).not.toHaveProperty('grafana_datasource');
    const file = parse(Object.values(configMap.data as Record<string, string>)[0] ?? '') as { datasources: { jsonData: Record<string, any> }[] };
    const jsonData = file.datasources[0]?.jsonData ?? {};
    expect(jsonData.tracesToLogsV2?.datasourceUid).toBe('loki');
    // The service map and trace-to-metrics come with serviceGraph (service-graph.test.ts).
    expect(jsonData).not.toHaveProperty('serviceMap');
    expect(jsonData).not.toHaveProperty('tracesToMetrics');
  });

  it('leaves the datasource out when grafanaDatasource.enabled=false', () => {
    expect(render(['--set', 'grafanaDatasource.enabled=false']).some((object) => object.kind === 'ConfigMap')).toBe(false);
  });
});
