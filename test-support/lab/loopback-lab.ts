import { ECHO_SERVICE, LOG_SERVICE } from '@tracing-lab/contract';
import { startService, type RunningService } from './service-process';
import { startTempoStandin, type RunningTempoStandin, type TempoStandinOptions } from './tempo-standin';

/**
 * The whole lab on loopback: the Tempo stand-in, then echo-service and log-service as real processes with their
 * real start command, each on a free port, exporting OTLP/gRPC to the stand-in (insecure, as in the cluster).
 * Stop everything with `stopAllProcesses()` from managed-process.ts; `labForThisFile` (suite-lifecycle.ts) does both.
 */
export interface Lab {
  tempo: RunningTempoStandin;
  echo: RunningService;
  log: RunningService;
}

/** A short batch delay so spans reach the stand-in quickly; overridable per service. */
export const FAST_EXPORT = { OTEL_BSP_SCHEDULE_DELAY: '200' };

/** Extra environment for each service, and the stand-in's options. */
export interface LabEnvironment {
  echo?: Record<string, string>;
  log?: Record<string, string>;
  tempo?: TempoStandinOptions;
}

export async function startLab(env: LabEnvironment = {}): Promise<Lab> {
  const tempo = await startTempoStandin(env.tempo);
  const otel = { ...FAST_EXPORT, OTEL_EXPORTER_OTLP_ENDPOINT: tempo.otlpEndpoint };
  const echo = await startService(ECHO_SERVICE, { ...otel, ...env.echo });
  const log = await startService(LOG_SERVICE, { ...otel, ECHO_SERVICE_URL: echo.url, ...env.log });
  return { tempo, echo, log };
}
