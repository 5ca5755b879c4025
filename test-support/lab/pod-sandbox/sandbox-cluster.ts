import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { K8sObject } from '../../chart/helm';
import { startProcess, type ManagedProcess } from '../managed-process';
import { REPO_ROOT } from '../../repo-root';
import { TEMPO_STANDIN_BIN } from '../tempo-standin';
import { TIMING_MARGIN_MS, waitFor } from '../../timing';
import { containerRootfs, imageConfig, removeStaleContainers, type ContainerRootfs } from '../images';
import { ClusterNetwork, type PodNetwork } from './cluster-network';
import { containerEnvironment, type EnvVar, type LinkedService } from './kubelet-env';

/**
 * A STAND-IN for one namespace of a cluster, for running the chart's pods from the real images on a machine
 * without Kubernetes: pods get their own network namespace (cluster-network.ts), containers are started by the
 * runtime stand-in (run-container.sh) with what the rendered pod spec says — image entrypoint and cmd replaced by
 * `command`/`args` as Kubernetes replaces them, the kubelet's environment (kubelet-env.ts), `workingDir`,
 * runAsUser/runAsGroup, emptyDir volumes, readOnlyRootFilesystem — and the probes are run as the kubelet runs them.
 * Service names resolve through each pod's /etc/hosts to the pod a Service selects (there is no DNS server and no
 * kube-proxy, so a Service's port must equal its target port). Every difference from a cluster is listed in
 * docs/testing.md.
 */

const RUN_CONTAINER = join(REPO_ROOT, 'test-support', 'lab', 'pod-sandbox', 'run-container.sh');
const CLUSTER_DOMAIN = 'cluster.local';
const NODE_NAME = 'tracing-lab-sandbox-node';

interface Probe {
  httpGet?: { path?: string; port: number | string };
  initialDelaySeconds?: number;
  periodSeconds?: number;
  failureThreshold?: number;
  timeoutSeconds?: number;
}
interface SecurityContext {
  runAsUser?: number;
  runAsGroup?: number;
  runAsNonRoot?: boolean;
  readOnlyRootFilesystem?: boolean;
  fsGroup?: number;
  allowPrivilegeEscalation?: boolean;
}
export interface ContainerSpec {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  workingDir?: string;
  env?: EnvVar[];
  ports?: { name?: string; containerPort: number }[];
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
  securityContext?: SecurityContext;
  startupProbe?: Probe;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
}
interface PodSpec {
  containers: ContainerSpec[];
  initContainers?: unknown[];
  securityContext?: SecurityContext;
  volumes?: { name: string; emptyDir?: object }[];
  hostname?: string;
  enableServiceLinks?: boolean;
  serviceAccountName?: string;
  terminationGracePeriodSeconds?: number;
  activeDeadlineSeconds?: number;
}
interface PodTemplate {
  metadata: { name?: string; labels?: Record<string, string> };
  spec: PodSpec;
}
interface ServiceSpec {
  selector?: Record<string, string>;
  ports: { name?: string; port: number; targetPort?: number | string; protocol?: string }[];
}

const randomSuffix = (length: number): string =>
  [...randomBytes(length)].map((byte) => 'bcdfghjklmnpqrstvwxz2456789'[byte % 27]).join('');

/** The pod a workload makes: a Pod is itself; a Deployment's and a Job's pods are named as their controllers name them. */
function podOf(object: K8sObject): { name: string; template: PodTemplate } {
  const spec = object.spec as Record<string, unknown>;
  switch (object.kind) {
    case 'Pod':
      return { name: object.metadata.name, template: { metadata: object.metadata, spec: spec as unknown as PodSpec } };
    case 'Deployment':
      return { name: `${object.metadata.name}-${randomBytes(5).toString('hex')}-${randomSuffix(5)}`, template: spec.template as PodTemplate };
    case 'Job':
    case 'StatefulSet':
      return { name: `${object.metadata.name}-${object.kind === 'Job' ? randomSuffix(5) : '0'}`, template: spec.template as PodTemplate };
    default:
      throw new Error(`the pod stand-in runs the pods of Pods, Deployments, Jobs and StatefulSets, not of ${object.kind} ${object.metadata.name}`);
  }
}

