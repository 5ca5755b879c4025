import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { chartFiles } from '../../cdk8s/src/chart/chart-files';
import { writeChart } from '../../cdk8s/src/chart/chart-writer';
import { HELM_V4 } from './helm';
import { REPO_ROOT } from '../repo-root';

/**
 * charts/lab as `make synth` writes it, with its REAL dependency charts in charts/ — what `make deps`
 * (`helm dependency build`) leaves there. The archives come from the first of these that has them all:
 *   1. the folder named by CHART_DEPS_DIR;
 *   2. ../shared/charts next to the repository (test data, never committed here);
 *   3. `helm dependency build` (needs the charts' Helm repository).
 * When none has them the suite fails, saying what each said; it never falls back to stand-ins.
 */

/** The folder tried second. */
const SHARED_CHARTS_DIR = resolve(REPO_ROOT, '..', 'shared', 'charts');

interface Dependency {
  name: string;
  version: string;
  repository: string;
}

const chartYaml = (chart: string) => parse(readFileSync(join(chart, 'Chart.yaml'), 'utf8')) as { name: string; dependencies?: Dependency[] };

/** The dependencies of a chart's Chart.yaml and the archive name each has in charts/ (`<name>-<version>.tgz`). */
export function dependencyArchives(chart: string): { dependency: Dependency; archive: string }[] {
  return (chartYaml(chart).dependencies ?? []).map((dependency) => ({ dependency, archive: `${dependency.name}-${dependency.version}.tgz` }));
}

/** Copies every archive from `folder` into the chart's charts/; returns why not when one is missing. */
function copyFrom(folder: string, chart: string): string | undefined {
  if (!existsSync(folder)) return `${folder} does not exist`;
  const archives = dependencyArchives(chart).map(({ archive }) => archive);
  const missing = archives.filter((archive) => !existsSync(join(folder, archive)));
  if (missing.length > 0) return `${folder} has no ${missing.join(', ')}`;
  mkdirSync(join(chart, 'charts'), { recursive: true });
  for (const archive of archives) copyFileSync(join(folder, archive), join(chart, 'charts', archive));
  return undefined;
}

/** `helm dependency build` with the user's own Helm repositories and cache, as `make deps` runs it. */
function dependencyBuild(chart: string): string | undefined {
  const result = HELM_V4.run(['dependency', 'build', chart], {});
  if (result.status === 0) return undefined;
  return (result.stdout + result.stderr).trim().replaceAll('\n', '\n       ') || `exit ${result.status}`;
}

/** Where the archives are looked for first and second (the third place is `helm dependency build`). */
export interface ArchiveFolders {
  /** CHART_DEPS_DIR, or undefined when not set. */
  readonly chartDepsDir: string | undefined;
  readonly sharedChartsDir: string;
}
const ARCHIVE_FOLDERS: ArchiveFolders = { chartDepsDir: process.env.CHART_DEPS_DIR || undefined, sharedChartsDir: SHARED_CHARTS_DIR };

/**
 * Puts the real dependency archives into the chart's charts/ and returns where they came from, or throws naming
 * the three places tried.
 */
export function addDependencies(chart: string, folders: ArchiveFolders = ARCHIVE_FOLDERS): string {
  const attempts: string[] = [];
  const { chartDepsDir, sharedChartsDir } = folders;
  const sources: [string, () => string | undefined][] = [
    ['CHART_DEPS_DIR', () => (chartDepsDir ? copyFrom(resolve(chartDepsDir), chart) : 'not set')],
    ['../shared/charts', () => copyFrom(sharedChartsDir, chart)],
    ['helm dependency build', () => dependencyBuild(chart)],
  ];
  for (const [name, source] of sources) {
    const failure = source();
    if (failure === undefined) {
      checkDependencies(chart, name);
      return name;
    }
    attempts.push(`  ${attempts.length + 1}. ${name}: ${failure}`);
  }
  const wanted = dependencyArchives(chart).map(({ archive, dependency }) => `${archive} (${dependency.repository})`);
  throw new Error(
    [
      `The chart tests render the chart ${chartYaml(chart).name} with its real dependency charts, ${wanted.join(', ')}; none of these had them:`,
      ...attempts,
      'Set CHART_DEPS_DIR to a folder holding those archives, or run where the Helm repository is reachable.',
    ].join('\n'),
  );
}

/** Helm's own view: every dependency present at its pinned version (`helm dependency list` status "ok"). */
function checkDependencies(chart: string, source: string): void {
  const listed = HELM_V4.run(['dependency', 'list', chart]);
  const notOk = listed.stdout
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((columns) => columns.length >= 4 && columns.at(-1) !== 'ok');
  if (listed.status !== 0 || notOk.length > 0) {
    throw new Error(`the dependency charts from ${source} do not match Chart.yaml (helm dependency list):\n${listed.stdout}${listed.stderr}`);
  }
}

const synthesized: string[] = [];
process.on('exit', () => {
  for (const directory of synthesized) rmSync(directory, { recursive: true, force: true });
});

/** A freshly synthesized charts/lab in a temporary folder named `lab`, like the real one; removed on exit. */
export function synthesizedChart(): string {
  const directory = mkdtempSync(join(tmpdir(), 'tracing-lab-chart-'));
  synthesized.push(directory);
  const chart = join(directory, 'lab');
  writeChart(chart, chartFiles());
  return chart;
}

let shared: { chart: string } | { error: unknown } | undefined;

/**
 * A freshly synthesized charts/lab with its real dependencies. Made once per test process and shared (as is a
 * failure to find the dependencies): do not modify it.
 */
export function chartWithDependencies(): string {
  if (!shared) {
    try {
      const chart = synthesizedChart();
      addDependencies(chart);
      shared = { chart };
    } catch (error) {
      shared = { error };
    }
  }
  if ('error' in shared) throw shared.error;
  return shared.chart;
}
