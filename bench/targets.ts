import { SERVICE_NAMES, type ServiceName } from '@tracing-lab/contract';
import type { Baseline } from './baseline';
import type { Ratios } from './ratios';
import type { ConfigurationSummary, Delivery } from './summary';

/** One of the issues' targets, with what this run measured. */
export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean;
}

export interface Summaries {
  a: ConfigurationSummary;
  b: ConfigurationSummary;
  c: ConfigurationSummary;
  u: ConfigurationSummary;
  /** Missing where memory cgroups could not be made. */
  p: ConfigurationSummary | undefined;
}

const fixed = (n: number, digits = 2): string => n.toFixed(digits);
/** "log-service …, echo-service …" */
const perServiceText = (format: (service: ServiceName) => string): string => SERVICE_NAMES.map((service) => `${service} ${format(service)}`).join(', ');
const everyService = (holds: (service: ServiceName) => boolean): boolean => SERVICE_NAMES.every(holds);

/** The figures on which B must beat C: [name, B's value, C's value, is higher better]. */
function comparedFigures(b: ConfigurationSummary, c: ConfigurationSummary): [string, number, number, boolean][] {
  const figures: [string, number, number, boolean][] = [
    ['req/s at one connection', b.light.requestsPerSec, c.light.requestsPerSec, true],
    ['p50 at one connection', b.light.latencyMs.p50, c.light.latencyMs.p50, false],
    ['p99 at one connection', b.light.latencyMs.p99, c.light.latencyMs.p99, false],
    ['p99.9 at one connection', b.light.latencyMs.p999, c.light.latencyMs.p999, false],
    ['req/s at saturation', b.saturation.requestsPerSec, c.saturation.requestsPerSec, true],
    ['p50 at saturation', b.saturation.latencyMs.p50, c.saturation.latencyMs.p50, false],
    ['p99 at saturation', b.saturation.latencyMs.p99, c.saturation.latencyMs.p99, false],
    ['p99.9 at saturation', b.saturation.latencyMs.p999, c.saturation.latencyMs.p999, false],
    ['sustained p50', b.sustained.latencyMs.p50, c.sustained.latencyMs.p50, false],
    ['sustained p99', b.sustained.latencyMs.p99, c.sustained.latencyMs.p99, false],
    ['sustained p99.9', b.sustained.latencyMs.p999, c.sustained.latencyMs.p999, false],
    ...SERVICE_NAMES.map((service): [string, number, number, boolean] => [`${service} start-up`, b.startupMs[service], c.startupMs[service], false]),
    ...SERVICE_NAMES.map((service): [string, number, number, boolean] => [`${service} peak RSS`, b.peakRssMB[service], c.peakRssMB[service], false]),
  ];
  // Not GC share: it is a share of CPU, smaller where more CPU goes elsewhere; CPU per request includes GC's.
  for (const service of SERVICE_NAMES) {
    figures.push([`${service} CPU per request at the sustained rate`, b.cpuUsPerRequest.sustained[service], c.cpuUsPerRequest.sustained[service], false]);
    figures.push([`${service} CPU per request at saturation`, b.cpuUsPerRequest.saturation[service], c.cpuUsPerRequest.saturation[service], false]);
  }
  if (b.spanDelivery && c.spanDelivery) {
    // Share of spans dropped, not the delivery ratio: C's net spans for new connections can lift its ratio above 1.
    const droppedShare = (d: Delivery): number => (d.expected === 0 ? 0 : d.dropped / d.expected);
    figures.push(['spans dropped at the sustained rate', droppedShare(b.spanDelivery.sustained), droppedShare(c.spanDelivery.sustained), false]);
    figures.push(['spans dropped at saturation', droppedShare(b.spanDelivery.saturation), droppedShare(c.spanDelivery.saturation), false]);
  }
  return figures;
}

/** Tracing's CPU per request (B − A) as a share of A's. */
const tracingShare = (a: number, b: number): number => (b - a) / a;

/** Issue 9's target on tracing's CPU, against the baseline run. */
function tracingCpuTarget(a: ConfigurationSummary, b: ConfigurationSummary, baseline: Baseline | null): TargetCheck {
  const target = "Tracing's CPU per request (B − A, as a share of A's) down ≥ 25 % from the baseline run, each service";
  if (!baseline) return { target, measured: 'no baseline (bench/baseline-run.json)', met: false };
  const now = (key: ServiceName) => tracingShare(a.cpuUsPerRequest.saturation[key], b.cpuUsPerRequest.saturation[key]);
  const then = (key: ServiceName) => tracingShare(baseline.cpuUsPerRequest.A[key], baseline.cpuUsPerRequest.B[key]);
  const change = (key: ServiceName) => now(key) / then(key) - 1;
  const added = (key: ServiceName) => b.cpuUsPerRequest.saturation[key] - a.cpuUsPerRequest.saturation[key];
  const baselineAdded = (key: ServiceName) => baseline.cpuUsPerRequest.B[key] - baseline.cpuUsPerRequest.A[key];
  return {
    target,
    measured:
      perServiceText((key) => `+${fixed(100 * now(key), 0)} % of A (+${fixed(added(key), 0)} µs) against +${fixed(100 * then(key), 0)} % (+${fixed(baselineAdded(key), 0)} µs): ${change(key) <= 0 ? '' : '+'}${fixed(100 * change(key), 0)} %`) +
      ` (baseline: ${baseline.run})`,
    met: everyService((key) => change(key) <= -0.25),
  };
}

