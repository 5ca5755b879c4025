import type { Ratios } from './ratios';
import type { ConfigurationSummary, Delivery } from './summary';

/** One of issue 6's targets, with what this run measured. */
export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean;
}

const fixed = (n: number, digits = 2): string => n.toFixed(digits);

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
    ['log-service start-up', b.startupMs.logService, c.startupMs.logService, false],
    ['echo-service start-up', b.startupMs.echoService, c.startupMs.echoService, false],
    ['log-service peak RSS', b.peakRssMB.logService, c.peakRssMB.logService, false],
    ['echo-service peak RSS', b.peakRssMB.echoService, c.peakRssMB.echoService, false],
  ];
  if (b.spanDelivery && c.spanDelivery) {
    // Share of spans dropped, not the delivery ratio: C's net spans for new connections can lift its ratio above 1.
    const droppedShare = (d: Delivery): number => (d.expected === 0 ? 0 : d.dropped / d.expected);
    figures.push(['spans dropped at the sustained rate', droppedShare(b.spanDelivery.sustained), droppedShare(c.spanDelivery.sustained), false]);
    figures.push(['spans dropped at saturation', droppedShare(b.spanDelivery.saturation), droppedShare(c.spanDelivery.saturation), false]);
  }
  return figures;
}

/** Issue 6's targets for B (this project's setup), checked against A (tracing off) and C (the tutorial's). */
export function checkTargets(a: ConfigurationSummary, b: ConfigurationSummary, c: ConfigurationSummary, bOverA: Ratios): TargetCheck[] {
  const worse = comparedFigures(b, c)
    .filter(([, ours, theirs, higherIsBetter]) => (higherIsBetter ? ours < theirs : ours > theirs))
    .map(([name]) => name);
  const sustained = b.spanDelivery?.sustained;
  const saturated = b.spanDelivery?.saturation;
  return [
    {
      target: 'Throughput B/A ≥ 0.90 (at saturation)',
      measured: fixed(bOverA.saturationRequestsPerSec),
      met: bOverA.saturationRequestsPerSec >= 0.9,
    },
    {
      target: 'p99 added by B ≤ 1 ms at moderate load (one connection, no queueing)',
      measured: `${bOverA.lightP99AddedMs >= 0 ? '+' : ''}${fixed(bOverA.lightP99AddedMs)} ms (${fixed(a.light.latencyMs.p99)} → ${fixed(b.light.latencyMs.p99)} ms)`,
      met: bOverA.lightP99AddedMs <= 1,
    },
    {
      target: `… and at ${Math.round(a.sustained.requestsPerSec)} req/s (autocannon's rate limit sends in bursts)`,
      measured: `${bOverA.sustainedP99AddedMs >= 0 ? '+' : ''}${fixed(bOverA.sustainedP99AddedMs)} ms (${fixed(a.sustained.latencyMs.p99)} → ${fixed(b.sustained.latencyMs.p99)} ms)`,
      met: bOverA.sustainedP99AddedMs <= 1,
    },
    {
      target: 'B better than C on every figure',
      measured: worse.length === 0 ? 'better on all' : `worse on: ${worse.join(', ')}`,
      met: worse.length === 0,
    },
    {
      target: 'Zero spans dropped by B at the sustained rate',
      measured: sustained ? `${sustained.dropped} dropped of ${sustained.expected}` : 'not measured',
      met: sustained !== undefined && sustained.dropped === 0,
    },
    {
      target: 'Drops by B at saturation counted and reported',
      measured: saturated ? `${saturated.dropped} dropped of ${saturated.expected} (${fixed(100 * (1 - saturated.ratio), 1)} %)` : 'not measured',
      met: saturated !== undefined,
    },
    {
      target: 'Start-up of B within 1.5× of A',
      measured: `log-service ${fixed(bOverA.startupLogService)}×, echo-service ${fixed(bOverA.startupEchoService)}×`,
      met: bOverA.startupLogService <= 1.5 && bOverA.startupEchoService <= 1.5,
    },
    {
      target: 'Peak RSS overhead of B ≤ 40 MB',
      measured: `log-service +${fixed(bOverA.rssAddedMB.logService, 1)} MB, echo-service +${fixed(bOverA.rssAddedMB.echoService, 1)} MB`,
      met: bOverA.rssAddedMB.logService <= 40 && bOverA.rssAddedMB.echoService <= 40,
    },
  ];
}
