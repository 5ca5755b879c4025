import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDependencies, chartWithDependencies, dependencyArchives, synthesizedChart } from '../../test-support/chart/chart-with-dependencies';

// The test support that gives every chart suite charts/lab with its REAL dependency charts: where it looks, in
// which order, and that it fails — never skips — when none of the three places has them.

describe('the real dependency charts for the chart tests', () => {
  let work: string;
  /** A folder holding the real archives (from whichever place this run found them). */
  let archives: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'tracing-lab-deps-'));
    archives = join(chartWithDependencies(), 'charts');
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const folder = (name: string, files: string[]) => {
    const path = join(work, name);
    mkdirSync(path, { recursive: true });
    for (const file of files) copyFileSync(join(archives, file), join(path, file));
    return path;
  };
  const archiveNames = (chart: string) => dependencyArchives(chart).map(({ archive }) => archive);

  it('come from CHART_DEPS_DIR first, else from ../shared/charts', () => {
    const names = archiveNames(synthesizedChart());
    const complete = folder('complete', names);
    const partial = folder('partial', names.slice(1));
    expect(addDependencies(synthesizedChart(), { chartDepsDir: complete, sharedChartsDir: join(work, 'absent') })).toBe('CHART_DEPS_DIR');
    expect(addDependencies(synthesizedChart(), { chartDepsDir: partial, sharedChartsDir: complete })).toBe('../shared/charts');
    expect(addDependencies(synthesizedChart(), { chartDepsDir: undefined, sharedChartsDir: complete })).toBe('../shared/charts');
  });

  it('are checked by helm: an archive that is not the dependency it is named after is refused', () => {
    const names = archiveNames(synthesizedChart());
    const wrong = folder('wrong', names);
    // Every archive replaced by the content of another one.
    names.forEach((name, index) => copyFileSync(join(archives, names[(index + 1) % names.length]!), join(wrong, name)));
    expect(() => addDependencies(synthesizedChart(), { chartDepsDir: wrong, sharedChartsDir: join(work, 'absent') })).toThrow(
      /from CHART_DEPS_DIR do not match Chart\.yaml/,
    );
  });

  it('missing from all three places: an error naming each place and what it said', () => {
    // Archive names come from Chart.yaml (<name>-<version>.tgz). A chart whose one dependency lives in a repository that cannot exist (.invalid never resolves).
    const chart = join(work, 'probe');
    mkdirSync(chart, { recursive: true });
    writeFileSync(
      join(chart, 'Chart.yaml'),
      'apiVersion: v2\nname: probe\nversion: 0.1.0\ndependencies:\n  - name: absent\n    version: 1.0.0\n    repository: https://charts.invalid\n',
    );
    const empty = folder('empty', []);
    let message = '';
    try {
      addDependencies(chart, { chartDepsDir: empty, sharedChartsDir: join(work, 'absent') });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('absent-1.0.0.tgz (https://charts.invalid)');
    expect(message).toContain(`1. CHART_DEPS_DIR: ${empty} has no absent-1.0.0.tgz`);
    expect(message).toContain(`2. ../shared/charts: ${join(work, 'absent')} does not exist`);
    expect(message).toMatch(/3\. helm dependency build: .*charts\.invalid/s);
    expect(message).toContain('Set CHART_DEPS_DIR');
  });
});
