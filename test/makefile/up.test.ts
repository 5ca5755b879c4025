import { describe, expect, it } from 'vitest';
import { DOCKER_ENGINE_CHECK, sandboxForThisSuite } from '../../test-support/makefile/sandbox.js';

// `make up` against recording shims: the whole path from an empty laptop, in order, and stopping at the
// first failure.

const LAB = { SHIM_KUBECTL_CONTEXT: 'k3d-tracing-lab' };

describe('make up', () => {
  const sandbox = sandboxForThisSuite();

  it('runs cluster → build → import → deps → install → verify, in that order', () => {
    const run = sandbox.make(['up'], LAB);
    expect(run.status, run.stderr).toBe(0);
    expect(run.calls).toEqual([
      DOCKER_ENGINE_CHECK,
      ['k3d', 'cluster', 'list', '--no-headers'],
      ['k3d', 'cluster', 'create', 'tracing-lab', '--config', 'k3d/cluster.yaml'],
      ['docker', 'info'],
      ['docker', 'build', '-f', 'services/Dockerfile', '--build-arg', 'SERVICE=log-service', '-t', 'log-service-with-otel:latest', '.'],
      ['docker', 'build', '-f', 'services/Dockerfile', '--build-arg', 'SERVICE=echo-service', '-t', 'echo-service-with-otel:latest', '.'],
      DOCKER_ENGINE_CHECK,
      ['k3d', 'image', 'import', 'log-service-with-otel:latest', 'echo-service-with-otel:latest', '-c', 'tracing-lab'],
      ['helm', 'dependency', 'list', 'charts/lab'],
      ['helm', 'dependency', 'build', 'charts/lab'],
      ['kubectl', 'config', 'current-context'],
      [
        'helm', 'upgrade', '--install', 'tracing-lab', './charts/lab', '-n', 'monitoring', '--create-namespace',
        '--wait', '--timeout', '15m', '--set', 'logService.image.tag=latest', '--set', 'echoService.image.tag=latest',
        '--set', 'grafana.enabled=true',
      ],
      ['kubectl', 'config', 'current-context'],
      ['helm', 'test', 'tracing-lab', '-n', 'monitoring', '--logs'],
    ]);
  });

  it('passes its variables to every step (TAG, CLUSTER, GRAFANA)', () => {
    const run = sandbox.make(['up', 'TAG=v7', 'CLUSTER=lab', 'GRAFANA=0'], {
      SHIM_KUBECTL_CONTEXT: 'k3d-lab',
      SHIM_K3D_CLUSTERS: 'lab',
    });
    expect(run.status, run.stderr).toBe(0);
    const lines = run.calls.map((call) => call.join(' '));
    expect(lines).not.toContain('k3d cluster create lab --config k3d/cluster.yaml');
    expect(lines).toContain('docker build -f services/Dockerfile --build-arg SERVICE=echo-service -t echo-service-with-otel:v7 .');
    expect(lines).toContain('k3d image import log-service-with-otel:v7 echo-service-with-otel:v7 -c lab');
    expect(lines).toContain(
      'helm upgrade --install tracing-lab ./charts/lab -n monitoring --create-namespace --wait --timeout 15m ' +
        '--set logService.image.tag=v7 --set echoService.image.tag=v7 --set grafana.enabled=false',
    );
  });

  // k3d gets Grafana by default, and a later `make build import install TAG=dev2` must not uninstall it: helm upgrade
  // falls back to the chart default (off) for every value not given again.
  it.each([
    ['by default', [], 'grafana.enabled=true'],
    ['with GRAFANA=0', ['GRAFANA=0'], 'grafana.enabled=false'],
  ])('up, install and a second install carry the same Grafana choice %s', (_, vars, expected) => {
    const grafanaSettings = (args: string[]) => {
      const run = sandbox.make([...args, ...vars], LAB);
      expect(run.status, run.stderr).toBe(0);
      const upgrade = run.calls.find((call) => call.slice(0, 2).join(' ') === 'helm upgrade') ?? [];
      return upgrade.filter((arg, index) => upgrade[index - 1] === '--set' && arg.startsWith('grafana.'));
    };
    expect(grafanaSettings(['up'])).toEqual([expected]);
    expect(grafanaSettings(['install', 'TAG=dev2'])).toEqual([expected]);
    expect(grafanaSettings(['build', 'import', 'install', 'TAG=dev3'])).toEqual([expected]);
  });

  it('up passes TIMEOUT to its install step', () => {
    const run = sandbox.make(['up', 'TIMEOUT=45m'], LAB);
    expect(run.status, run.stderr).toBe(0);
    const upgrade = run.calls.find((call) => call.slice(0, 2).join(' ') === 'helm upgrade') ?? [];
    expect(upgrade[upgrade.indexOf('--timeout') + 1]).toBe('45m');
  });

  // The same for the service graph: without its values file, a later upgrade would turn it off again.
  it.each([
    ['with SERVICE_GRAPH=1', ['SERVICE_GRAPH=1'], ['-f', 'charts/lab/values-service-graph.yaml']],
    ['by default (off)', [], []],
  ])('up, install and a second install carry the same service-graph choice %s', (_, vars, expected) => {
    const valuesFiles = (args: string[]) => {
      const run = sandbox.make([...args, ...vars], LAB);
      expect(run.status, run.stderr).toBe(0);
      const upgrade = run.calls.find((call) => call.slice(0, 2).join(' ') === 'helm upgrade') ?? [];
      return upgrade.flatMap((arg, index) => (arg === '-f' ? ['-f', upgrade[index + 1]!] : []));
    };
    expect(valuesFiles(['up'])).toEqual(expected);
    expect(valuesFiles(['install', 'TAG=dev2'])).toEqual(expected);
    expect(valuesFiles(['build', 'import', 'install', 'TAG=dev3'])).toEqual(expected);
  });

  it.each([
    ['docker build -f services/Dockerfile --build-arg SERVICE=echo-service', 'docker build'],
    ['helm dependency build', 'helm dependency'],
    ['helm upgrade', 'helm upgrade'],
  ])('stops at the first failing step (%s)', (failing, lastCall) => {
    const run = sandbox.make(['up'], { ...LAB, SHIM_FAIL: failing });
    expect(run.status).not.toBe(0);
    const last = run.calls.at(-1);
    expect(last?.slice(0, 2).join(' ')).toBe(lastCall);
    expect(last?.join(' ').startsWith(failing)).toBe(true);
    expect(run.calls.map((call) => call.slice(0, 2).join(' '))).not.toContain('helm test');
  });
});
