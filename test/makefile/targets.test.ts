import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sandbox } from './sandbox.js';

// Each target against recording shims (docker, k3d, helm, kubectl are fakes here: no engine, no cluster).
// The assertions are the exact argv of every command a target runs, in order.

const IN_LAB_CONTEXT = { SHIM_KUBECTL_CONTEXT: 'k3d-day3' };
const CONTEXT_CHECK = ['kubectl', 'config', 'current-context'];

describe('make targets run exactly these commands', () => {
  let sandbox: Sandbox;
  beforeAll(() => {
    sandbox = new Sandbox();
  });
  afterAll(() => sandbox.dispose());

  it('build: docker build of both images, repository root as context, tagged TAG', () => {
    const run = sandbox.make(['build', 'TAG=v7']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.calls).toEqual([
      ['docker', 'build', '-f', 'services/Dockerfile', '--build-arg', 'SERVICE=log-service', '-t', 'log-service-with-otel:v7', '.'],
      ['docker', 'build', '-f', 'services/Dockerfile', '--build-arg', 'SERVICE=echo-service', '-t', 'echo-service-with-otel:v7', '.'],
    ]);
  });

  it('cluster: creates the cluster from the committed k3d config when it does not exist', () => {
    const run = sandbox.make(['cluster'], { SHIM_K3D_CLUSTERS: 'day30 other' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.calls).toEqual([
      ['k3d', 'cluster', 'list', '--no-headers'],
      ['k3d', 'cluster', 'create', 'day3', '--config', 'k3d/cluster.yaml'],
    ]);
  });

  it('cluster: does nothing but say so when the cluster exists', () => {
    const run = sandbox.make(['cluster', 'CLUSTER=lab'], { SHIM_K3D_CLUSTERS: 'other lab' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.calls).toEqual([['k3d', 'cluster', 'list', '--no-headers']]);
    expect(run.stdout).toContain("k3d cluster 'lab' exists");
  });

  it('cluster: stops when k3d cannot list clusters (e.g. docker is not running) instead of creating one', () => {
    const run = sandbox.make(['cluster'], { SHIM_FAIL: 'k3d cluster list' });
    expect(run.status).not.toBe(0);
    expect(run.calls).toEqual([['k3d', 'cluster', 'list', '--no-headers']]);
  });

  it('import: k3d image import of both images into CLUSTER', () => {
    const run = sandbox.make(['import', 'TAG=v7', 'CLUSTER=lab']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.calls).toEqual([
      ['k3d', 'image', 'import', 'log-service-with-otel:v7', 'echo-service-with-otel:v7', '-c', 'lab'],
    ]);
  });

  it('deps: helm dependency build charts/lab', () => {
    const run = sandbox.make(['deps']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.calls).toEqual([['helm', 'dependency', 'build', 'charts/lab']]);
  });

  it('install: checks the kube context, then helm upgrade --install with the image tags', () => {
    const run = sandbox.make(['install'], IN_LAB_CONTEXT);
    expect(run.status, run.stderr).toBe(0);
    expect(run.calls).toEqual([
      CONTEXT_CHECK,
      [
        'helm', 'upgrade', '--install', 'tracing-lab', './charts/lab', '-n', 'monitoring', '--create-namespace',
        '--wait', '--set', 'logService.image.tag=latest', '--set', 'echoService.image.tag=latest',
      ],
    ]);
  });

  it('install: RELEASE, NAMESPACE, TAG and CLUSTER are passed through; GRAFANA=1 turns Grafana on', () => {
    const run = sandbox.make(
      ['install', 'RELEASE=lab1', 'NAMESPACE=observability', 'TAG=v7', 'CLUSTER=lab', 'GRAFANA=1'],
      { SHIM_KUBECTL_CONTEXT: 'k3d-lab' },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.calls).toEqual([
      CONTEXT_CHECK,
      [
        'helm', 'upgrade', '--install', 'lab1', './charts/lab', '-n', 'observability', '--create-namespace',
        '--wait', '--set', 'logService.image.tag=v7', '--set', 'echoService.image.tag=v7',
        '--set', 'grafana.enabled=true',
      ],
    ]);
  });

  it('verify: helm test with logs', () => {
    const run = sandbox.make(['verify', 'NAMESPACE=observability'], IN_LAB_CONTEXT);
    expect(run.status, run.stderr).toBe(0);
    expect(run.calls).toEqual([CONTEXT_CHECK, ['helm', 'test', 'tracing-lab', '-n', 'observability', '--logs']]);
  });

  it('down: deletes the k3d cluster', () => {
    const run = sandbox.make(['down', 'CLUSTER=lab']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.calls).toEqual([['k3d', 'cluster', 'delete', 'lab']]);
  });

  it('port-forward: Tempo on 3200 through the Service named tempo', () => {
    const run = sandbox.make(['port-forward'], IN_LAB_CONTEXT);
    expect(run.status, run.stderr).toBe(0);
    expect(run.calls).toEqual([CONTEXT_CHECK, ['kubectl', '-n', 'monitoring', 'port-forward', 'svc/tempo', '3200:3200']]);
  });

  it('port-forward GRAFANA=1: Tempo on 3200 and Grafana on 3000, side by side', () => {
    // Both port-forwards run on (for a second) like real ones; the first to end stops the other.
    const run = sandbox.make(['port-forward', 'GRAFANA=1'], {
      ...IN_LAB_CONTEXT,
      SHIM_BLOCK: 'kubectl -n monitoring port-forward',
      SHIM_BLOCK_SECONDS: '1',
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.calls[0]).toEqual(CONTEXT_CHECK);
    // They run in parallel, so their order in the log is not fixed.
    expect(run.calls.slice(1).map((call) => call.join(' ')).sort()).toEqual([
      'kubectl -n monitoring port-forward svc/grafana 3000:80',
      'kubectl -n monitoring port-forward svc/tempo 3200:3200',
    ]);
  });

  it('port-forward GRAFANA=1: when one port-forward fails, the other is stopped and make fails', () => {
    const started = Date.now();
    const run = sandbox.make(['port-forward', 'GRAFANA=1'], {
      ...IN_LAB_CONTEXT,
      SHIM_BLOCK: 'kubectl -n monitoring port-forward svc/tempo',
      SHIM_BLOCK_SECONDS: '25',
      SHIM_FAIL: 'kubectl -n monitoring port-forward svc/grafana',
    });
    expect(run.status).not.toBe(0);
    // A Tempo port-forward left running would hold make's output open for its 25 s.
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