/** A running pod: its one container's process, its address, and what kubectl offers (exec, logs). */
export class SandboxPod {
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(
    readonly name: string,
    readonly labels: Record<string, string>,
    readonly network: PodNetwork,
    readonly process: ManagedProcess,
    private readonly container: ContainerSpec | undefined,
    private readonly cleanup: () => void,
    private readonly inSandbox = true,
  ) {
    this.exited = process.exited;
    void this.exited.then(() => this.cleanup());
  }

  get ip(): string {
    return this.network.ip;
  }

  logs(): string {
    return this.process.output();
  }

  /** The container's process as this machine sees it (PID 1 of its PID namespace, the child of `unshare`). */
  containerPid(): number {
    const pid = this.process.child.pid!;
    if (!this.inSandbox) return pid;
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    if (!children) throw new Error(`${this.name} has no container process (yet)`);
    return Number(children.split(' ')[0]);
  }

  /** The container process's environment, from /proc (what the program was really started with). */
  processEnvironment(): Map<string, string> {
    const entries = readFileSync(`/proc/${this.containerPid()}/environ`, 'utf8').split('\0').filter(Boolean);
    return new Map(entries.map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]));
  }

  /** `kubectl exec`: a command in the container's namespaces, root and working directory, as the container's user. */
  exec(argv: readonly string[]): Promise<{ code: number | null; output: string }> {
    const pid = String(this.containerPid());
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const uid = /^Uid:\s+(\d+)/m.exec(status)?.[1] ?? '0';
    const gid = /^Gid:\s+(\d+)/m.exec(status)?.[1] ?? '0';
    const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean);
    const child = startProcess(`${this.name} exec`, '/usr/bin/env', ['-i', ...env, '/usr/bin/nsenter', '-t', pid, '-m', '-u', '-i', '-n', '-p', '-r', '-w', '-S', uid, '-G', gid, '--', ...argv], {
      cwd: '/',
      env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' },
    });
    return child.exited.then(({ code }) => ({ code, output: child.output() }));
  }

  /** What the kubelet does to stop a pod: SIGTERM to the container, SIGKILL after the grace period. */
  async stop(gracePeriodSeconds = 30): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.process.isRunning) {
      try {
        process.kill(this.containerPid(), 'SIGTERM');
      } catch {
        // already gone
      }
      const timer = setTimeout(() => this.process.child.kill('SIGKILL'), gracePeriodSeconds * 1000);
      await this.exited;
      clearTimeout(timer);
    }
    return this.exited;
  }

  /** Runs one of the container's rendered probes once, as the kubelet does: HTTP GET, 200–399 is success. */
  async probeOnce(kind: 'startupProbe' | 'readinessProbe' | 'livenessProbe'): Promise<{ ok: boolean; status: number | string }> {
    const probe = this.container?.[kind];
    if (!probe?.httpGet) throw new Error(`${this.name} renders no ${kind} with httpGet`);
    const port = this.resolvePort(probe.httpGet.port);
    try {
      const response = await fetch(`http://${this.ip}:${port}${probe.httpGet.path ?? '/'}`, {
        headers: { 'user-agent': 'kube-probe/1.34' },
        redirect: 'manual',
        signal: AbortSignal.timeout((probe.timeoutSeconds ?? 1) * 1000),
      });
      await response.arrayBuffer();
      return { ok: response.status >= 200 && response.status < 400, status: response.status };
    } catch (error) {
      return { ok: false, status: (error as Error).message };
    }
  }

  /**
   * Waits for the startup probe as the kubelet allows it: success within initialDelaySeconds + failureThreshold ×
   * periodSeconds (plus the tests' margin), else the kubelet would have restarted the container: an error with its
   * output. Then readiness and liveness must pass.
   */
  async waitUntilStarted(): Promise<void> {
    const probe = this.container?.startupProbe ?? this.container?.readinessProbe;
    if (!probe) throw new Error(`${this.name} renders no startup or readiness probe`);
    const bound = ((probe.initialDelaySeconds ?? 0) + (probe.failureThreshold ?? 3) * (probe.periodSeconds ?? 10)) * 1000 + TIMING_MARGIN_MS;
    const kind = this.container?.startupProbe ? 'startupProbe' : 'readinessProbe';
    let last: number | string = 'not probed';
    try {
      await waitFor(
        `${this.name}'s ${kind}`,
        async () => {
          if (!this.process.isRunning) throw new Error(`${this.name} exited before its ${kind} passed`);
          const result = await this.probeOnce(kind);
          last = result.status;
          return result.ok ? true : undefined;
        },
        bound,
      );
    } catch (error) {
      throw new Error(`${(error as Error).message} (last answer: ${last}):\n${this.logs()}`);
    }
    for (const other of ['readinessProbe', 'livenessProbe'] as const) {
      if (!this.container?.[other]) continue;
      const result = await this.probeOnce(other);
      if (!result.ok) throw new Error(`${this.name}'s ${other} failed (${result.status}):\n${this.logs()}`);
    }
  }

  private resolvePort(port: number | string): number {
    if (typeof port === 'number') return port;
    const named = this.container?.ports?.find((candidate) => candidate.name === port);
    if (!named) throw new Error(`${this.name} has no container port named ${port}`);
    return named.containerPort;
  }
}

