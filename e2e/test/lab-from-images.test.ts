import { ECHO_SERVICE, ECHO_SERVICE_CLUSTER_URL, LOG_SERVICE, PROPAGATORS, ROUTES, SERVICE_HOST, SERVICE_PORT, SERVICE_START_COMMAND, TRACE_CHECK_IN_IMAGE, TRACE_ID_HEADER, TRACE_RESPONSE_HEADER } from '@tracing-lab/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartWithDependencies } from '../../test-support/chart/chart-with-dependencies';
import { findObject, HELM_V4, type K8sObject } from '../../test-support/chart/helm';
import { envValue, firstContainer, tempoConfig, tempoObjects } from '../../test-support/chart/workloads';
import { buildServiceImages, imageConfig } from '../../test-support/lab/images';
import { LIST_INSTALLED_PACKAGES, productionTree } from '../../test-support/lab/lock-closure';
import { SandboxCluster, type SandboxPod } from '../../test-support/lab/pod-sandbox/sandbox-cluster';
import { stopAllProcesses, waitForHttp } from '../../test-support/lab/managed-process';
import { isNestedTrace, readRawSpans } from '../../test-support/lab/tempo-raw-trace';
import { SIGNAL_TIMEOUT_MS, waitFor } from '../../test-support/timing';

// The lab started from its real images (services/Dockerfile built by buildah), each container as the chart renders
// it (helm v4, the real dependency charts): rendered command/args over the image's entrypoint and cmd, the kubelet's
// environment, user, working directory, read-only root, emptyDir mounts, probes; one network namespace per pod, the
// Services' names in /etc/hosts. Tempo is the stand-in (Tempo is AGPL and kept out), run where the Tempo pod would be.
// What differs from a cluster: docs/testing.md.

/** A cold build (debootstrap, npm ci in two images) takes minutes on two busy cores; a cached one seconds. */
const IMAGE_BUILD_TIMEOUT_MS = 20 * 60_000;

beforeAll(() => {
  buildServiceImages();
}, IMAGE_BUILD_TIMEOUT_MS);
afterAll(stopAllProcesses);

interface LabFromImages {
  cluster: SandboxCluster;
  rendered: K8sObject[];
  tempoUrl: string;
  echo: SandboxPod;
  log: SandboxPod;
}

function render(namespace: string, args: readonly string[]): K8sObject[] {
  return HELM_V4.template(chartWithDependencies(), ['--namespace', namespace, ...args]);
}

/** The port of a `host:port` listen address in Tempo's config. */
const portOf = (address: string): number => Number(address.split(':').pop());

async function startLabFromImages(namespace: string, args: readonly string[]): Promise<LabFromImages> {
  const rendered = render(namespace, args);
  const cluster = SandboxCluster.create(rendered, namespace);
  try {
    return await startPods(cluster, rendered);
  } catch (error) {
    await cluster.destroy();
    throw error;
  }
}

async function startPods(cluster: SandboxCluster, rendered: K8sObject[]): Promise<LabFromImages> {
  // The stand-in listens where tempo.yaml (as the Tempo chart renders it) has Tempo listen.
  const tempoRendered = tempoObjects(rendered);
  const config = tempoConfig(rendered, tempoRendered);
  const httpPort = Number(config.server.http_listen_port);
  const tempo = cluster.startTempoStandin(tempoRendered.statefulSet, {
    otlpGrpc: portOf(config.distributor.receivers.otlp.protocols.grpc.endpoint),
    http: httpPort,
  });
  const tempoUrl = `http://${tempo.ip}:${httpPort}`;
  await waitForHttp(tempo.process, `${tempoUrl}/ready`);
  const echo = cluster.start(findObject(rendered, 'Deployment', ECHO_SERVICE));
  const log = cluster.start(findObject(rendered, 'Deployment', LOG_SERVICE));
  await Promise.all([echo.waitUntilStarted(), log.waitUntilStarted()]);
  return { cluster, rendered, tempoUrl, echo, log };
}