/**
 * The heap budget against what it replaces in a cluster: a pod without NODE_OPTIONS, where Node sizes its heap from
 * the container's limit (P). Left out, with the reason in the report, where P could not be measured.
 */
function podTarget(b: ConfigurationSummary, p: ConfigurationSummary | undefined): TargetCheck[] {
  if (!p) return [];
  const overPod = (key: ServiceName) => b.cpuUsPerRequest.saturation[key] / p.cpuUsPerRequest.saturation[key];
  return [
    {
      target: "No GC thrash, against a pod without the heap budget: B's CPU per request at most P's, at saturation (issue 9)",
      measured: perServiceText((key) => `${fixed(overPod(key))}×`),
      met: everyService((key) => overPod(key) <= 1),
    },
  ];
}

/** The targets of issues 6 and 9 for B (this project's setup), checked against A (tracing off), C (the tutorial's), U (no heap budget) and P (a pod without it). */
export function checkTargets({ a, b, c, u, p }: Summaries, bOverA: Ratios, baseline: Baseline | null): TargetCheck[] {
  const worse = comparedFigures(b, c)
    .filter(([, ours, theirs, higherIsBetter]) => (higherIsBetter ? ours < theirs : ours > theirs))
    .map(([name]) => name);
  const sustained = b.spanDelivery?.sustained;
  const saturated = b.spanDelivery?.saturation;
  const overUntuned = (key: ServiceName) => b.cpuUsPerRequest.saturation[key] / u.cpuUsPerRequest.saturation[key];
  return [
    {
      target: "Peak RSS of B ≤ 80 % of the chart's memory limit, each service (issue 9)",
      measured: perServiceText((key) => `${fixed(100 * b.peakRssOfLimit[key], 0)} %`),
      met: everyService((key) => b.peakRssOfLimit[key] <= 0.8),
    },
    {
      target: "No GC thrash under the chart's heap budget: B's CPU per request within 10 % of U's (no budget), at saturation (issue 9)",
      measured: perServiceText((key) => `${fixed(overUntuned(key))}×`),
      met: everyService((key) => overUntuned(key) <= 1.1),
    },
    ...podTarget(b, p),
    {
      target: 'Throughput B/A ≥ 0.60 at saturation (issue 9; issue 6 asked 0.90)',
      measured: fixed(bOverA.saturationRequestsPerSec),
      met: bOverA.saturationRequestsPerSec >= 0.6,
    },
    tracingCpuTarget(a, b, baseline),
    {
      target: 'Peak RSS overhead of B ≤ 60 MB with the heap budget, each service (issue 9; issue 6 asked 40 MB)',
      measured: perServiceText((key) => `${bOverA.rssAddedMB[key] >= 0 ? '+' : ''}${fixed(bOverA.rssAddedMB[key], 1)} MB`),
      met: everyService((key) => bOverA.rssAddedMB[key] <= 60),
    },
    {
      target: 'B better than C on every figure (issues 6 and 9)',
      measured: worse.length === 0 ? 'better on all' : `worse on: ${worse.join(', ')}`,
      met: worse.length === 0,
    },
    {
      target: 'p99 added by B ≤ 1 ms at moderate load (one connection, no queueing) (issue 6)',
      measured: `${bOverA.lightP99AddedMs >= 0 ? '+' : ''}${fixed(bOverA.lightP99AddedMs)} ms (${fixed(a.light.latencyMs.p99)} → ${fixed(b.light.latencyMs.p99)} ms)`,
      met: bOverA.lightP99AddedMs <= 1,
    },
    {
      target: `… and at ${Math.round(a.sustained.requestsPerSec)} req/s (autocannon's rate limit sends in bursts) (issue 6)`,
      measured: `${bOverA.sustainedP99AddedMs >= 0 ? '+' : ''}${fixed(bOverA.sustainedP99AddedMs)} ms (${fixed(a.sustained.latencyMs.p99)} → ${fixed(b.sustained.latencyMs.p99)} ms)`,
      met: bOverA.sustainedP99AddedMs <= 1,
    },
    {
      target: 'Zero spans dropped by B at the sustained rate (issue 6)',
      measured: sustained ? `${sustained.dropped} dropped of ${sustained.expected}` : 'not measured',
      met: sustained !== undefined && sustained.dropped === 0,
    },
    {
      target: 'Drops by B at saturation counted and reported (issue 6)',
      measured: saturated ? `${saturated.dropped} dropped of ${saturated.expected} (${fixed(100 * (1 - saturated.ratio), 1)} %)` : 'not measured',
      met: saturated !== undefined,
    },
    {
      target: 'Start-up of B within 1.5× of A (issue 6)',
      measured: perServiceText((service) => `${fixed(bOverA.startup[service])}×`),
      met: everyService((service) => bOverA.startup[service] <= 1.5),
    },
  ];
}