export class SandboxCluster {
  private readonly pods: SandboxPod[] = [];
  private readonly scratch = mkdtempSync(join(tmpdir(), 'tracing-lab-sandbox-'));

  private constructor(
    readonly namespace: string,
    private readonly objects: readonly K8sObject[],
    readonly network: ClusterNetwork,
  ) {}

  /** A namespace holding the rendered objects' Services (none of their pods runs until started). */
  static create(rendered: readonly K8sObject[], namespace: string): SandboxCluster {
    removeStaleContainers();
    return new SandboxCluster(namespace, rendered, ClusterNetwork.create());
  }

  private services(): { name: string; spec: ServiceSpec }[] {
    return this.objects
      .filter((object) => object.kind === 'Service' && (object.metadata.namespace ?? this.namespace) === this.namespace)
      .map((object) => ({ name: object.metadata.name, spec: object.spec as ServiceSpec }));
  }

  /** The running pod a Service's selector matches (one replica per workload here), or undefined. */
  private backingPod(spec: ServiceSpec): SandboxPod | undefined {
    const selector = Object.entries(spec.selector ?? {});
    if (selector.length === 0) return undefined;
    return this.pods.find((pod) => pod.process.isRunning && selector.every(([key, value]) => pod.labels[key] === value));
  }

  /** A Service's stand-in "cluster IP": its running pod's address, else one that refuses every connection. */
  private serviceIp(spec: ServiceSpec): string {
    return this.backingPod(spec)?.ip ?? this.network.refusingIp();
  }

  private linkedServices(): LinkedService[] {
    const services = this.services().map(({ name, spec }) => ({ name, clusterIp: this.serviceIp(spec), ports: spec.ports }));
    return [...services, { name: 'kubernetes', clusterIp: this.network.refusingIp(), ports: [{ name: 'https', port: 443 }] }];
  }

  /** /etc/hosts of one pod: the kubelet's lines, then every Service's names (what the cluster's DNS would answer). */
  private hostsFile(own: { ip: string; hostname: string }): string {
    const lines = ['127.0.0.1\tlocalhost', '::1\tlocalhost ip6-localhost ip6-loopback', `${own.ip}\t${own.hostname}`];
    for (const { name, spec } of this.services()) {
      const names = [`${name}.${this.namespace}.svc.${CLUSTER_DOMAIN}`, `${name}.${this.namespace}.svc`, `${name}.${this.namespace}`, name];
      lines.push(`${this.serviceIp(spec)}\t${names.join(' ')}`);
    }
    return `${lines.join('\n')}\n`;
  }

  private readonly hostsFiles: { path: string; ip: string; hostname: string }[] = [];

