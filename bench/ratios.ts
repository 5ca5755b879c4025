import type { ConfigurationSummary, PerService } from './summary';

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
  startupLogService: number;
  startupEchoService: number;
  peakRssLogService: number;
  peakRssEchoService: number;
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
    startupLogService: traced.startupMs.logService / off.startupMs.logService,
    startupEchoService: traced.startupMs.echoService / off.startupMs.echoService,
    peakRssLogService: traced.peakRssMB.logService / off.peakRssMB.logService,
    peakRssEchoService: traced.peakRssMB.echoService / off.peakRssMB.echoService,
    lightP99AddedMs: traced.light.latencyMs.p99 - off.light.latencyMs.p99,
    sustainedP99AddedMs: traced.sustained.latencyMs.p99 - off.sustained.latencyMs.p99,
    rssAddedMB: {
      logService: traced.peakRssMB.logService - off.peakRssMB.logService,
      echoService: traced.peakRssMB.echoService - off.peakRssMB.echoService,
    },
    cpuPerRequest: {
      logService: traced.cpuUsPerRequest.saturation.logService / off.cpuUsPerRequest.saturation.logService,
      echoService: traced.cpuUsPerRequest.saturation.echoService / off.cpuUsPerRequest.saturation.echoService,
    },
    cpuAddedUs: {
      logService: traced.cpuUsPerRequest.saturation.logService - off.cpuUsPerRequest.saturation.logService,
      echoService: traced.cpuUsPerRequest.saturation.echoService - off.cpuUsPerRequest.saturation.echoService,
    },
  };
}
