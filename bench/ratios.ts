import { eachService, type PerService } from './per-service';
import type { ConfigurationSummary } from './summary';

/** A traced configuration against tracing off (A): each figure divided by A's. */
export interface Ratios {
  lightRequestsPerSec: number;
  lightP50: number;
  lightP99: number;
  lightP999: number;
  saturationRequestsPerSec: number;
  saturationP50: number;
  saturationP99: number;
  saturationP999: number;
  sustainedP50: number;
  sustainedP99: number;
  sustainedP999: number;
  startup: PerService;
  peakRss: PerService;
  /** Differences, not ratios: what tracing adds. */
  lightP99AddedMs: number;
  sustainedP99AddedMs: number;
  rssAddedMB: PerService;
  /** CPU per request at saturation, divided by A's; and what tracing adds to it (µs). */
  cpuPerRequest: PerService;
  cpuAddedUs: PerService;
}

export function ratios(traced: ConfigurationSummary, off: ConfigurationSummary): Ratios {
  return {
    lightRequestsPerSec: traced.light.requestsPerSec / off.light.requestsPerSec,
    lightP50: traced.light.latencyMs.p50 / off.light.latencyMs.p50,
    lightP99: traced.light.latencyMs.p99 / off.light.latencyMs.p99,
    lightP999: traced.light.latencyMs.p999 / off.light.latencyMs.p999,
    saturationRequestsPerSec: traced.saturation.requestsPerSec / off.saturation.requestsPerSec,
    saturationP50: traced.saturation.latencyMs.p50 / off.saturation.latencyMs.p50,
    saturationP99: traced.saturation.latencyMs.p99 / off.saturation.latencyMs.p99,
    saturationP999: traced.saturation.latencyMs.p999 / off.saturation.latencyMs.p999,
    sustainedP50: traced.sustained.latencyMs.p50 / off.sustained.latencyMs.p50,
    sustainedP99: traced.sustained.latencyMs.p99 / off.sustained.latencyMs.p99,
    sustainedP999: traced.sustained.latencyMs.p999 / off.sustained.latencyMs.p999,
    startup: eachService((service) => traced.startupMs[service] / off.startupMs[service]),
    peakRss: eachService((service) => traced.peakRssMB[service] / off.peakRssMB[service]),
    lightP99AddedMs: traced.light.latencyMs.p99 - off.light.latencyMs.p99,
    sustainedP99AddedMs: traced.sustained.latencyMs.p99 - off.sustained.latencyMs.p99,
    rssAddedMB: eachService((service) => traced.peakRssMB[service] - off.peakRssMB[service]),
    cpuPerRequest: eachService((service) => traced.cpuUsPerRequest.saturation[service] / off.cpuUsPerRequest.saturation[service]),
    cpuAddedUs: eachService((service) => traced.cpuUsPerRequest.saturation[service] - off.cpuUsPerRequest.saturation[service]),
  };
}
