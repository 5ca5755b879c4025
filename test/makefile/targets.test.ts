import { ECHO_SERVICE, LOG_SERVICE } from '@tracing-lab/contract';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultValues } from '../../cdk8s/src/values/model';
import { dependencyList, DOCKER_ENGINE_CHECK, ownErrorLines, Sandbox, sandboxForThisSuite } from '../../test-support/makefile/sandbox.js';
import { REPO_ROOT } from '../../test-support/repo-root';

// Each target against recording shims (docker, k3d, helm, kubectl are fakes here: no engine, no cluster).
// The assertions are the exact argv of every command a target runs, in order.

const IN_LAB_CONTEXT = { SHIM_KUBECTL_CONTEXT: 'k3d-tracing-lab' };
const CONTEXT_CHECK = ['kubectl', 'config', 'current-context'];

describe('make targets run exactly these commands', () => {
  const sandbox = sandboxForThisSuite();

  it('build: docker build of both images, repository root as context, tagged TAG, when the docker engine answers', () => {
    const run = sandbox.make(['build', 'TAG=v7']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.calls).toEqual([
      ['docker', 'info'],
      ['docker', 'build', '-f', 'services/Dockerfile', '--build-arg', 'SERVICE=log-service', '-t', 'log-service-with-otel:v7', '.'],
      ['docker', 'build', '-f', 'services/Dockerfile', '--build-arg', 'SERVICE=echo-service', '-t', 'echo-service-with-otel:v7', '.'],
    ]);
  });

  it("build: with no docker engine answering, buildah builds the same Dockerfile from the local node base, in this project's storage", () => {
    const run = sandbox.make(['build', 'TAG=v7'], { SHIM_FAIL: 'docker info' });
    expect(run.status, run.stderr).toBe(0);
    const storage = ['--root', `${REPO_ROOT}.tools/containers/storage`, '--runroot', `${REPO_ROOT}.tools/containers/run`];
    const [info, inspect, ...builds] = run.calls;
    expect(info).toEqual(['docker', 'info']);
    // The local base exists already (the shim says so): it is reused, not rebuilt.
    expect(inspect).toEqual(['buildah', ...storage, 'inspect', '--type', 'image', expect.stringMatching(/^localhost\/tracing-lab-node-base:24-[0-9a-f]{12}$/)]);
    const base = inspect!.at(-1);
    expect(builds).toEqual(
      [LOG_SERVICE, ECHO_SERVICE].map((service) => [
        'buildah', ...storage, 'bud', '--isolation', 'chroot', '--layers', '--ulimit', expect.stringMatching(/^nofile=\d+:\d+$/),
        '-f', 'services/Dockerfile', '--build-arg', `NODE_IMAGE=${base}`, '--build-arg', `SERVICE=${service}`, '-t', `${service}-with-otel:v7`, '.',
      ]),
    );
  });

  it('build: with neither a docker engine nor buildah, names both and how to install each', () => {
    const without = new Sandbox({ without: ['buildah'] });
    try {
      const run = without.make(['build'], { SHIM_FAIL: 'docker info' });
      expect(run.status).not.toBe(0);
      expect(ownErrorLines(run.stderr)).toEqual([
        "error: no image builder: neither a docker engine answers ('docker info') nor is buildah installed. Install one:",
        '  docker:  https://docs.docker.com/get-docker/ (and start it)',
        '  buildah: apt-get install buildah debootstrap (Debian/Ubuntu; builds without a docker engine, as root)',
      ]);
      expect(run.calls).toEqual([['docker', 'info']]);
    } finally {
      without.dispose();
    }
  });

  it('cluster: creates the cluster from the committed k3d config when it does not exist', () => {
    const run = sandbox.make(['cluster'], { SHIM_K3D_CLUSTERS: 'tracing-lab-old other' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.calls).toEqual([
      DOCKER_ENGINE_CHECK,
      ['k3d', 'cluster', 'list', '--no-headers'],
      ['k3d', 'cluster', 'create', 'tracing-lab', '--config', 'k3d/cluster.yaml'],
    ]);
  });

  it('cluster: does nothing but say so when the cluster exists', () => {
    const run = sandbox.make(['cluster', 'CLUSTER=lab'], { SHIM_K3D_CLUSTERS: 'other lab' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.calls).toEqual([DOCKER_ENGINE_CHECK, ['k3d', 'cluster', 'list', '--no-headers']]);
    expect(run.stdout).toContain("k3d cluster 'lab' exists");
  });

  it('cluster: stops when k3d cannot list clusters (e.g. docker is not running) instead of creating one', () => {
    const run = sandbox.make(['cluster'], { SHIM_FAIL: 'k3d cluster list' });
    expect(run.status).not.toBe(0);
    expect(run.calls).toEqual([DOCKER_ENGINE_CHECK, ['k3d', 'cluster', 'list', '--no-headers']]);
  });

  it('import: k3d image import of both images into CLUSTER', () => {
    const run = sandbox.make(['import', 'TAG=v7', 'CLUSTER=lab']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.calls).toEqual([
      DOCKER_ENGINE_CHECK,
      ['k3d', 'image', 'import', 'log-service-with-otel:v7', 'echo-service-with-otel:v7', '-c', 'lab'],
    ]);
  });

  it('deps: helm dependency build charts/lab when a dependency chart is missing, naming it', () => {
    const run = sandbox.make(['deps'], { SHIM_PRINT: 'helm dependency list', SHIM_PRINT_TEXT: dependencyList('ok', 'missing') });
    expect(run.status, run.stderr).toBe(0);
    expect(run.calls).toEqual([
      ['helm', 'dependency', 'list', 'charts/lab'],
      ['helm', 'dependency', 'build', 'charts/lab'],
    ]);
    expect(run.stdout).toContain('deps: to download: grafana (missing)');
  });

  it('deps: downloads nothing when every dependency chart is in charts/ at its pinned version (so it works offline)', () => {
    const run = sandbox.make(['deps'], { SHIM_PRINT: 'helm dependency list', SHIM_PRINT_TEXT: dependencyList('ok', 'ok') });
    expect(run.status, run.stderr).toBe(0);
    expect(run.calls).toEqual([['helm', 'dependency', 'list', 'charts/lab']]);
    expect(run.stdout).toContain('deps: all 2 dependency charts are in charts/lab/charts at the versions Chart.yaml pins');
  });

  it('install: checks the kube context, then helm upgrade --install with the image tags and Grafana on', () => {
    const run = sandbox.make(['install'], IN_LAB_CONTEXT);
    expect(run.status, run.stderr).toBe(0);
    expect(run.calls).toEqual([
      CONTEXT_CHECK,
      [
        'helm', 'upgrade', '--install', 'tracing-lab', './charts/lab', '-n', 'monitoring', '--create-namespace',
        '--wait', '--timeout', '15m', '--set', 'logService.image.tag=latest', '--set', 'echoService.image.tag=latest',
        '--set', 'grafana.enabled=true',
      ],
    ]);
  });

  it('install: RELEASE, NAMESPACE, TAG and CLUSTER are passed through; GRAFANA=0 turns Grafana off', () => {
    const run = sandbox.make(
      ['install', 'RELEASE=lab1', 'NAMESPACE=observability', 'TAG=v7', 'CLUSTER=lab', 'GRAFANA=0'],
      { SHIM_KUBECTL_CONTEXT: 'k3d-lab' },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.calls).toEqual([
      CONTEXT_CHECK,
      [
        'helm', 'upgrade', '--install', 'lab1', './charts/lab', '-n', 'observability', '--create-namespace',
        '--wait', '--timeout', '15m', '--set', 'logService.image.tag=v7', '--set', 'echoService.image.tag=v7',
        '--set', 'grafana.enabled=false',
      ],
    ]);
  });

  it('install TIMEOUT=30m: helm waits that long instead (the first pull of every image can take more than 15m on a slow link)', () => {
    const run = sandbox.make(['install', 'TIMEOUT=30m'], IN_LAB_CONTEXT);
    expect(run.status, run.stderr).toBe(0);
    const upgrade = run.calls[1] ?? [];
    expect(upgrade.filter((arg, index) => upgrade[index - 1] === '--timeout')).toEqual(['30m']);
    expect(upgrade.filter((arg) => arg === '--timeout')).toHaveLength(1);
  });

  it('install SERVICE_GRAPH=1: passes the chart’s generated values-service-graph.yaml, after the --set values', () => {
    const run = sandbox.make(['install', 'SERVICE_GRAPH=1'], IN_LAB_CONTEXT);
    expect(run.status, run.stderr).toBe(0);
    const upgrade = run.calls[1] ?? [];
    expect(upgrade.slice(-2)).toEqual(['-f', 'charts/lab/values-service-graph.yaml']);
    expect(upgrade.slice(0, -2)).toEqual([
      'helm', 'upgrade', '--install', 'tracing-lab', './charts/lab', '-n', 'monitoring', '--create-namespace',
      '--wait', '--timeout', '15m', '--set', 'logService.image.tag=latest', '--set', 'echoService.image.tag=latest',
      '--set', 'grafana.enabled=true',
    ]);
    // The file helm is given is the one `make synth` writes (helm would fail on a missing one).
    expect(existsSync(path.join(REPO_ROOT, 'charts/lab/values-service-graph.yaml'))).toBe(true);
  });

  it.each(['GRAFANA', 'SERVICE_GRAPH'])('refuses a %s that is neither 0 nor 1, before calling anything', (variable) => {
    const run = sandbox.make(['install', `${variable}=yes`], IN_LAB_CONTEXT);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(`${variable} must be 0 or 1, got 'yes'`);
    expect(run.calls).toEqual([]);
  });

  it('verify: helm test with logs, then where to open the trace it checked (an Explore link with its id)', () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const run = sandbox.make(['verify', 'NAMESPACE=observability'], {
      ...IN_LAB_CONTEXT,
      SHIM_PRINT: 'helm test',
      SHIM_PRINT_TEXT: `trace-check: GET http://log-service.observability.svc.cluster.local:8080/info → 200, x-trace-id ${traceId}\nOK in 1.2 s`,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.calls).toEqual([CONTEXT_CHECK, ['helm', 'test', 'tracing-lab', '-n', 'observability', '--logs']]);
    expect(run.stdout).toContain(`x-trace-id ${traceId}`); // the check's own output is shown
    expect(run.stdout).toContain(`curl -s http://localhost:3200/api/v2/traces/${traceId}`);
    expect(run.stdout).toContain("kubectl -n observability get secret grafana -o jsonpath='{.data.admin-password}'");
    const link = new URL(/http:\/\/localhost:3000\/explore\S+/.exec(run.stdout)?.[0] ?? 'http://missing');
    const panes = JSON.parse(link.searchParams.get('panes') ?? '{}') as Record<string, { datasource: string; queries: { datasource: { type: string; uid: string }; queryType: string; query: string }[] }>;
    const [pane] = Object.values(panes);
    const uid = defaultValues().grafanaDatasource.uid;
    expect(link.searchParams.get('schemaVersion')).toBe('1');
    expect(pane?.datasource).toBe(uid);
    expect(pane?.queries).toEqual([expect.objectContaining({ datasource: { type: 'tempo', uid }, queryType: 'traceql', query: traceId })]);
  });

  it('verify GRAFANA=0: points at Tempo only; a failed check fails make', () => {
    const quiet = sandbox.make(['verify', 'GRAFANA=0'], { ...IN_LAB_CONTEXT, SHIM_PRINT: 'helm test', SHIM_PRINT_TEXT: 'x-trace-id 4bf92f3577b34da6a3ce929d0e0e4736' });
    expect(quiet.status, quiet.stderr).toBe(0);
    expect(quiet.stdout).toContain('curl -s http://localhost:3200/api/v2/traces/4bf92f3577b34da6a3ce929d0e0e4736');
    expect(quiet.stdout).not.toContain('localhost:3000');
    const failed = sandbox.make(['verify'], { ...IN_LAB_CONTEXT, SHIM_FAIL: 'helm test' });
    expect(failed.status).not.toBe(0);
  });

  it('down: deletes the k3d cluster', () => {
    const run = sandbox.make(['down', 'CLUSTER=lab']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.calls).toEqual([DOCKER_ENGINE_CHECK, ['k3d', 'cluster', 'delete', 'lab']]);
  });

  it('port-forward GRAFANA=0: Tempo on 3200 through the Service named tempo', () => {
    const run = sandbox.make(['port-forward', 'GRAFANA=0'], IN_LAB_CONTEXT);
    expect(run.status, run.stderr).toBe(0);
    expect(run.calls).toEqual([CONTEXT_CHECK, ['kubectl', '-n', 'monitoring', 'port-forward', 'svc/tempo', '3200:3200']]);
  });

  it('port-forward: Tempo on 3200 and Grafana on 3000, side by side', () => {
    // Both port-forwards run on (for a second) like real ones; the first to end stops the other.
    const run = sandbox.make(['port-forward'], {
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

  it('port-forward: when one port-forward fails, the other is stopped and make fails', () => {
    const started = Date.now();
    const run = sandbox.make(['port-forward'], {
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
