import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chartFiles } from '../src/chart/chart-files';
import { HELM_DEPENDENCY_OUTPUTS, writeChart } from '../src/chart/chart-writer';
import { makefileDefaults, MAKEFILE_DEFAULTS_FILE } from '../src/chart/makefile-defaults';
import { REPO_ROOT } from '../../test-support/repo-root';
import { COMMITTED_CHART } from '../../test-support/chart/committed-chart';

function readTree(directory: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(directory, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = relative(directory, join(entry.parentPath, entry.name)).split(sep).join('/');
    if ((HELM_DEPENDENCY_OUTPUTS as readonly string[]).includes(path.split('/')[0] ?? '')) continue;
    files.set(path, readFileSync(join(directory, path), 'utf8'));
  }
  return new Map([...files].sort(([a], [b]) => a.localeCompare(b)));
}

function synthesizeInto(directory: string): Map<string, string> {
  writeChart(directory, chartFiles());
  return readTree(directory);
}

describe('synthesis', () => {
  it('is deterministic: two syntheses write identical files', () => {
    const first = synthesizeInto(mkdtempSync(join(tmpdir(), 'tracing-lab-synth-a-')));
    const second = synthesizeInto(mkdtempSync(join(tmpdir(), 'tracing-lab-synth-b-')));
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [path, text] of first) expect(second.get(path), path).toBe(text);
  });

  it('matches the committed charts/lab (run `make synth` and commit when this fails)', () => {
    const fresh = synthesizeInto(mkdtempSync(join(tmpdir(), 'tracing-lab-synth-')));
    const committed = readTree(COMMITTED_CHART);
    expect([...committed.keys()]).toEqual([...fresh.keys()]);
    for (const [path, text] of fresh) expect(committed.get(path), `charts/lab/${path} differs from a fresh synth`).toBe(text);
  });

  it('matches the committed chart-defaults.mk, the chart defaults the Makefile includes (run `make synth` and commit when this fails)', () => {
    expect(readFileSync(join(REPO_ROOT, MAKEFILE_DEFAULTS_FILE), 'utf8')).toBe(makefileDefaults());
  });

  it('names `make synth` at the top of every generated file', () => {
    for (const [path, text] of chartFiles()) {
      const head = text.split('\n').slice(0, 2).join('\n');
      expect(head, path).toContain('make synth');
    }
  });

  it('removes stale files and keeps what helm dependency build owns', () => {
    const directory = mkdtempSync(join(tmpdir(), 'tracing-lab-stale-'));
    mkdirSync(join(directory, 'templates'), { recursive: true });
    mkdirSync(join(directory, 'charts'), { recursive: true });
    mkdirSync(join(directory, 'old'), { recursive: true });
    writeFileSync(join(directory, 'templates', 'deployment-renamed.yaml'), 'stale');
    writeFileSync(join(directory, 'old', 'file.txt'), 'stale');
    writeFileSync(join(directory, 'charts', 'tempo-2.2.4.tgz'), 'archive');
    writeFileSync(join(directory, 'Chart.lock'), 'lock');

    const result = writeChart(directory, chartFiles());

    expect(result.removed.sort()).toEqual(['old/file.txt', 'templates/deployment-renamed.yaml']);
    expect(existsSync(join(directory, 'old'))).toBe(false);
    expect(readFileSync(join(directory, 'charts', 'tempo-2.2.4.tgz'), 'utf8')).toBe('archive');
    expect(readFileSync(join(directory, 'Chart.lock'), 'utf8')).toBe('lock');
    expect(writeChart(directory, chartFiles())).toEqual({ written: [], removed: [] });
  });
});
