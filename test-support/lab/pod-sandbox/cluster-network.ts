import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { processAlive } from '../images';

/**
 * A STAND-IN for a cluster's pod network, made of Linux network namespaces (iproute2, as root): one namespace per
 * pod with its own IP on one /24, all joined by a bridge that lives in a namespace of its own, plus one veth into
 * this machine's namespace so the test (like the kubelet's probes) reaches every pod by IP. Nothing but that one
 * interface is added to the machine's own namespace; `destroy()` removes everything, and namespaces left by a
 * test process that died are removed by the next one.
 */
const PREFIX = 'tlab';

function ip(args: readonly string[]): string {
  const result = spawnSync('ip', args, { encoding: 'utf8' });
  if (result.error) throw new Error(`ip ${args.join(' ')}: ${result.error.message} (install iproute2)`);
  if (result.status !== 0) throw new Error(`ip ${args.join(' ')} failed: ${result.stderr.trim()}`);
  return result.stdout;
}

/** Removes the namespaces of earlier test processes that are gone (names carry the process id). */
function removeStaleNamespaces(): void {
  for (const line of ip(['netns', 'list']).split('\n')) {
    const match = new RegExp(`^(${PREFIX}(\\d+)-\\S+)`).exec(line);
    if (match && !processAlive(Number(match[2]))) spawnSync('ip', ['netns', 'delete', match[1]!]);
  }
}

/** A /24 in 10.200.0.0–10.250.255.0 that no route of this machine overlaps. */
function freeSubnet(): string {
  const routes = ip(['-4', 'route', 'show', 'table', 'all']);
  for (;;) {
    const candidate = `10.${randomInt(200, 251)}.${randomInt(0, 256)}`;
    if (!routes.includes(`${candidate}.`)) return candidate;
  }
}

export interface PodNetwork {
  /** The pod's network namespace (for `ip netns exec`). */
  netns: string;
  ip: string;
}

export class ClusterNetwork {
  private readonly pods: PodNetwork[] = [];
  private destroyed = false;

  private constructor(
    private readonly id: string,
    private readonly subnet: string,
  ) {}

  /** The machine's own address on the pod network. */
  get hostIp(): string {
    return `${this.subnet}.1`;
  }

  private get bridgeNetns(): string {
    return `${this.id}-bridge`;
  }

  static create(): ClusterNetwork {
    if (process.getuid?.() !== 0) throw new Error('the pod network stand-in needs root (network namespaces): run the suite as root');
    removeStaleNamespaces();
    const network = new ClusterNetwork(`${PREFIX}${process.pid}-${randomInt(1000, 10000)}`, freeSubnet());
    process.once('exit', () => network.destroy());
    const bridge = network.bridgeNetns;
    ip(['netns', 'add', bridge]);
    ip(['-n', bridge, 'link', 'add', 'br0', 'type', 'bridge']);
    ip(['-n', bridge, 'link', 'set', 'br0', 'up']);
    // The host end's name must be unique in the machine's namespace (at most 15 characters).
    const hostEnd = `tl${network.id.slice(PREFIX.length).replace('-', '')}`.slice(0, 15);
    ip(['link', 'add', hostEnd, 'type', 'veth', 'peer', 'name', 'host', 'netns', bridge]);
    ip(['-n', bridge, 'link', 'set', 'host', 'master', 'br0', 'up']);
    ip(['addr', 'add', `${network.hostIp}/24`, 'dev', hostEnd]);
    ip(['link', 'set', hostEnd, 'up']);
    return network;
  }

  /** A new pod namespace with the next free address, loopback up, attached to the bridge. */
  addPod(): PodNetwork {
    const index = this.pods.length + 2;
    if (index > 254) throw new Error('the pod network stand-in holds at most 253 pods');
    const pod = { netns: `${this.id}-pod${index}`, ip: `${this.subnet}.${index}` };
    ip(['netns', 'add', pod.netns]);
    ip(['-n', pod.netns, 'link', 'set', 'lo', 'up']);
    ip(['-n', pod.netns, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', `pod${index}`, 'netns', this.bridgeNetns]);
    ip(['-n', this.bridgeNetns, 'link', 'set', `pod${index}`, 'master', 'br0', 'up']);
    ip(['-n', pod.netns, 'addr', 'add', `${pod.ip}/24`, 'dev', 'eth0']);
    ip(['-n', pod.netns, 'link', 'set', 'eth0', 'up']);
    this.pods.push(pod);
    return pod;
  }

  private refusing: PodNetwork | undefined;

  /**
   * The address of a namespace where nothing listens, so every connection is refused at once: where a Service
   * without a running pod leads (kube-proxy rejects connections to a Service without endpoints the same way).
   */
  refusingIp(): string {
    this.refusing ??= this.addPod();
    return this.refusing.ip;
  }

  /** Deletes every namespace (their interfaces, the host end included, go with them). Idempotent. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const netns of [...this.pods.map((pod) => pod.netns), this.bridgeNetns]) spawnSync('ip', ['netns', 'delete', netns]);
  }
}
