import { startTempoStandin } from '../test-support/tempo-standin';
import type { Configuration, ConfigurationId } from './configurations';
import { driveLoad, type LoadFigures, type LoadSpec } from './load';
import type { BenchOptions } from './options';
import { peakRssMB } from './peak-rss';
import { launchService, type LaunchedService } from './service-launch';
import { spansAfterFlush, spansReceived } from './standin-spans';
import { spansPerRequest, tracedRequests } from './spans-per-request';

/** Spans a phase's requests produced and how many of them reached the stand-in. */
export interface PhaseSpans {
  expected: number;
  received: number;
}

export interface PhaseResult {
  load: LoadFigures;
  /** null when the configuration exports nothing. */
  spans: PhaseSpans | null;
}

export interface TrialResult {
  configuration: ConfigurationId;
  round: number;
  startupMs: { logService: number; echoService: number };
  peakRssMB: { logService: number; echoService: number };
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
export async function runTrial(configuration: Configuration, round: number, options: BenchOptions, log: (line: string) => void): Promise<TrialResult> {
  const standin = await startTempoStandin();
  const launched: LaunchedService[] = [];
  try {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: standin.otlpEndpoint };
    const echo = await launchService('echo-service', configuration, env);
    launched.push(echo);
    const logService = await launchService('log-service', configuration, { ...env, ECHO_SERVICE_URL: echo.url });
    launched.push(logService);
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
    const measure = async (spec: LoadSpec): Promise<PhaseResult> => {
      const before = received;
      const load = await driveLoad(spec);
      if (perRequest === null) return { load, spans: null };
      const expected = (load.responses + load.inFlightAtEnd) * perRequest;
      received = await flushed(before + expected);
      return { load, spans: { expected, received: received - before } };
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
      startupMs: { logService: logService.startupMs, echoService: echo.startupMs },
      peakRssMB: { logService: await peakRssMB(logService.pid), echoService: await peakRssMB(echo.pid) },
      spansPerRequest: perRequest,
      light,
      sustained,
      saturation,
    };
    log(
      `  ${configuration.id} round ${round}: ${saturation.load.requestsPerSec.toFixed(0)} req/s at saturation, ` +
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
