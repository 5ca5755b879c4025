import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import { Ajv, type AnySchema } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { chartWithDependencies } from '../../test-support/chart/chart-with-dependencies';
import { HELM_MAJORS, type K8sObject } from '../../test-support/chart/helm';
import { validateKubernetesObject } from '../../test-support/chart/kubernetes-schema';
import { REPO_ROOT } from '../../test-support/repo-root';

// argocd/application.yaml against the Argo CD CRD model, its Helm values against the chart's
// values.schema.json (merged over values.yaml, as Helm does), and rendered as Argo CD renders it — `helm
// template` with the Application's release name, namespace, values and skipTests, by the real helm (both majors:
// Argo CD 3.4 ships Helm 3.19, 3.5 Helm 4) on charts/lab with its real dependency charts.

const CHART = path.join(REPO_ROOT, 'charts/lab');
const PLACEHOLDER_REPO = 'https://github.com/YOUR-ORG/tracing-lab.git';

type Values = Record<string, unknown>;
const application = parse(readFileSync(path.join(REPO_ROOT, 'argocd/application.yaml'), 'utf8'));
const valuesObject: Values = application.spec.source.helm.valuesObject;

function isMap(value: unknown): value is Values {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Helm's coalescing of user values over chart defaults: maps merge, anything else replaces, null deletes. */
function mergeValues(defaults: Values, overrides: Values): Values {
  const merged: Values = { ...defaults };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === null) delete merged[key];
    else if (isMap(value) && isMap(merged[key])) merged[key] = mergeValues(merged[key], value);
    else merged[key] = value;
  }
  return merged;
}

function schemaValidator() {
  const schemaFile = path.join(CHART, 'values.schema.json');
  expect(existsSync(schemaFile), 'charts/lab/values.schema.json missing: run make synth').toBe(true);
  const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as AnySchema & { $schema?: string };
  const ajv = String(schema.$schema ?? '').includes('2020-12') ? new Ajv2020({ allErrors: true }) : new Ajv({ allErrors: true });
  addFormats.default(ajv);
  return ajv.compile(schema);
}

describe('argocd/application.yaml', () => {
  it('is a valid Argo CD Application (CRD model)', () => {
    expect(() => new Application(application).validate()).not.toThrow();
  });

  it('the model check has teeth: a wrongly typed or missing field is rejected', () => {
    const wrongType = structuredClone(application);
    wrongType.spec.syncPolicy.automated.prune = 'yes';
    expect(() => new Application(wrongType).validate()).toThrow(/prune must be boolean/);
    const noDestination = structuredClone(application);
    delete noDestination.spec.destination;
    expect(() => new Application(noDestination).validate()).toThrow(/destination/);
  });

  it('syncs charts/lab from this repository (URL to be replaced) as release tracing-lab into monitoring', () => {
    expect(application.metadata).toMatchObject({ name: 'tracing-lab', namespace: 'argocd' });
    expect(application.spec.source).toEqual({
      repoURL: PLACEHOLDER_REPO,
      targetRevision: 'main',
      path: 'charts/lab',
      helm: { releaseName: 'tracing-lab', skipTests: true, valuesObject: { traceCheck: { postSync: { enabled: true } } } },
    });
    expect(application.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'monitoring' });
  });

  it('syncs automatically with prune and self-heal, creating the namespace, server-side apply', () => {
    expect(application.spec.syncPolicy).toEqual({
      automated: { prune: true, selfHeal: true },
      syncOptions: ['CreateNamespace=true', 'ServerSideApply=true'],
    });
  });

  it('docs/argocd.md tells how to replace the placeholder repository URL and the branch', () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'docs', 'argocd.md'), 'utf8');
    expect(readme).toContain(PLACEHOLDER_REPO);
    expect(readme).toContain('argocd/application.yaml');
    expect(readme).toMatch(/targetRevision/);
  });
});

describe('the Application’s Helm values against charts/lab', () => {
  let defaults: Values;
  beforeAll(() => {
    defaults = parse(readFileSync(path.join(CHART, 'values.yaml'), 'utf8')) as Values;
  });

  it('merged over values.yaml, they satisfy values.schema.json', () => {
    const validate = schemaValidator();
    const ok = validate(mergeValues(defaults, valuesObject));
    expect(validate.errors ?? [], 'schema errors').toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check has teeth: a misspelt key in the same place is rejected', () => {
    const validate = schemaValidator();
    expect(validate(mergeValues(defaults, { traceCheck: { postsync: { enabled: true } } }))).toBe(false);
  });
});

/** `helm template` arguments for the Application's source.helm, as Argo CD's repo server passes them. */
function argoCdHelmArgs(work: string): { release: string; args: string[] } {
  const { releaseName, valuesObject: values, skipTests, ...unknown } = application.spec.source.helm as Values;
  // A new key in source.helm must be translated here, or this render would not be Argo CD's.
  expect(Object.keys(unknown), 'source.helm keys this test does not pass to helm').toEqual([]);
  const valuesFile = path.join(work, 'argocd-values.json');
  writeFileSync(valuesFile, JSON.stringify(values));
  return {
    release: String(releaseName),
    args: ['--namespace', application.spec.destination.namespace, '-f', valuesFile, ...(skipTests === true ? ['--skip-tests'] : [])],
  };
}

const annotation = (object: K8sObject, key: string) => object.metadata.annotations?.[key];

describe.each(HELM_MAJORS)('charts/lab rendered as the Application asks, with its real dependencies ($label)', (helm) => {
  let work: string;
  let chart: string;
  let objects: K8sObject[];
  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'argocd-render-'));
    chart = chartWithDependencies();
    const { release, args } = argoCdHelmArgs(work);
    objects = helm.template(chart, args, { release });
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('renders the trace check as a PostSync Job, replaced before each run', () => {
    const hooks = objects.filter((object) => annotation(object, 'argocd.argoproj.io/hook') === 'PostSync');
    expect(hooks.map((hook) => hook.kind)).toEqual(['Job']);
    expect(annotation(hooks[0]!, 'argocd.argoproj.io/hook-delete-policy')).toBe('BeforeHookCreation');
  });

  it('renders no helm test hook (skipTests): Argo CD would never apply it', () => {
    const helmHooks = objects.filter((object) => annotation(object, 'helm.sh/hook') !== undefined);
    expect(helmHooks.filter((object) => annotation(object, 'helm.sh/hook')!.split(',').includes('test'))).toEqual([]);
    // The one Helm hook is the PostSync Job, whose own Argo CD annotation makes Argo CD ignore its Helm hook annotation.
    expect(helmHooks.map((object) => `${object.kind}/${object.metadata.name}`)).toEqual(['Job/trace-check-post-sync']);
    expect(annotation(helmHooks[0]!, 'argocd.argoproj.io/hook')).toBe('PostSync');
  });

  it('every object Argo CD would apply validates against the Kubernetes OpenAPI schema, in namespace monitoring', () => {
    for (const object of objects) {
      validateKubernetesObject(object);
      expect(object.metadata.namespace, `${object.kind}/${object.metadata.name}`).toBe(application.spec.destination.namespace);
    }
  });

  it('without the Application’s values, the chart renders no PostSync hook', () => {
    const plain = helm.template(chart, ['--namespace', application.spec.destination.namespace]);
    expect(plain.filter((object) => annotation(object, 'argocd.argoproj.io/hook') !== undefined)).toEqual([]);
  });
});
