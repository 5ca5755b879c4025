import { describe, expect, it } from 'vitest';
import { dependencyList, Sandbox, sandboxForThisSuite } from '../../test-support/makefile/sandbox.js';

// `make doctor` against recording shims: what it reports for a ready machine, and every problem at once otherwise.

const VERSIONS = {
  SHIM_PRINT: 'k3d version',
  SHIM_PRINT_TEXT: 'k3d version v5.7.4\nk3s version v1.31.5-k3s1 (default)',
  SHIM_PRINT_2: 'helm version',
  SHIM_PRINT_TEXT_2: 'v4.3.1',
};
const doctorLines = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('doctor: '));

describe('make doctor', () => {
  const sandbox = sandboxForThisSuite();

  it('says the machine is ready when every tool is there, new enough, and the dependency charts are in charts/', () => {
    const run = sandbox.make(['doctor'], { ...VERSIONS, SHIM_PRINT_3: 'helm dependency list', SHIM_PRINT_TEXT_3: dependencyList('ok', 'ok', 'ok') });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(doctorLines(run.stdout)).toEqual([
      'doctor: ok    docker (its engine answers), k3d, kubectl and helm are installed',
      'doctor: ok    k3d 5.7',
      'doctor: ok    helm 4.3',
      'doctor: ok    the dependency charts are in charts/lab/charts at their pinned versions (no download needed)',
      "doctor: ready for 'make up'",
    ]);
  });

  it('names the dependency charts make deps will download, and from where', () => {
    const run = sandbox.make(['doctor'], { ...VERSIONS, SHIM_PRINT_3: 'helm dependency list', SHIM_PRINT_TEXT_3: dependencyList('ok', 'missing', 'missing') });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(doctorLines(run.stdout)).toContain(
      'doctor: ok    make deps will download grafana prometheus from https://grafana-community.github.io/helm-charts https://prometheus-community.github.io/helm-charts (offline: copy the archives into charts/lab/charts)',
    );
  });

  it('reports every problem at once: a docker engine that does not answer, a missing tool, a helm too old', () => {
    const missingKubectl = new Sandbox({ without: ['kubectl'] });
    try {
      const run = missingKubectl.make(['doctor'], { ...VERSIONS, SHIM_PRINT_TEXT_2: 'v3.7.2', SHIM_FAIL: 'docker info' });
      expect(run.status).not.toBe(0);
      expect(doctorLines(run.stdout)).toEqual([
        "doctor: FAIL  'docker' is installed but its engine does not answer ('docker info': docker (shim): failing as configured by SHIM_FAIL='docker info'); start it (Docker Desktop, or 'sudo systemctl start docker')",
        "doctor: FAIL  'kubectl' is not installed (not found on PATH); get it from https://kubernetes.io/docs/tasks/tools/",
        'doctor: ok    k3d 5.7',
        'doctor: FAIL  helm 3.7 is too old: helm 3.8 or later (or 4) is needed (https://helm.sh/docs/intro/install/)',
        expect.stringMatching(/^doctor: ok    make deps will download/),
        "doctor: fix the FAIL lines above, then run 'make up'",
      ]);
    } finally {
      missingKubectl.dispose();
    }
  });

  it('refuses a k3d older than 5', () => {
    const run = sandbox.make(['doctor'], { ...VERSIONS, SHIM_PRINT_TEXT: 'k3d version v4.4.8' });
    expect(run.status).not.toBe(0);
    expect(doctorLines(run.stdout)).toContain('doctor: FAIL  k3d 4.4 is too old: k3d 5 or later is needed (https://k3d.io/stable/#installation)');
  });
});
