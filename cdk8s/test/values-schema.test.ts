import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isMap, parse, parseDocument, type Scalar } from 'yaml';
import type { SchemaNode } from '../src/values/values-json-schema';
import { defaultValues, ValuesSchema } from '../src/values/model';
import { chartWithDependencies } from '../../test-support/chart/chart-with-dependencies';
import { HELM_MAJORS, schemaErrorLine } from '../../test-support/chart/helm';
import { validateKubernetesObject } from '../../test-support/chart/kubernetes-schema';
import { COMMITTED_CHART } from '../../test-support/chart/committed-chart';

/**
 * Bad values, the `helm template` arguments that set them, and the line of helm's schema error that must name the
 * field: `- at '<JSON pointer of the field>': <what is wrong>` (helm v4 and v3.19 print the same).
 */
const REJECTED: { what: string; args: string[]; at: string; says: string }[] = [
  { what: 'negative replicas', args: ['--set', 'logService.replicaCount=-1'], at: '/logService/replicaCount', says: 'minimum: got -1, want 0' },
  { what: 'fractional replicas', args: ['--set', 'echoService.replicaCount=1.5'], at: '/echoService/replicaCount', says: 'want integer' },
  { what: 'pull policy Sometimes', args: ['--set', 'logService.image.pullPolicy=Sometimes'], at: '/logService/image/pullPolicy', says: "value must be one of 'IfNotPresent'" },
  { what: 'an all-digit image tag without --set-string', args: ['--set', 'logService.image.tag=20261127'], at: '/logService/image/tag', says: 'got number, want string' },
  { what: 'an unknown key', args: ['--set', 'logService.replicas=2'], at: '/logService', says: "additional properties 'replicas' not allowed" },
  { what: 'an unknown top-level key', args: ['--set', 'logservice.enabled=false'], at: '', says: "additional properties 'logservice' not allowed" },
  { what: 'an echo timeout of 0', args: ['--set', 'logService.echoTimeoutMs=0'], at: '/logService/echoTimeoutMs', says: 'minimum: got 0, want 1' },
  { what: 'an echo timeout above ten minutes', args: ['--set', 'logService.echoTimeoutMs=600001'], at: '/logService/echoTimeoutMs', says: 'want 600,000' },
  { what: 'an endpoint that is not a URL', args: ['--set', 'otel.endpoint=tempo:4317'], at: '/otel/endpoint', says: "'tempo:4317' does not match pattern" },
  { what: 'an unknown sampler', args: ['--set', 'otel.sampler=sometimes'], at: '/otel/sampler', says: "value must be one of 'always_on'" },
  { what: 'a sampling ratio above 1', args: ['--set', 'otel.samplerArg=2'], at: '/otel/samplerArg', says: 'maximum: got 2, want 1' },
  // --set passes a decimal as a string (it parses integers only): refused as the number is.
  { what: 'a sampling ratio above 1, as --set passes 1.5 (a string)', args: ['--set', 'otel.samplerArg=1.5'], at: '/otel/samplerArg', says: "'1.5' does not match pattern" },
  { what: 'a sampling ratio one step above 1, as a string', args: ['--set', 'otel.samplerArg=1.0000001'], at: '/otel/samplerArg', says: "'1.0000001' does not match pattern" },
  { what: 'a sampling ratio below 0, as a string', args: ['--set', 'otel.samplerArg=-0.1'], at: '/otel/samplerArg', says: "'-0.1' does not match pattern" },
  { what: 'a sampling ratio above 1, as a number from a values file', args: ['--set-json', 'otel.samplerArg=1.5'], at: '/otel/samplerArg', says: 'maximum: got 1.5, want 1' },
  { what: 'an empty span queue', args: ['--set', 'otel.bsp.maxQueueSize=0'], at: '/otel/bsp/maxQueueSize', says: 'minimum: got 0, want 1' },
  { what: 'a resource attribute value with a comma', args: ['--set-string', 'otel.resourceAttributes.team=a\\,b'], at: '/otel/resourceAttributes/team', says: "'a,b' does not match pattern" },
  { what: 'a label value with a space', args: ['--set', 'grafanaDatasource.label.value=a b'], at: '/grafanaDatasource/label/value', says: "'a b' does not match pattern" },
  { what: 'a datasource URL that is not one', args: ['--set', 'grafanaDatasource.url=tempo:3200'], at: '/grafanaDatasource/url', says: "'tempo:3200' does not match pattern" },
  { what: 'an extra variable with an invalid name', args: ['--set', 'logService.extraEnv[0].name=1 BAD'], at: '/logService/extraEnv/0/name', says: "'1 BAD' does not match pattern" },
  { what: 'a resource quantity that is not one', args: ['--set', 'logService.resources.limits.memory=lots'], at: '/logService/resources/limits/memory', says: "'lots' does not match pattern" },
  { what: 'an unknown trace-check request', args: ['--set', 'traceCheck.request=delete'], at: '/traceCheck/request', says: "value must be one of 'info', 'logs'" },
  { what: 'a trace-check timeout of 0', args: ['--set', 'traceCheck.timeoutSeconds=0'], at: '/traceCheck/timeoutSeconds', says: 'minimum: got 0, want 5' },
  { what: 'a trace-check Tempo URL that is not http(s)', args: ['--set', 'traceCheck.tempoUrl=ftp://tempo:3200'], at: '/traceCheck/tempoUrl', says: "'ftp://tempo:3200' does not match pattern" },
  { what: 'a Prometheus URL that is not one', args: ['--set', 'serviceGraph.prometheus.url=prometheus:9090'], at: '/serviceGraph/prometheus/url', says: "'prometheus:9090' does not match pattern" },
  { what: 'the generator switch that is not a boolean', args: ['--set-string', 'tempo.tempo.metricsGenerator.enabled=yes'], at: '/tempo/tempo/metricsGenerator/enabled', says: 'got string, want boolean' },
  { what: 'grafana.enabled that is not a boolean', args: ['--set-string', 'grafana.enabled=yes'], at: '/grafana/enabled', says: 'got string, want boolean' },
  { what: 'an error ratio above 1', args: ['--set', 'faults.echoService.errorRatio=1.5'], at: '/faults/echoService/errorRatio', says: "'1.5' does not match pattern" },
  { what: 'a negative latency', args: ['--set', 'faults.echoService.latencyMs=-1'], at: '/faults/echoService/latencyMs', says: 'minimum: got -1, want 0' },
  { what: 'a fault that does not exist', args: ['--set', 'faults.echoService.slow=true'], at: '/faults/echoService', says: "additional properties 'slow' not allowed" },
  { what: 'echo-service down that is not a boolean', args: ['--set-string', 'faults.echoService.down=yes'], at: '/faults/echoService/down', says: 'got string, want boolean' },
  { what: 'a removed required key', args: ['--set', 'otel.bsp=null'], at: '/otel', says: "missing property 'bsp'" },
];

