import type { ConfigurationSummary } from './summary';

/** A traced configuration against tracing off (A): each figure divided by A's. */
export interface Ratios {
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
  sustainedP99AddedMs: number;
  rssAddedMB: { logService: number; echoService: number };
}

export function ratios(traced: ConfigurationSummary, off: ConfigurationSummary): Ratios {
  return {
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
    sustainedP99AddedMs: traced.sustained.latencyMs.p99 - off.sustained.latencyMs.p99,
    rssAddedMB: {
      logService: traced.peakRssMB.logService - off.peakRssMB.logService,
      echoService: traced.peakRssMB.echoService - off.peakRssMB.echoService,
    },
  };
}