/** GET /info on log-service's pod, and the trace it names as Tempo (the stand-in) holds it once it is whole. */
async function tracedRequest(lab: LabFromImages): Promise<{ traceId: string; nested: boolean }> {
  const response = await fetch(`http://${lab.log.ip}:${SERVICE_PORT}${ROUTES.info}`);
  expect(response.status, await response.clone().text()).toBe(200);
  const traceId = response.headers.get(TRACE_ID_HEADER);
  if (!traceId) throw new Error('log-service answered without x-trace-id');
  const nested = await waitFor(`trace ${traceId} nested in Tempo`, async () => ((isNestedTrace(await readRawSpans(lab.tempoUrl, traceId), 'GET /info')) ? true : undefined), SIGNAL_TIMEOUT_MS);
  return { traceId, nested };
}

describe('the lab from its images, as the chart renders it (defaults, PostSync hook on)', () => {
  let lab: LabFromImages;
  beforeAll(async () => {
    lab = await startLabFromImages('monitoring', ['--set', 'traceCheck.postSync.enabled=true']);
  }, 120_000);
  afterAll(async () => {
    await lab?.cluster.destroy();
  });

  it('starts both services from their images: the rendered startup, readiness and liveness probes pass', async () => {
    for (const pod of [lab.echo, lab.log]) {
      for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe'] as const) {
        expect(await pod.probeOnce(probe), `${pod.name} ${probe}`).toMatchObject({ ok: true, status: 200 });
      }
    }
  });

  it('runs each service as the rendered user, with a read-only root and the rendered emptyDir writable at /tmp', async () => {
    const probe = `
      const fs = require('node:fs');
      const tryWrite = (path) => { try { fs.writeFileSync(path, 'x'); fs.rmSync(path); return 'written'; } catch (e) { return e.code; } };
      console.log(JSON.stringify({ uid: process.getuid(), gid: process.getgid(), cwd: process.cwd(),
        root: tryWrite('/written-by-test'), app: tryWrite('/app/written-by-test'), tmp: tryWrite('/tmp/written-by-test') }));`;
    for (const pod of [lab.echo, lab.log]) {
      const { code, output } = await pod.exec(['node', '-e', probe]);
      expect(code, output).toBe(0);
      expect(JSON.parse(output), pod.name).toEqual({ uid: 10001, gid: 10001, cwd: `/app/services/${pod.name.replace(/-[^-]+-[^-]+$/, '')}`, root: 'EROFS', app: 'EROFS', tmp: 'written' });
    }
  });

  it("holds exactly the service's production dependency tree, as package-lock.json places it, resolvable from its WORKDIR", async () => {
    for (const pod of [lab.echo, lab.log]) {
      const service = pod === lab.log ? LOG_SERVICE : ECHO_SERVICE;
      const { code, output } = await pod.exec(['node', '-e', LIST_INSTALLED_PACKAGES, '/app']);
      expect(code, output).toBe(0);
      const installed = JSON.parse(output) as { packages: Record<string, string>; links: Record<string, string> };
      const expected = productionTree(`services/${service}`);
      expect(installed.packages, service).toEqual(Object.fromEntries(expected.packages));
      expect(installed.links, service).toEqual(Object.fromEntries(expected.links));
    }
  });

  it('starts the image CMD: the start command the other suites use, from the WORKDIR the trace check is rendered with', () => {
    const image = imageConfig(firstContainer(findObject(lab.rendered, 'Deployment', LOG_SERVICE)).image!);
    expect(image.cmd).toEqual(SERVICE_START_COMMAND);
    const traceCheck = firstContainer(findObject(lab.rendered, 'Pod', 'trace-check-helm-test'));
    expect(image.workingDir).toBe(traceCheck.workingDir);
    expect([traceCheck.workingDir, traceCheck.command]).toEqual([TRACE_CHECK_IN_IMAGE.workingDir, TRACE_CHECK_IN_IMAGE.command]);
  });

  it("gets the rendered environment: the chart's OTEL_* and NODE_OPTIONS, the Downward API fields resolved", () => {
    const workload = findObject(lab.rendered, 'Deployment', LOG_SERVICE);
    const environment = lab.log.processEnvironment();
    for (const name of ['HOST', 'PORT', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_TRACES_SAMPLER', 'OTEL_TRACES_SAMPLER_ARG', 'NODE_OPTIONS', 'ECHO_SERVICE_URL']) {
      expect(environment.get(name), name).toBe(envValue(workload, name));
    }
    expect(environment.get('HOST')).toBe(SERVICE_HOST);
    expect(environment.get('POD_NAME')).toBe(lab.log.name);
    expect(environment.get('POD_NAMESPACE')).toBe('monitoring');
    expect(environment.get('OTEL_RESOURCE_ATTRIBUTES')).toContain(`k8s.pod.name=${lab.log.name},k8s.namespace.name=monitoring,`);
  });

  it('serves a request and exports it: one trace in Tempo, echo-service nested under log-service', async () => {
    expect((await tracedRequest(lab)).nested).toBe(true);
  });

  it.each([
    ['Pod', 'trace-check-helm-test'],
    ['Job', 'trace-check-post-sync'],
  ])("the trace check's rendered %s (%s) passes from the log-service image and prints the waterfall", async (kind, name) => {
    const { code, output } = await lab.cluster.runToCompletion(findObject(lab.rendered, kind, name));
    expect(code, output).toBe(0);
    const lines = output.split('\n');
    const logServer = lines.findIndex((line) => /^log-service\s+GET \/info\s/.test(line));
    const echoServer = lines.findIndex((line) => /^echo-service\s+ +POST \/echo\s/.test(line));
    expect(logServer, output).toBeGreaterThanOrEqual(0);
    expect(echoServer, output).toBeGreaterThan(logServer);
    expect(output).toMatch(/^OK in /m);
  });
});

