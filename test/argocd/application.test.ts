import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import { Ajv, type AnySchema } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';

// argocd/application.yaml against the Argo CD CRD model, its Helm values against the chart's
// values.schema.json (merged over values.yaml, as Helm does), and rendered with the real helm to show that
// those values switch on the PostSync trace check.

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const CHART = path.join(repoRoot, 'charts/lab');
const PLACEHOLDER_REPO = 'https://github.com/YOUR-ORG/tracing-lab.git';

type Values = Record<string, unknown>;
const application = parse(readFileSync(path.join(repoRoot, 'argocd/application.yaml'), 'utf8'));
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
      helm: { releaseName: 'tracing-lab', valuesObject: { traceCheck: { postSync: { enabled: true } } } },
    });
    expect(application.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'monitoring' });
  });

  it('syncs automatically with prune and self-heal, creating the namespace, server-side apply', () => {
    expect(application.spec.syncPolicy).toEqual({
      automated: { prune: true, selfHeal: true },
      syncOptions: ['CreateNamespace=true', 'ServerSideApply=true'],
    });
  });

  it('README tells how to replace the placeholder repository URL', () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    expect(readme).toContain(PLACEHOLDER_REPO);
    expect(readme).toContain('argocd/application.yaml');
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

  describe('rendered by the real helm (chart copy without its undownloadable dependencies)', () => {
    let work: string;
    let copy: string;
    const helmEnv = { ...process.env, PATH: `${path.join(repoRoot, '.tools/bin')}:/usr/local/bin:/usr/bin:/bin` };

    function render(extraArgs: string[]): Values[] {
      const result = spawnSync('helm', ['template', 'tracing-lab', copy, '-n', 'monitoring', ...extraArgs], {
        env: helmEnv,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      expect(result.status, result.stderr).toBe(0);
      return parseAllDocuments(result.stdout)
        .map((doc) => doc.toJS() as Values | null)
        .filter((doc): doc is Values => doc !== null);
    }

    function postSyncHooks(objects: Values[]): Values[] {
      return objects.filter((object) => {
        const metadata = object.metadata as { annotations?: Record<string, string> } | undefined;
        return metadata?.annotations?.['argocd.argoproj.io/hook'] === 'PostSync';
      });
    }

    beforeAll(() => {
      work = mkdtempSync(path.join(tmpdir(), 'argocd-render-'));
      const copied = spawnSync(path.join(repoRoot, 'scripts/chart-without-deps.sh'), [CHART, work], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      expect(copied.status, copied.stderr).toBe(0);
      copy = copied.stdout.trim();
      writeFileSync(path.join(work, 'argocd-values.json'), JSON.stringify(valuesObject));
    });
    afterAll(() => rmSync(work, { recursive: true, force: true }));

    it('with them, the chart renders the PostSync trace-check Job; without them, it does not', () => {
      const hooks = postSyncHooks(render(['-f', path.join(work, 'argocd-values.json')]));
      expect(hooks.map((hook) => hook.kind)).toEqual(['Job']);
      expect(postSyncHooks(render([]))).toEqual([]);
    });
  });
});