describe.each(HELM_MAJORS)('values.schema.json, applied by $label', (helm) => {
  let chart: string;
  beforeAll(() => {
    chart = chartWithDependencies();
  });

  it.each(REJECTED)('rejects $what, naming the field', ({ args, at, says }) => {
    const error = helm.templateError(chart, args);
    expect(error).toContain("values don't meet the specifications of the schema");
    expect(schemaErrorLine(error, at, says), error).toBeDefined();
  });

  it('accepts overrides within bounds, and any key under tempo: and grafana: (which the real charts render validly)', () => {
    const rendered = helm.template(chart, [
      '--set', 'logService.replicaCount=3',
      '--set', 'logService.image.tag=v1.2.3',
      '--set', 'otel.endpoint=http://otel-collector.observability:4317',
      '--set', 'otel.samplerArg=0.25',
      '--set', 'tempo.persistence.enabled=true',
      '--set', 'tempo.tempo.retention=48h',
      '--set', 'grafana.enabled=true',
      '--set', 'grafana.adminPassword=lab',
      '--set', 'grafana.persistence.enabled=false',
    ]);
    for (const object of rendered) validateKubernetesObject(object);
  });
});

describe('the committed values.yaml', () => {
  it('agrees with the values model', () => {
    const committed = parse(readFileSync(join(COMMITTED_CHART, 'values.yaml'), 'utf8')) as unknown;
    expect(ValuesSchema.parse(committed)).toEqual(defaultValues());
    expect(committed).toEqual(defaultValues());
  });

  it('documents every key with a `# --` comment (described in values.schema.json)', () => {
    const document = parseDocument(readFileSync(join(COMMITTED_CHART, 'values.yaml'), 'utf8'));
    const schema = JSON.parse(readFileSync(join(COMMITTED_CHART, 'values.schema.json'), 'utf8')) as SchemaNode;
    let documented = 0;
    // Descends into sections (schema objects whose keys are described); a described object value such as
    // `resources` is one documented key.
    const check = (map: unknown, node: SchemaNode, prefix: string) => {
      if (!isMap(map)) return;
      map.items.forEach((pair, index) => {
        const key = `${prefix}${String((pair.key as Scalar).value)}`;
        const child = node.properties?.[String((pair.key as Scalar).value)];
        // The last comment line above the key; the parser attaches the comment above a map's first key to the map.
        const comment = (pair.key as Scalar).commentBefore ?? (index === 0 ? map.commentBefore : undefined) ?? '';
        expect(comment.split('\n').at(-1), key).toMatch(/^ -- \S/);
        documented += 1;
        const isSection = child?.properties !== undefined && Object.values(child.properties).some((grandchild) => grandchild.description);
        if (isSection && child) check(pair.value, child, `${key}.`);
      });
    };
    check(document.contents, schema, '');
    expect(documented).toBeGreaterThan(40);
  });
});