describe('the trace check from the image fails when echo-service is down', () => {
  let lab: LabFromImages;
  beforeAll(async () => {
    // A short check timeout: the check polls Tempo until then before it reports.
    lab = await startLabFromImages('monitoring', ['--set', 'traceCheck.postSync.enabled=true', '--set', 'traceCheck.timeoutSeconds=10']);
    expect(await lab.echo.stop()).toEqual({ code: 0, signal: null });
  }, 120_000);
  afterAll(async () => {
    await lab?.cluster.destroy();
  });

  it.each([
    ['Pod', 'trace-check-helm-test'],
    ['Job', 'trace-check-post-sync'],
  ])('the rendered %s (%s) exits 1 naming echo-service', async (kind, name) => {
    const { code, output } = await lab.cluster.runToCompletion(findObject(lab.rendered, kind, name));
    expect(code, output).toBe(1);
    expect(output).toContain(`echo-service at ${ECHO_SERVICE_CLUSTER_URL} is unreachable (ECONNREFUSED)`);
    expect(output).toContain('no echo-service spans in the trace');
  });
});

describe('the lab from its images with a fault in the chart values: faults.logService.dropTraceparent', () => {
  let lab: LabFromImages;
  beforeAll(async () => {
    lab = await startLabFromImages('monitoring', ['--set', 'traceCheck.postSync.enabled=true', '--set', 'faults.logService.dropTraceparent=true']);
  }, 120_000);
  afterAll(async () => {
    await lab?.cluster.destroy();
  });

  it('log-service gets OTEL_PROPAGATORS=none, and echo-service receives no traceparent', async () => {
    expect(lab.log.processEnvironment().get('OTEL_PROPAGATORS')).toBe(PROPAGATORS.none);
    const response = await fetch(`http://${lab.log.ip}:${SERVICE_PORT}${ROUTES.info}`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { echo: { traceparent: unknown } }).echo.traceparent).toBeNull();
  });

  it.each([
    ['Pod', 'trace-check-helm-test'],
    ['Job', 'trace-check-post-sync'],
  ])('the rendered %s (%s) exits 1 saying the trace context did not reach echo-service', async (kind, name) => {
    const { code, output } = await lab.cluster.runToCompletion(findObject(lab.rendered, kind, name));
    expect(code, output).toBe(1);
    expect(output).toContain('  - no propagation: echo-service received no traceparent header');
    expect(output).toContain(`find echo-service's trace with GET http://tempo.monitoring.svc.cluster.local:3200/api/search?tags=root.service.name%3Decho-service`);
    expect(output).toContain('  - no echo-service spans in the trace (services seen: log-service)');
  });
});

