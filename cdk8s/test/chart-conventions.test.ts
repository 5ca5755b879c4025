import { ECHO_SERVICE, LOG_SERVICE } from '@tracing-lab/contract';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isMap, isScalar, parseAllDocuments, Scalar, type Document } from 'yaml';
import { chartFiles } from '../src/chart/chart-files';
import { GRAFANA_DATASOURCE_CONFIGMAP, GRAFANA_DATASOURCE_FILE } from '../src/constructs/grafana-datasource';
import { SERVICE_GRAPH_VALUES_FILE } from '../src/values/service-graph';
import { chartWithDependencies } from '../../test-support/chart/chart-with-dependencies';
import { findObject, HELM_V4, ownObjects, sourceOf, type K8sObject } from '../../test-support/chart/helm';

// What a Helm user reads in `helm template`, Argo CD's diff and `kubectl get -o yaml`: standard selectors, labels
// from one named template, the datasource file as YAML, and no fields that only restate Kubernetes defaults.

const EVERYTHING_ON = ['--set', 'grafana.enabled=true', '--set', 'traceCheck.postSync.enabled=true', '--set', 'networkPolicy.enabled=true'];
// An all-digit release name: labels must still render as strings.
const RELEASE = '2026';

type Labels = Record<string, string>;
const podTemplateLabels = (object: K8sObject): Labels | undefined =>
  (object.spec as { template?: { metadata?: { labels?: Labels } } } | undefined)?.template?.metadata?.labels;

