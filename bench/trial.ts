import { ECHO_SERVICE, LOG_SERVICE, type ServiceName } from '@tracing-lab/contract';
import { startTempoStandin } from '../test-support/lab/tempo-standin';
import type { ChartServiceSettings } from './chart-settings';
import type { Configuration, ConfigurationId } from './configurations';
import { oneMinuteLoad } from './machine';
import { driveLoad, type LoadFigures, type LoadSpec } from './load';
import type { BenchOptions } from './options';
import { peakRssMB } from './peak-rss';
import { processCpuSeconds } from './process-cpu';
import { gcPauseSeconds } from './service-gc';
import type { MemoryCgroups } from './memory-cgroup';
import { launchService, type LaunchedService } from './service-launch';
import { spansAfterFlush, spansReceived } from './standin-spans';
import { spansPerRequest, tracedRequests } from './spans-per-request';
import { eachService, type PerService } from './per-service';

/** Spans a phase's requests produced and how many of them reached the stand-in. */
export interface PhaseSpans {
  expected: number;
  received: number;
}

/** What one service used during a phase, its export of the phase's spans included. */
export interface ServiceUsage {
  /** CPU seconds of the process (all threads, user + system). */
  cpuSeconds: number;
  /** Seconds of garbage-collection pauses (the service's nodejs_gc_duration_seconds). */
  gcSeconds: number;
}

export interface PhaseResult {
  load: LoadFigures;
  /** Requests the services handled: responses plus those still in flight when the run ended. */
  requests: number;
  /** null when the configuration exports nothing. */
  spans: PhaseSpans | null;
  usage: Record<ServiceName, ServiceUsage>;
}

export interface TrialResult {
  configuration: ConfigurationId;
  round: number;
  /** The machine's 1-minute load average when the trial started (the benchmark's own processes included). */
  loadAverage: number;
  /** NODE_OPTIONS each service ran with ('' for none). */
  nodeOptions: Record<ServiceName, string>;
  /** The memory limit of the cgroup each service ran in (null: none). */
  cgroupMemoryLimitBytes: Record<ServiceName, number | null>;
  startupMs: PerService;
  peakRssMB: PerService;
  /** null when the configuration exports nothing. */
  spansPerRequest: number | null;
  /** One connection: latency without queueing. */
  light: LoadFigures;
  sustained: PhaseResult;
  saturation: PhaseResult;
}

/** Extra time, beyond the schedule delay, for the last batch to be exported and received. */
const FLUSH_MARGIN_MS = 1500;

/**
 * One configuration, once, on fresh processes: a fresh stand-in, echo-service and log-service (timed to their
 * first 200), a warm-up, a few traced requests, the sustained run, the saturation run, and the peak RSS of both.
 */