describe('the lab from its images with a ratio sampler, another namespace and a 1Gi log-service limit', () => {
  const NAMESPACE = 'lab-two';
  const SETTINGS = ['--set', 'otel.sampler=parentbased_traceidratio', '--set', 'otel.samplerArg=0.5', '--set', 'logService.resources.limits.memory=1Gi'];
  let lab: LabFromImages;
  beforeAll(async () => {
    lab = await startLabFromImages(NAMESPACE, [...SETTINGS, '--set', 'traceCheck.postSync.enabled=true']);
  }, 120_000);
  afterAll(async () => {
    await lab?.cluster.destroy();
  });

  it('gives the processes the rendered sampler, NODE_OPTIONS for 1Gi, and URLs in the release namespace', () => {
    const workload = findObject(lab.rendered, 'Deployment', LOG_SERVICE);
    const environment = lab.log.processEnvironment();
    expect(environment.get('OTEL_TRACES_SAMPLER')).toBe('parentbased_traceidratio');
    expect(environment.get('OTEL_TRACES_SAMPLER_ARG')).toBe('0.5');
    expect(environment.get('NODE_OPTIONS')).toBe(envValue(workload, 'NODE_OPTIONS'));
    const defaultOptions = envValue(findObject(render('monitoring', []), 'Deployment', LOG_SERVICE), 'NODE_OPTIONS');
    expect(environment.get('NODE_OPTIONS')).not.toBe(defaultOptions); // the limit changed the budget
    expect(environment.get('OTEL_EXPORTER_OTLP_ENDPOINT')).toBe(`http://tempo.${NAMESPACE}.svc.cluster.local:4317`);
  });

  it('exports exactly the traces the sampler keeps, whole, as the traceparent echo-service received says', async () => {
    const requests = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const response = await fetch(`http://${lab.log.ip}:${SERVICE_PORT}${ROUTES.info}`);
        const body = (await response.json()) as { echo: { traceparent: string } };
        return { traceId: response.headers.get(TRACE_ID_HEADER)!, traceresponse: response.headers.get(TRACE_RESPONSE_HEADER)!, received: body.echo.traceparent };
      }),
    );
    for (const request of requests) {
      // One decision for the whole trace: log-service's answer and the header echo-service got agree.
      expect(request.received.slice(0, 35), request.traceId).toBe(`00-${request.traceId}`);
      expect(request.received.slice(-2)).toBe(request.traceresponse.slice(-2));
    }
    const sampled = requests.filter((request) => request.traceresponse.endsWith('-01'));
    const dropped = requests.filter((request) => request.traceresponse.endsWith('-00'));
    for (const { traceId } of sampled) {
      await waitFor(`sampled trace ${traceId} in Tempo`, async () => (isNestedTrace(await readRawSpans(lab.tempoUrl, traceId), 'GET /info') ? true : undefined));
    }
    // The services export in the order spans end, so with every sampled trace in, a dropped one would be too.
    for (const { traceId } of dropped) expect(await readRawSpans(lab.tempoUrl, traceId), traceId).toEqual([]);
    // 20 coin flips: both kinds occur unless the sampler ignores the ratio (chance of either all-same: 2 in 2^20).
    expect(sampled.length).toBeGreaterThan(0);
    expect(dropped.length).toBeGreaterThan(0);
  });

  it.each([
    ['Pod', 'trace-check-helm-test'],
    ['Job', 'trace-check-post-sync'],
  ])("the trace check's rendered %s (%s) passes, asking again while the sampler drops its request", async (kind, name) => {
    const workload = findObject(lab.rendered, kind, name);
    expect(firstContainer(workload).args).toContain(`http://log-service.${NAMESPACE}.svc.cluster.local:${SERVICE_PORT}`);
    const { code, output } = await lab.cluster.runToCompletion(workload);
    expect(code, output).toBe(0);
    expect(output).toMatch(/^OK in /m);
  });
});
