import { startService, type RunningService } from './service-process';
import { startTempoStandin, type RunningTempoStandin, type TempoStandinOptions } from './tempo-standin';

/**
 * The whole lab on loopback: the Tempo stand-in, then echo-service and log-service as real processes with their
 * real start command, each on a free port, exporting OTLP/gRPC to the stand-in (insecure, as in the cluster).
 * Stop everything with `stopAllProcesses()` from test-support/lab/managed-process.
 */
export interface Lab {
  tempo: RunningTempoStandin;
  echo: RunningService;
  log: RunningService;
}

/** A short batch delay so spans reach the stand-in quickly; overridable per service. */
export const FAST_EXPORT = { OTEL_BSP_SCHEDULE_DELAY: '200' };

export async function startLab(
  env: { echo?: Record<string, string>; log?: Record<string, string>; tempo?: TempoStandinOptions } = {},
): Promise<Lab> {
  const tempo = await startTempoStandin(env.tempo);
  const otel = { ...FAST_EXPORT, OTEL_EXPORTER_OTLP_ENDPOINT: tempo.otlpEndpoint };
  const echo = await startService('echo-service', { ...otel, ...env.echo });
  const log = await startService('log-service', { ...otel, ECHO_SERVICE_URL: echo.url, ...env.log });
  return { tempo, echo, log };
}
