import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartWithDependencies, dependencyArchives, synthesizedChart } from '../../test-support/chart/chart-with-dependencies';
import { REPO_ROOT } from '../../test-support/repo-root';

// scripts/lint-chart.sh (what `make lint` runs on charts/lab) with the REAL helm from .tools/bin, on charts/lab as
// `make synth` writes it: strict lint of the full chart when its real dependency charts are in charts/, and a
// clear note, not a failure, when they have not been downloaded (a checkout without `make deps`).

const HELM_BIN = path.join(REPO_ROOT, '.tools/bin');
const LINT = path.join(REPO_ROOT, 'scripts/lint-chart.sh');
const ENV = { ...process.env, PATH: `${HELM_BIN}:/usr/local/bin:/usr/bin:/bin` };
const EVERYTHING_ON = ['--set', 'grafana.enabled=true', '--set', 'traceCheck.postSync.enabled=true', '--set', 'networkPolicy.enabled=true'];

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
    // charts/lab without `make deps`: nothing in charts/.
    cpSync(synthesizedChart(), path.join(work, 'lab'), { recursive: true });
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('without the dependencies downloaded: says which are missing and lints the rest strictly (passes)', () => {
    const missing = dependencyArchives(path.join(work, 'lab')).map(({ dependency }) => dependency.name);
    const result = run(LINT, ['lab', ...EVERYTHING_ON], work);
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stderr).toContain(`lint: dependencies not downloaded into lab/charts/: ${missing.join(',')} (run 'make deps'`);
    expect(result.stdout).toContain('1 chart(s) linted, 0 chart(s) failed');
    expect(readFileSync(path.join(work, 'lab/Chart.yaml'), 'utf8')).toContain('dependencies:');
  });

  it('without the dependencies downloaded: still fails on a broken template', () => {
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

  it('with the real dependencies in charts/: lints the full chart, without a note, as `make lint` does', () => {
    const chart = chartWithDependencies();
    for (const extra of [[], EVERYTHING_ON]) {
      const result = run(LINT, [chart, ...extra], REPO_ROOT);
      expect(result.status, result.stdout + result.stderr).toBe(0);
      expect(result.stderr).not.toContain('not downloaded');
      expect(result.stdout).toContain('1 chart(s) linted, 0 chart(s) failed');
    }
  });

  it('says so in one line when there is no chart', () => {
    const result = run(LINT, ['no-such-chart'], work);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toBe("error: no chart at no-such-chart (no Chart.yaml); run 'make synth'\n");
  });

  it('passes on this checkout’s charts/lab as it is, with everything switched on as `make lint` does', () => {
    expect(existsSync(path.join(REPO_ROOT, 'charts/lab/Chart.yaml')), 'charts/lab missing: run make synth').toBe(true);
    for (const extra of [[], EVERYTHING_ON]) {
      const result = run(LINT, ['charts/lab', ...extra], REPO_ROOT);
      expect(result.status, result.stdout + result.stderr).toBe(0);
    }
  });
});
