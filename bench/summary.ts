import type { ServiceName } from '@tracing-lab/contract';
import type { ChartServiceSettings } from './chart-settings';
import type { Configuration, ConfigurationId } from './configurations';
import type { LatencyMs, LoadFigures } from './load';
import { median } from './median';
import { eachService, type PerService } from './per-service';
import type { PhaseResult, ServiceUsage, TrialResult } from './trial';


export interface LoadSummary {
  requestsPerSec: number;
  latencyMs: LatencyMs;
  /** Non-2xx responses plus connection errors, summed over the rounds. */
  failures: number;
}

export interface Delivery {
  expected: number;
  received: number;
  /** expected - received, never below 0. */
  dropped: number;
  /** received / expected. */
  ratio: number;
}

export interface ConfigurationSummary {
  id: ConfigurationId;
  name: string;
  description: string;
  rounds: number;
  /** Medians over the rounds. */
  light: LoadSummary;
  saturation: LoadSummary;
  sustained: LoadSummary;
  startupMs: PerService;
  peakRssMB: PerService;
  /** Peak RSS divided by the chart's memory limit of the service. */
  peakRssOfLimit: PerService;
  /** The process's CPU time per request handled (µs), at the fixed rate and at saturation. */
  cpuUsPerRequest: { sustained: PerService; saturation: PerService };
  /** Garbage-collection pause time as a share of the process's CPU time. */
  gcShare: { sustained: PerService; saturation: PerService };
  /** Summed over the rounds; null when the configuration exports nothing. */
  spanDelivery: { spansPerRequest: number; sustained: Delivery; saturation: Delivery } | null;
}

function loadSummary(runs: LoadFigures[]): LoadSummary {
  return {
    requestsPerSec: median(runs.map((r) => r.requestsPerSec)),
    latencyMs: {
      p50: median(runs.map((r) => r.latencyMs.p50)),
      p99: median(runs.map((r) => r.latencyMs.p99)),
      p999: median(runs.map((r) => r.latencyMs.p999)),
    },
    failures: runs.reduce((sum, r) => sum + r.non2xx + r.errors, 0),
  };
}

function delivery(phases: PhaseResult[]): Delivery | null {
  let expected = 0;
  let received = 0;
  for (const phase of phases) {
    if (!phase.spans) return null;
    expected += phase.spans.expected;
    received += phase.spans.received;
  }
  return { expected, received, dropped: Math.max(0, expected - received), ratio: expected === 0 ? 0 : received / expected };
}

function perService(values: PerService[]): PerService {
  return eachService((service) => median(values.map((v) => v[service])));
}

/** Medians over the rounds of a figure computed per service from each round's phase. */
export function perPhase(phases: PhaseResult[], figure: (usage: ServiceUsage, phase: PhaseResult) => number): PerService {
  return perService(phases.map((phase) => eachService((service) => figure(phase.usage[service], phase))));
}

export const cpuUsPerRequest = (usage: ServiceUsage, phase: PhaseResult): number => (usage.cpuSeconds * 1e6) / phase.requests;
const gcShare = (usage: ServiceUsage): number => (usage.cpuSeconds > 0 ? usage.gcSeconds / usage.cpuSeconds : 0);

/** One configuration's figures over its rounds: medians for speed, sizes and times; sums for span delivery. */
export function summarize(configuration: Configuration, trials: TrialResult[], chart: Record<ServiceName, ChartServiceSettings>): ConfigurationSummary {
  const own = trials.filter((t) => t.configuration === configuration.id);
  if (own.length === 0) throw new Error(`no trial of configuration ${configuration.id}`);
  const sustained = delivery(own.map((t) => t.sustained));
  const saturation = delivery(own.map((t) => t.saturation));
  const perRequest = own.map((t) => t.spansPerRequest).filter((n): n is number => n !== null);
  return {
    id: configuration.id,
    name: configuration.name,
    description: configuration.description,
    rounds: own.length,
    light: loadSummary(own.map((t) => t.light)),
    saturation: loadSummary(own.map((t) => t.saturation.load)),
    sustained: loadSummary(own.map((t) => t.sustained.load)),
    startupMs: perService(own.map((t) => t.startupMs)),
    peakRssMB: perService(own.map((t) => t.peakRssMB)),
    peakRssOfLimit: perService(
      own.map((t) => eachService((service) => (t.peakRssMB[service] * 1e6) / chart[service].memoryLimitBytes)),
    ),
    cpuUsPerRequest: {
      sustained: perPhase(own.map((t) => t.sustained), cpuUsPerRequest),
      saturation: perPhase(own.map((t) => t.saturation), cpuUsPerRequest),
    },
    gcShare: { sustained: perPhase(own.map((t) => t.sustained), gcShare), saturation: perPhase(own.map((t) => t.saturation), gcShare) },
    spanDelivery: sustained && saturation && perRequest.length > 0 ? { spansPerRequest: median(perRequest), sustained, saturation } : null,
  };
}
