import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { chartFiles } from '../../src/chart/chart-files';
import { writeChart } from '../../src/chart/chart-writer';
import { CHART_DEPENDENCIES } from '../../src/chart/dependencies';
import { REPO_ROOT } from './repo';

/** The real Helm CLI, built by `scripts/provision-tools.sh --helm`. */
export const HELM = resolve(REPO_ROOT, '.tools', 'bin', 'helm');

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: unknown;
}

function helm(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  if (!existsSync(HELM)) throw new Error(`helm not found at ${HELM}: run scripts/provision-tools.sh --helm`);
  const result = spawnSync(HELM, args, { encoding: 'utf8', env: { ...process.env, HELM_CACHE_HOME: join(tmpdir(), 'tracing-lab-helm-cache') } });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The name of the ConfigMap a stub dependency renders with the values it received. */
export const stubValuesConfigMap = (dependency: string): string => `stub-${dependency}-values`;

/**
 * charts/lab synthesized into a temporary directory, with a *stand-in* for each dependency in charts/.
 *
 * The real Tempo (and Grafana) charts cannot be downloaded here (their Helm repository is not reachable), so
 * these rendering tests do not render them. Each stand-in has the dependency's name and pinned version and one
 * template: a ConfigMap holding the values Helm passed to it. That keeps Helm's real dependency handling in play
 * (conditions, values scoping, `helm lint --strict` without a missing-dependency warning) and lets tests assert
 * what the subchart would receive.
 */
export function chartWithStubDependencies(): string {
  const directory = mkdtempSync(join(tmpdir(), 'tracing-lab-chart-'));
  writeChart(directory, chartFiles());
  for (const dependency of CHART_DEPENDENCIES) {
    const stub = join(directory, 'charts', dependency.name);
    mkdirSync(join(stub, 'templates'), { recursive: true });
    writeFileSync(
      join(stub, 'Chart.yaml'),
      `apiVersion: v2\nname: ${dependency.name}\nversion: ${dependency.version}\ndescription: test stand-in for the ${dependency.name} chart\n`,
    );
    writeFileSync(
      join(stub, 'templates', 'received-values.yaml'),
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${stubValuesConfigMap(dependency.name)}\ndata:\n  values.json: {{ toJson .Values | quote }}\n`,
    );
  }
  return directory;
}

export const RELEASE = 'tracing-lab';

/** `helm template` of the chart; throws with helm's stderr when it fails. */
export function helmTemplate(chart: string, args: readonly string[] = [], options: { showOnly?: string } = {}): K8sObject[] {
  const result = helm(['template', RELEASE, chart, ...args, ...(options.showOnly ? ['--show-only', options.showOnly] : [])]);
  if (result.status !== 0) throw new Error(`helm template ${args.join(' ')} failed:\n${result.stderr}`);
  return parseAllDocuments(result.stdout)
    .map((document) => {
      if (document.errors.length > 0) throw new Error(`helm template output is not valid YAML: ${document.errors[0]?.message}`);
      return document.toJS() as K8sObject | null;
    })
    .filter((object): object is K8sObject => object !== null);
}

/** `helm template` expected to fail: returns helm's error output. */
export function helmTemplateError(chart: string, args: readonly string[]): string {
  const result = helm(['template', RELEASE, chart, ...args]);
  if (result.status === 0) throw new Error(`helm template ${args.join(' ')} succeeded, expected a failure`);
  return result.stderr;
}

export function helmLint(chart: string, args: readonly string[] = []): { ok: boolean; output: string } {
  const result = helm(['lint', '--strict', chart, ...args]);
  return { ok: result.status === 0, output: result.stdout + result.stderr };
}

/** The object of a kind and name, or an error listing what was rendered. */
export function findObject(objects: readonly K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} rendered; got ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return found;
}

/** The values a stub dependency received, or undefined when its condition left it out. */
export function stubValues(objects: readonly K8sObject[], dependency: string): Record<string, unknown> | undefined {
  const configMap = objects.find((object) => object.kind === 'ConfigMap' && object.metadata.name === stubValuesConfigMap(dependency));
  if (!configMap) return undefined;
  return JSON.parse((configMap.data as Record<string, string>)['values.json'] ?? 'null') as Record<string, unknown>;
}

/** The chart's own objects (without the stand-ins). */
export function labObjects(objects: readonly K8sObject[]): K8sObject[] {
  return objects.filter((object) => !object.metadata.name.startsWith('stub-'));
}

/** NOTES.txt as `helm install --dry-run=client` prints it (no cluster needed). */
export function helmInstallNotes(chart: string, args: readonly string[] = []): string {
  const result = helm(['install', RELEASE, chart, '--dry-run=client', ...args]);
  if (result.status !== 0) throw new Error(`helm install --dry-run=client ${args.join(' ')} failed:\n${result.stderr}`);
  const notes = result.stdout.indexOf('\nNOTES:\n');
  if (notes < 0) throw new Error('helm install --dry-run=client printed no NOTES');
  return result.stdout.slice(notes + '\nNOTES:\n'.length);
}
