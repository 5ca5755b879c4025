import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './sandbox.js';

// scripts/lint-chart.sh (what `make lint` runs on charts/lab) with the REAL helm from .tools/bin: strict lint,
// and a clear note, not a failure, when the chart's dependencies have not been downloaded (the case on this
// machine, where the Grafana community Helm repository cannot be reached).

const HELM_BIN = path.join(repoRoot, '.tools/bin');
const LINT = path.join(repoRoot, 'scripts/lint-chart.sh');
const ENV = { ...process.env, PATH: `${HELM_BIN}:/usr/local/bin:/usr/bin:/bin` };
const DEPENDENCY = `dependencies:
  - name: tempo
    version: 0.1.0
    repository: https://grafana-community.github.io/helm-charts
    condition: tempo.enabled
`;

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, env: ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.error) throw result.error;
  return result;
}

describe('scripts/lint-chart.sh (real helm)', () => {
  let work: string;
  beforeAll(() => {
    expect(existsSync(path.join(HELM_BIN, 'helm')), 'helm missing: run make tools').toBe(true);
    work = mkdtempSync(path.join(tmpdir(), 'lint-chart-'));
    // A chart with one dependency, and a local stand-in for it that can be packaged offline.
    expect(run('helm', ['create', 'lab'], work).status).toBe(0);
    appendFileSync(path.join(work, 'lab/Chart.yaml'), DEPENDENCY);
    expect(run('helm', ['create', 'tempo'], work).status).toBe(0);
    const tempoChart = path.join(work, 'tempo/Chart.yaml');
    writeFileSync(tempoChart, readFileSync(tempoChart, 'utf8').replace(/^version: .*$/m, 'version: 0.1.0'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('without the dependency downloaded: says which one is missing and lints the rest strictly (passes)', () => {
    const result = run(LINT, ['lab'], work);
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stderr).toContain("lint: dependencies not downloaded into lab/charts/: tempo (run 'make deps'");
    expect(result.stdout).toContain('1 chart(s) linted, 0 chart(s) failed');
    expect(readFileSync(path.join(work, 'lab/Chart.yaml'), 'utf8')).toContain('dependencies:');
  });

  it('without the dependency downloaded: still fails on a broken template', () => {
    const broken = path.join(work, 'lab/templates/broken.yaml');
    writeFileSync(broken, 'value: {{ .Values.nothing.here }}\n');
    try {
      const result = run(LINT, ['lab'], work);
      expect(result.status).not.toBe(0);
      expect(result.stdout).toContain('nil pointer evaluating');
    } finally {
      rmSync(broken);
    }
  });

  it('with the dependency downloaded: lints the chart itself, without a note', () => {
    mkdirSync(path.join(work, 'lab/charts'), { recursive: true });
    expect(run('helm', ['package', 'tempo', '-d', 'lab/charts'], work).status).toBe(0);
    try {
      const result = run(LINT, ['lab'], work);
      expect(result.status, result.stdout + result.stderr).toBe(0);
      expect(result.stderr).not.toContain('not downloaded');
      expect(result.stdout).toContain('==> Linting lab');
    } finally {
      rmSync(path.join(work, 'lab/charts'), { recursive: true });
    }
  });

  it('says so in one line when there is no chart', () => {
    const result = run(LINT, ['no-such-chart'], work);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toBe("error: no chart at no-such-chart (no Chart.yaml); run 'make synth'\n");
  });

  it('passes on charts/lab, with everything switched on as `make lint` does', () => {
    expect(existsSync(path.join(repoRoot, 'charts/lab/Chart.yaml')), 'charts/lab missing: run make synth').toBe(true);
    for (const extra of [[], ['--set', 'grafana.enabled=true', '--set', 'traceCheck.postSync.enabled=true']]) {
      const result = run(LINT, ['charts/lab', ...extra], repoRoot);
      expect(result.status, result.stdout + result.stderr).toBe(0);
    }
  });
});
