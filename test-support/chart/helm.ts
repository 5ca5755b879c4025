import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { REPO_ROOT } from '../repo-root';

/** A rendered Kubernetes object, read with plain field access. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: unknown;
}

export const RELEASE = 'tracing-lab';

const PROVISION_SCRIPT = resolve(REPO_ROOT, 'scripts', 'provision-tools.sh');

/** A pinned helm version, read from scripts/provision-tools.sh (the one place it is set). */
function pinnedVersion(variable: string): string {
  const match = new RegExp(`^${variable}=(v\\S+)$`, 'm').exec(readFileSync(PROVISION_SCRIPT, 'utf8'));
  if (!match?.[1]) throw new Error(`scripts/provision-tools.sh sets no ${variable}`);
  return match[1];
}

/** The template file that rendered each object of a `Helm.template` (from helm's `# Source:` lines). */
const SOURCES = new WeakMap<K8sObject, string>();

/**
 * The template that rendered an object, as helm's `# Source:` line names it: `lab/templates/…` for ours,
 * `lab/charts/<dependency>/templates/…` for a dependency's.
 */
export function sourceOf(object: K8sObject): string {
  const source = SOURCES.get(object);
  if (!source) throw new Error(`${object.kind}/${object.metadata.name} was not rendered by Helm.template`);
  return source;
}

/** The dependency chart that rendered an object (`tempo`, `grafana`), or undefined for the umbrella chart's own. */
export function dependencyOf(object: K8sObject): string | undefined {
  return /^[^/]+\/charts\/([^/]+)\//.exec(sourceOf(object))?.[1];
}

/** The umbrella chart's own objects (not its dependencies'). */
export const ownObjects = (objects: readonly K8sObject[]): K8sObject[] => objects.filter((object) => dependencyOf(object) === undefined);

/** The objects a dependency chart rendered. */
export const objectsOf = (objects: readonly K8sObject[], dependency: string): K8sObject[] =>
  objects.filter((object) => dependencyOf(object) === dependency);

/** The object of a kind and name, or an error listing what was rendered. */
export function findObject(objects: readonly K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} rendered; got ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return found;
}

/** The one object of a kind, or an error listing what there is instead. */
export function onlyObject(objects: readonly K8sObject[], kind: string): K8sObject {
  const found = objects.filter((object) => object.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, got ${found.map((object) => object.metadata.name).join(', ') || 'none'}`);
  return found[0]!;
}

/** `helm template` output split at helm's `---` / `# Source:` lines. */
function parseRendered(stdout: string): K8sObject[] {
  const objects: K8sObject[] = [];
  for (const part of stdout.split(/^---[ \t]*$/m)) {
    const source = /^# Source: (\S+)$/m.exec(part)?.[1];
    const document = parseDocument(part);
    if (document.errors.length > 0) throw new Error(`helm template output (${source}) is not valid YAML: ${document.errors[0]?.message}`);
    const object = document.toJS() as K8sObject | null;
    if (object === null) continue;
    if (!source) throw new Error(`helm template printed ${object.kind}/${object.metadata?.name} without a # Source: line`);
    SOURCES.set(object, source);
    objects.push(object);
  }
  return objects;
}

/**
 * helm's schema error line naming the field, `- at '<JSON pointer>': <what is wrong>` (helm v4 and v3.19 alike),
 * the first that contains `says` when given.
 */
export const schemaErrorLine = (error: string, pointer: string, says = ''): string | undefined =>
  error.split('\n').find((line) => line.trimStart().startsWith(`- at '${pointer}': `) && line.includes(says));

/**
 * The real Helm CLI of one major version, as built into .tools/bin by `scripts/provision-tools.sh --helm`
 * (`make tools`). Renders are cached per chart, release and arguments: tests share them and must not modify them.
 */
export class Helm {
  readonly path: string;
  readonly label: string;
  private checked = false;
  private readonly renders = new Map<string, K8sObject[]>();

  constructor(
    readonly version: string,
    binary: string,
  ) {
    this.path = resolve(REPO_ROOT, '.tools', 'bin', binary);
    this.label = `helm ${version}`;
  }

  /** Runs helm; a missing or other-version binary is an error naming `make tools`. */
  run(args: readonly string[], env: NodeJS.ProcessEnv = { HELM_CACHE_HOME: join(tmpdir(), 'tracing-lab-helm-cache') }) {
    if (!this.checked) {
      if (!existsSync(this.path)) throw new Error(`${this.label} not found at ${this.path}: run 'make tools' (scripts/provision-tools.sh --helm)`);
      const reported = spawnSync(this.path, ['version', '--template', '{{ .Version }}'], { encoding: 'utf8' }).stdout;
      if (reported !== this.version) throw new Error(`${this.path} is helm ${reported}, not ${this.version}: run 'make tools'`);
      this.checked = true;
    }
    const result = spawnSync(this.path, args, { encoding: 'utf8', env: { ...process.env, ...env } });
    if (result.error) throw result.error;
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  /** `helm template`; throws with helm's stderr when it fails. `fresh` renders again instead of using the cache. */
  template(chart: string, args: readonly string[] = [], options: { release?: string; fresh?: boolean } = {}): K8sObject[] {
    const release = options.release ?? RELEASE;
    const key = JSON.stringify([chart, release, args]);
    const cached = this.renders.get(key);
    if (cached && !options.fresh) return cached;
    const result = this.run(['template', release, chart, ...args]);
    if (result.status !== 0) throw new Error(`${this.label} template ${args.join(' ')} failed:\n${result.stderr}`);
    const objects = parseRendered(result.stdout);
    this.renders.set(key, objects);
    return objects;
  }

  /** `helm template` expected to fail: returns helm's error output. */
  templateError(chart: string, args: readonly string[]): string {
    const result = this.run(['template', RELEASE, chart, ...args]);
    if (result.status === 0) throw new Error(`${this.label} template ${args.join(' ')} succeeded, expected a failure`);
    return result.stderr;
  }

  lint(chart: string, args: readonly string[] = []): { ok: boolean; output: string } {
    const result = this.run(['lint', '--strict', chart, ...args]);
    return { ok: result.status === 0, output: result.stdout + result.stderr };
  }

  /** NOTES.txt as `helm install --dry-run=client` prints it (no cluster needed). */
  installNotes(chart: string, args: readonly string[] = [], release = RELEASE): string {
    const result = this.run(['install', release, chart, '--dry-run=client', ...args]);
    if (result.status !== 0) throw new Error(`${this.label} install --dry-run=client ${args.join(' ')} failed:\n${result.stderr}`);
    const notes = result.stdout.indexOf('\nNOTES:\n');
    if (notes < 0) throw new Error(`${this.label} install --dry-run=client printed no NOTES`);
    return result.stdout.slice(notes + '\nNOTES:\n'.length);
  }
}

/** Helm 4, the major `make tools` puts on PATH as `helm`. */
export const HELM_V4 = new Helm(pinnedVersion('HELM_VERSION'), 'helm');
/** Helm 3 (Argo CD 3.4 renders charts with Helm 3.19), built as `.tools/bin/helm3`. */
export const HELM_V3 = new Helm(pinnedVersion('HELM3_VERSION'), 'helm3');
/** Both majors, for `describe.each(HELM_MAJORS)('$label', …)`: the chart must lint and render alike with each. */
export const HELM_MAJORS: readonly Helm[] = [HELM_V4, HELM_V3];