/** Every map key anywhere in a value, with its path. */
function keysOf(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => keysOf(item, `${path}[${index}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => [`${path}.${key}`, ...keysOf(item, `${path}.${key}`)]);
}

describe('chart conventions', () => {
  let objects: K8sObject[];
  beforeAll(() => {
    // With the service graph too, so its Prometheus datasource ConfigMap is held to the same conventions.
    const chart = chartWithDependencies();
    objects = ownObjects(HELM_V4.template(chart, [...EVERYTHING_ON, '-f', join(chart, SERVICE_GRAPH_VALUES_FILE)], { release: RELEASE }));
  });

  it('Deployments select exactly on app.kubernetes.io/name + instance, and their pods carry those labels', () => {
    const deployments = objects.filter((object) => object.kind === 'Deployment');
    expect(deployments.map((deployment) => deployment.metadata.name).sort()).toEqual([ECHO_SERVICE, LOG_SERVICE]);
    for (const deployment of deployments) {
      const selector = (deployment.spec as { selector: { matchLabels: Labels; matchExpressions?: unknown } }).selector;
      expect(selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': deployment.metadata.name, 'app.kubernetes.io/instance': RELEASE } });
      expect(podTemplateLabels(deployment)).toMatchObject(selector.matchLabels);
    }
  });

  it('each Service selects exactly the pods of its Deployment', () => {
    for (const service of objects.filter((object) => object.kind === 'Service')) {
      const deployment = findObject(objects, 'Deployment', service.metadata.name);
      expect((service.spec as { selector: Labels }).selector).toEqual((deployment.spec as { selector: { matchLabels: Labels } }).selector.matchLabels);
    }
  });

  it('labels every object and pod template with the same recommended set, as strings', () => {
    const expectedKeys = [
      'app.kubernetes.io/component',
      'app.kubernetes.io/instance',
      'app.kubernetes.io/managed-by',
      'app.kubernetes.io/name',
      'app.kubernetes.io/part-of',
      'app.kubernetes.io/version',
      'helm.sh/chart',
    ];
    for (const object of objects) {
      const sets = [object.metadata.labels, podTemplateLabels(object)].filter((labels): labels is Labels => labels !== undefined);
      for (const labels of sets) {
        const extra = object.kind === 'ConfigMap' ? ['grafana_datasource'] : [];
        expect(Object.keys(labels).sort(), `${object.kind}/${object.metadata.name}`).toEqual([...expectedKeys, ...extra].sort());
        for (const value of Object.values(labels)) expect(typeof value).toBe('string');
        expect(labels['app.kubernetes.io/instance']).toBe(RELEASE);
      }
    }
  });

  it('writes the labels in one place: only _labels.tpl names app.kubernetes.io/ keys', () => {
    const naming = [...chartFiles()].filter(([path, text]) => path.startsWith('templates/') && text.includes('app.kubernetes.io/')).map(([path]) => path);
    expect(naming).toEqual(['templates/_labels.tpl']);
  });

  it('opens every named template with its usage line, and defines each name once across the _*.tpl files', () => {
    const files = [...chartFiles()].filter(([path]) => /^templates\/_[^/]+\.tpl$/.test(path));
    expect(files.length).toBeGreaterThan(1);
    const defined: string[] = [];
    for (const [path, text] of files) {
      const defines = [...text.matchAll(/\{\{- define "([^"]+)" -\}\}/g)];
      expect(defines.length, path).toBeGreaterThan(0);
      for (const define of defines) {
        const name = define[1]!;
        const before = text.slice(0, define.index);
        // The comment right before the define, whose first line shows the call.
        const comment = before.slice(before.lastIndexOf('{{/*'));
        expect(comment.endsWith('*/}}\n') && !comment.includes('{{- define'), `${path}: ${name} has no comment of its own`).toBe(true);
        expect(comment.split('\n')[1], `${path}: ${name}`).toMatch(new RegExp(`^Usage: \\{\\{ include ${JSON.stringify(name)} .+ \\}\\}$`));
        defined.push(name);
      }
    }
    // Helm keeps the last of two defines of one name, silently: each name must be defined once.
    expect(defined.length).toBe(new Set(defined).size);
  });

  it("writes the hooks, and only they, under templates/tests/ (Helm's folder for what checks a release)", () => {
    const isHook = (object: K8sObject) => Object.keys(object.metadata.annotations ?? {}).some((key) => key === 'helm.sh/hook' || key === 'argocd.argoproj.io/hook');
    const hooks = objects.filter(isHook).map((object) => `${object.kind}/${object.metadata.name}`);
    expect(hooks.sort()).toEqual(['Job/trace-check-post-sync', 'Pod/trace-check-helm-test']);
    for (const object of objects) {
      expect(sourceOf(object).startsWith('lab/templates/tests/'), `${object.kind}/${object.metadata.name} from ${sourceOf(object)}`).toBe(isHook(object));
    }
  });

  it('has no cdk8s.io/ key anywhere in the rendered chart', () => {
    const keys = objects.flatMap((object) => keysOf(object).map((key) => `${object.kind}/${object.metadata.name}${key}`));
    expect(keys.length).toBeGreaterThan(100);
    expect(keys.filter((key) => key.includes('cdk8s.io/'))).toEqual([]);
  });

  it('leaves out fields that only restate Kubernetes defaults', () => {
    const restated = ['immutable', 'minReadySeconds', 'progressDeadlineSeconds', 'strategy', 'dnsPolicy', 'hostNetwork', 'setHostnameAsFQDN',
      'terminationGracePeriodSeconds', 'fsGroupChangePolicy', 'privileged', 'scheme', 'externalIPs'];
    const found = objects.flatMap((object) => keysOf(object).filter((key) => restated.includes(key.split('.').at(-1) ?? '')).map((key) => `${object.kind}/${object.metadata.name}${key}`));
    expect(found).toEqual([]);
    // ...but keeps what is not a default: the hook Pod and Job never restart.
    expect((findObject(objects, 'Pod', 'trace-check-helm-test').spec as { restartPolicy: string }).restartPolicy).toBe('Never');
  });

  it('embeds the Grafana provisioning file as a YAML block scalar that parses as the datasource', () => {
    const rendered = HELM_V4.run(['template', RELEASE, chartWithDependencies(), '--show-only', `templates/configmap-${GRAFANA_DATASOURCE_CONFIGMAP}.yaml`]);
    expect(rendered.status, rendered.stderr).toBe(0);
    const [document] = parseAllDocuments(rendered.stdout) as Document.Parsed[];
    const data = document?.get('data');
    const file = isMap(data) ? data.get(GRAFANA_DATASOURCE_FILE, true) : undefined;
    expect(isScalar(file) && file.type).toBe(Scalar.BLOCK_LITERAL);
    const parsed = parseAllDocuments(String(isScalar(file) ? file.value : ''))[0]?.toJS() as { datasources: { type: string; uid: string }[] };
    expect(parsed.datasources).toEqual([expect.objectContaining({ type: 'tempo', uid: 'tempo' })]);
  });
});