export async function runTrial(
  configuration: Configuration,
  round: number,
  options: BenchOptions,
  chart: Record<ServiceName, ChartServiceSettings>,
  cgroups: MemoryCgroups | null,
  log: (line: string) => void,
): Promise<TrialResult> {
  const loadAverage = oneMinuteLoad();
  const standin = await startTempoStandin();
  const launched: LaunchedService[] = [];
  try {
    // The chart's heap budget, or none at all (an empty NODE_OPTIONS also keeps one from the caller's shell out).
    const envOf = (service: ServiceName) => ({
      OTEL_EXPORTER_OTLP_ENDPOINT: standin.otlpEndpoint,
      NODE_OPTIONS: configuration.heapBudget ? (chart[service].nodeOptions ?? '') : '',
    });
    const launcherOf = (service: ServiceName): string[] => {
      if (!configuration.memoryCgroup) return [];
      if (!cgroups) throw new Error(`configuration ${configuration.id} needs memory cgroups`);
      return cgroups.launcher(service);
    };
    // echo-service first (log-service needs its URL), never both at once: start-up is timed alone.
    const echo = await launchService(ECHO_SERVICE, configuration, envOf(ECHO_SERVICE), launcherOf(ECHO_SERVICE));
    launched.push(echo);
    const logService = await launchService(LOG_SERVICE, configuration, { ...envOf(LOG_SERVICE), ECHO_SERVICE_URL: echo.url }, launcherOf(LOG_SERVICE));
    launched.push(logService);
    const services: Record<ServiceName, LaunchedService> = { [LOG_SERVICE]: logService, [ECHO_SERVICE]: echo };
    const target = `${logService.url}/info`;

    await driveLoad({ url: target, connections: options.connections, run: { durationSec: options.warmupSec } });
    const traceIds = configuration.traced ? await tracedRequests(target, options.tracedRequests) : [];

    const light = await driveLoad({ url: target, connections: 1, run: { durationSec: options.lightSec } });

    const quietMs = configuration.flushDelayMs + FLUSH_MARGIN_MS;
    // Waits until `atLeast` spans arrived or none arrived for longer than the batch delay (the rest was dropped).
    const flushed = (atLeast: number): Promise<number> =>
      configuration.traced ? spansAfterFlush(standin, { atLeast, quietMs }) : spansReceived(standin);

    let received = await flushed(Number.POSITIVE_INFINITY);
    const perRequest = configuration.traced ? await spansPerRequest(standin, traceIds) : null;
    const usageOf = async (service: LaunchedService): Promise<ServiceUsage> => ({
      cpuSeconds: await processCpuSeconds(service.pid),
      gcSeconds: await gcPauseSeconds(service.url),
    });
    const usage = async (): Promise<Record<ServiceName, ServiceUsage>> => ({ [LOG_SERVICE]: await usageOf(logService), [ECHO_SERVICE]: await usageOf(echo) });
    const used = (from: ServiceUsage, to: ServiceUsage): ServiceUsage => ({ cpuSeconds: to.cpuSeconds - from.cpuSeconds, gcSeconds: to.gcSeconds - from.gcSeconds });
    // CPU and GC are read before the load and after its spans were exported: exporting is part of a request's cost.
    const measure = async (spec: LoadSpec): Promise<PhaseResult> => {
      const before = received;
      const start = await usage();
      const load = await driveLoad(spec);
      const requests = load.responses + load.inFlightAtEnd;
      let spans: PhaseSpans | null = null;
      if (perRequest !== null) {
        received = await flushed(before + requests * perRequest);
        spans = { expected: requests * perRequest, received: received - before };
      }
      const end = await usage();
      return { load, requests, spans, usage: eachService((service) => used(start[service], end[service])) };
    };
    const sustained = await measure({
      url: target,
      connections: options.sustainedConnections,
      run: { amount: options.sustainedRate * options.sustainedSec, overallRate: options.sustainedRate },
    });
    const saturation = await measure({ url: target, connections: options.connections, run: { durationSec: options.saturationSec } });

    const result: TrialResult = {
      configuration: configuration.id,
      round,
      loadAverage,
      nodeOptions: eachService((service) => services[service].nodeOptions),
      cgroupMemoryLimitBytes: eachService((service) => services[service].cgroupMemoryLimitBytes),
      startupMs: eachService((service) => services[service].startupMs),
      peakRssMB: { [LOG_SERVICE]: await peakRssMB(logService.pid), [ECHO_SERVICE]: await peakRssMB(echo.pid) },
      spansPerRequest: perRequest,
      light,
      sustained,
      saturation,
    };
    const cpuUs = (service: ServiceName) => ((saturation.usage[service].cpuSeconds * 1e6) / saturation.requests).toFixed(0);
    log(
      `  ${configuration.id} round ${round}: ${saturation.load.requestsPerSec.toFixed(0)} req/s at saturation ` +
        `(CPU per request: log-service ${cpuUs(LOG_SERVICE)} µs, echo-service ${cpuUs(ECHO_SERVICE)} µs; ` +
        `peak RSS ${result.peakRssMB[LOG_SERVICE].toFixed(0)} / ${result.peakRssMB[ECHO_SERVICE].toFixed(0)} MB), ` +
        `p99 ${light.latencyMs.p99.toFixed(2)} ms at one connection, ${sustained.load.latencyMs.p99.toFixed(2)} ms at ${options.sustainedRate} req/s` +
        (sustained.spans && saturation.spans
          ? `, spans ${sustained.spans.received}/${sustained.spans.expected} sustained, ${saturation.spans.received}/${saturation.spans.expected} saturated`
          : ''),
    );
    return result;
  } catch (error) {
    const exited = launched.filter((service) => !service.process.isRunning);
    if (exited.length === 0) throw error;
    const outputs = exited.map((service) => `${service.process.label} exited:\n${service.process.output()}`).join('\n');
    throw new Error(`${configuration.id} round ${round}: ${String(error)}\n${outputs}`, { cause: error });
  } finally {
    for (const service of launched.reverse()) await service.process.stop('SIGTERM');
    await standin.process.stop('SIGTERM');
  }
}