  /** Rewrites every pod's /etc/hosts in place (the same inode, so the containers' bind mounts see it). */
  private refreshHosts(): void {
    for (const file of this.hostsFiles) writeFileSync(file.path, this.hostsFile(file));
  }

  /** Checks that a request to `<service>:<port>` can reach pods with `labels` directly (no kube-proxy to translate ports). */
  private checkServicePorts(labels: Record<string, string>): void {
    for (const { name, spec } of this.services()) {
      const selector = Object.entries(spec.selector ?? {});
      if (selector.length === 0 || !selector.every(([key, value]) => labels[key] === value)) continue;
      for (const port of spec.ports) {
        const target = port.targetPort ?? port.port;
        if (typeof target === 'number' ? target !== port.port : false) {
          throw new Error(`Service ${name} maps port ${port.port} to ${target}: the pod stand-in has no kube-proxy to translate it`);
        }
      }
    }
  }

  /**
   * Starts the Tempo STAND-IN (our Go program, not Tempo) as the pod of `workload` (the Tempo chart's StatefulSet):
   * its labels, so the Tempo Service selects it, and listening on the container ports named as the Tempo
   * container's (`grpc` 4317 receives OTLP, `http`/3200 answers the HTTP API).
   */
  startTempoStandin(workload: K8sObject, ports: { otlpGrpc: number; http: number }): SandboxPod {
    const { name, template } = podOf(workload);
    this.checkServicePorts(template.metadata.labels ?? {});
    const network = this.network.addPod();
    const process = startProcess(
      'tempo-standin',
      'setpriv',
      ['--pdeathsig', 'KILL', '--', 'ip', 'netns', 'exec', network.netns, TEMPO_STANDIN_BIN, `-grpc-listen=0.0.0.0:${ports.otlpGrpc}`, `-http-listen=0.0.0.0:${ports.http}`],
      { cwd: REPO_ROOT, env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' } },
    );
    const pod = new SandboxPod(name, template.metadata.labels ?? {}, network, process, undefined, () => this.refreshHosts(), false);
    this.pods.push(pod);
    this.refreshHosts();
    return pod;
  }

  /** Starts the pod of a rendered Deployment, Pod or Job (its first container; the chart's pods have one). */
  start(workload: K8sObject): SandboxPod {
    const { name, template } = podOf(workload);
    const spec = template.spec;
    if (spec.containers.length !== 1 || (spec.initContainers?.length ?? 0) > 0) {
      throw new Error(`${workload.kind} ${workload.metadata.name}: the pod stand-in runs pods of exactly one container`);
    }
    const container = spec.containers[0]!;
    this.checkServicePorts(template.metadata.labels ?? {});
    const image = imageConfig(container.image);
    const hostname = spec.hostname ?? name;
    const network = this.network.addPod();
    const directory = mkdtempSync(join(this.scratch, `${name}-`));

    const security = { ...spec.securityContext, ...container.securityContext };
    const [imageUid, imageGid] = image.user.split(':');
    const uid = security.runAsUser ?? (imageUid ? Number(imageUid) : 0);
    const gid = security.runAsGroup ?? (imageGid ? Number(imageGid) : 0);
    if (Number.isNaN(uid) || Number.isNaN(gid)) throw new Error(`image ${container.image} names its user (${image.user}): the stand-in needs numeric ids`);
    if (security.runAsNonRoot && uid === 0) throw new Error(`container ${container.name} has runAsNonRoot and would run as root: the kubelet refuses it`);

    // Volumes: emptyDir only (what the chart renders), owned by the fsGroup as the kubelet sets it up.
    const mounts: string[] = [];
    for (const mount of container.volumeMounts ?? []) {
      const volume = spec.volumes?.find((candidate) => candidate.name === mount.name);
      if (!volume?.emptyDir) throw new Error(`${name}: volume ${mount.name} is not an emptyDir, which is all the stand-in provides`);
      const path = join(directory, 'volumes', mount.name);
      mkdirSync(path, { recursive: true });
      if (spec.securityContext?.fsGroup !== undefined) {
        chownSync(path, 0, spec.securityContext.fsGroup);
        chmodSync(path, 0o2777);
      } else {
        chmodSync(path, 0o777);
      }
      mounts.push(`${path}:${mount.mountPath}:${mount.readOnly ? 'ro' : 'rw'}`);
    }
    const hosts = { path: join(directory, 'hosts'), ip: network.ip, hostname };
    this.hostsFiles.push(hosts);
    writeFileSync(hosts.path, this.hostsFile(hosts));
    writeFileSync(join(directory, 'hostname'), `${hostname}\n`);
    // No DNS server: every name the pod needs is in /etc/hosts; 127.0.0.1 makes any other lookup fail at once.
    const search = [`${this.namespace}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN].join(' ');
    writeFileSync(join(directory, 'resolv.conf'), `search ${search}\nnameserver 127.0.0.1\noptions ndots:5\n`);
    mounts.push(`${hosts.path}:/etc/hosts:rw`, `${join(directory, 'hostname')}:/etc/hostname:rw`, `${join(directory, 'resolv.conf')}:/etc/resolv.conf:rw`);

    const environment = containerEnvironment({
      imageEnv: image.env,
      hostname,
      services: spec.enableServiceLinks === false ? [] : this.linkedServices(),
      env: container.env ?? [],
      pod: {
        name,
        namespace: this.namespace,
        nodeName: NODE_NAME,
        podIp: network.ip,
        serviceAccountName: spec.serviceAccountName ?? 'default',
        uid: randomBytes(16).toString('hex'),
      },
    });
    const envFile = join(directory, 'environment');
    writeFileSync(envFile, [...environment].map(([key, value]) => `${key}=${value}\0`).join(''));

    // Kubernetes: `command` replaces the image's ENTRYPOINT (and then its CMD too), `args` replaces CMD.
    const argv = container.command ? [...container.command, ...(container.args ?? [])] : [...image.entrypoint, ...(container.args ?? image.cmd)];
    if (argv.length === 0) throw new Error(`${name}: neither the pod spec nor image ${container.image} names a command`);

    const rootfs: ContainerRootfs = containerRootfs(container.image);
    const args = [
      '--rootfs',
      rootfs.path,
      '--netns',
      network.netns,
      '--hostname',
      hostname,
      '--uid',
      String(uid),
      '--gid',
      String(gid),
      '--workdir',
      container.workingDir ?? image.workingDir,
      ...(security.readOnlyRootFilesystem ? ['--read-only'] : []),
      ...mounts.flatMap((mount) => ['--mount', mount]),
      '--env-file',
      envFile,
      '--',
      ...argv,
    ];
    const process = startProcess(name, RUN_CONTAINER, args, { cwd: REPO_ROOT, env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' } });
    const pod = new SandboxPod(name, template.metadata.labels ?? {}, network, process, container, () => {
      rootfs.remove();
      this.refreshHosts();
    });
    this.pods.push(pod);
    this.refreshHosts();
    return pod;
  }

  /**
   * Runs a Pod or Job to its end and returns its exit and output. The wait is the bound it promises,
   * activeDeadlineSeconds (the kubelet ends the pod then), plus the margin; past it the test fails.
   */
  async runToCompletion(workload: K8sObject): Promise<{ code: number | null; output: string }> {
    const deadlineSeconds = (workload.spec as { activeDeadlineSeconds?: number }).activeDeadlineSeconds;
    if (deadlineSeconds === undefined) throw new Error(`${workload.kind} ${workload.metadata.name} renders no activeDeadlineSeconds`);
    const pod = this.start(workload);
    const boundMs = deadlineSeconds * 1000 + TIMING_MARGIN_MS;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`${pod.name} ran past its activeDeadlineSeconds (${deadlineSeconds} s):\n${pod.logs()}`)), boundMs);
    });
    try {
      const { code } = await Promise.race([pod.exited, deadline]);
      return { code, output: pod.logs() };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops every pod and removes the network and scratch files. */
  async destroy(): Promise<void> {
    await Promise.all(this.pods.map((pod) => pod.stop(5)));
    this.network.destroy();
    rmSync(this.scratch, { recursive: true, force: true });
  }
}
