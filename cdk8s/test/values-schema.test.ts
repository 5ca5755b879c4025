import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isMap, parse, parseDocument, type Scalar } from 'yaml';
import type { SchemaNode } from '../src/values/values-json-schema';
import { defaultValues, ValuesSchema } from '../src/values/model';
import { chartWithDependencies } from './support/chart-with-dependencies';
import { HELM_MAJORS } from './support/helm';
import { validateKubernetesObject } from './support/kubernetes-schema';
import { COMMITTED_CHART } from './support/repo';

/** Bad values, the `helm template` arguments that set them, and the field helm's error must name. */
const REJECTED: { what: string; args: string[]; field: RegExp }[] = [
  { what: 'negative replicas', args: ['--set', 'logService.replicaCount=-1'], field: /logService\/replicaCount|replicaCount/ },
  { what: 'fractional replicas', args: ['--set', 'echoService.replicaCount=1.5'], field: /replicaCount/ },
  { what: 'pull policy Sometimes', args: ['--set', 'logService.image.pullPolicy=Sometimes'], field: /pullPolicy/ },
  { what: 'an unknown key', args: ['--set', 'logService.replicas=2'], field: /replicas/ },
  { what: 'an unknown top-level key', args: ['--set', 'logservice.enabled=false'], field: /logservice/ },
  { what: 'an endpoint that is not a URL', args: ['--set', 'otel.endpoint=tempo:4317'], field: /otel\/endpoint|endpoint/ },
  { what: 'an unknown sampler', args: ['--set', 'otel.sampler=sometimes'], field: /sampler/ },
  { what: 'a sampling ratio above 1', args: ['--set', 'otel.samplerArg=2'], field: /samplerArg/ },
  { what: 'an empty span queue', args: ['--set', 'otel.bsp.maxQueueSize=0'], field: /maxQueueSize/ },
  { what: 'a resource attribute value with a comma', args: ['--set-string', 'otel.resourceAttributes.team=a\\,b'], field: /resourceAttributes/ },
  { what: 'a label value with a space', args: ['--set', 'grafanaDatasource.label.value=a b'], field: /label\/value|value/ },
  { what: 'an extra variable with an invalid name', args: ['--set', 'logService.extraEnv[0].name=1 BAD'], field: /extraEnv/ },
  { what: 'a resource quantity that is not one', args: ['--set', 'logService.resources.limits.memory=lots'], field: /memory/ },
  { what: 'Tempo receivers under the singular key (silently ignored by Tempo)', args: ['--set', 'tempo.tempo.receiver.otlp.protocols.grpc.endpoint=0.0.0.0:4317'], field: /receiver/ },
  { what: 'Tempo receivers one level too high', args: ['--set', 'tempo.receivers.otlp.protocols.grpc.endpoint=0.0.0.0:4317'], field: /receivers/ },
  { what: 'an unknown trace-check request', args: ['--set', 'traceCheck.request=delete'], field: /request/ },
  { what: 'a trace-check timeout of 0', args: ['--set', 'traceCheck.timeoutSeconds=0'], field: /timeoutSeconds/ },
  { what: 'grafana.enabled that is not a boolean', args: ['--set-string', 'grafana.enabled=yes'], field: /grafana\/enabled|enabled/ },
  { what: 'a removed required key', args: ['--set', 'otel.bsp=null'], field: /bsp/ },
];

describe.each(HELM_MAJORS)('values.schema.json, applied by $label', (helm) => {
  let chart: string;
  beforeAll(() => {
    chart = chartWithDependencies();
  });

  it.each(REJECTED)('rejects $what, naming the field', ({ args, field }) => {
    const error = helm.templateError(chart, args);
    expect(error).toMatch(/schema/i);
    expect(error).toMatch(field);
  });

  it('accepts overrides within bounds, and any key under tempo: and grafana: (which the real charts render validly)', () => {
    const rendered = helm.template(chart, [
      '--set', 'logService.replicaCount=3',
      '--set', 'logService.image.tag=v1.2.3',
      '--set', 'otel.endpoint=http://otel-collector.observability:4317',
      '--set', 'otel.samplerArg=0.25',
      '--set', 'tempo.persistence.enabled=true',
      '--set', 'tempo.tempo.metricsGenerator.enabled=true',
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
