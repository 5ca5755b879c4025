import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fetchTempoTrace } from '../services/log-service/src/trace-check/tempo-client';
import { spansOfTempoTrace } from '../services/log-service/src/trace-check/tempo-trace';
import type { TraceSpan } from '../services/log-service/src/trace-check/trace-span';
import { startProcess, waitForHttp, type ManagedProcess } from './managed-process';
import { REPO_ROOT } from './repo-root';

/**
 * The Tempo stand-in (e2e/tempo-standin, built by scripts/build-tempo-standin.sh): a real OTLP/gRPC receiver
 * serving Tempo's HTTP query API. It stands in for Tempo only because Tempo cannot be built on this machine.
 */
export const TEMPO_STANDIN_BIN = join(REPO_ROOT, '.tools', 'bin', 'tempo-standin');

export interface RunningTempoStandin {
  /** For OTEL_EXPORTER_OTLP_ENDPOINT (insecure gRPC). */
  otlpEndpoint: string;
  /** Tempo's HTTP API (port 3200 in the cluster). */
  url: string;
  grpcPort: number;
  httpPort: number;
  process: ManagedProcess;
  /** The spans Tempo holds for a trace (hex id), or [] while it has none. */
  spans(traceId: string): Promise<TraceSpan[]>;
  /** Polls until `done(spans)` holds; returns the last spans seen either way. */
  waitForSpans(traceId: string, done: (spans: TraceSpan[]) => boolean, timeoutMs?: number): Promise<TraceSpan[]>;
}

export async function startTempoStandin(ports?: { grpcPort: number; httpPort: number }): Promise<RunningTempoStandin> {
  if (!existsSync(TEMPO_STANDIN_BIN)) {
    throw new Error(`${TEMPO_STANDIN_BIN} is missing: run 'scripts/provision-tools.sh --helm' (or 'make tools') first`);
  }
  // Port 0 unless given (a restart reuses the ports): the stand-in's first line says which ports it bound.
  const child = startProcess(
    'tempo-standin',
    TEMPO_STANDIN_BIN,
    [`-grpc-listen=127.0.0.1:${ports?.grpcPort ?? 0}`, `-http-listen=127.0.0.1:${ports?.httpPort ?? 0}`],
    { cwd: REPO_ROOT, env: process.env },
  );
  const bound = JSON.parse(await child.waitForLine(/"msg":"listening"/)) as { grpc: string; http: string };
  const grpcPort = Number(bound.grpc.split(':').pop());
  const httpPort = Number(bound.http.split(':').pop());
  const url = `http://127.0.0.1:${httpPort}`;
  await waitForHttp(child, `${url}/ready`);

  const spans = async (traceId: string): Promise<TraceSpan[]> => {
    const lookup = await fetchTempoTrace(url, traceId);
    return lookup.found ? spansOfTempoTrace(lookup.body) : [];
  };
  const waitForSpans = async (traceId: string, done: (spans: TraceSpan[]) => boolean, timeoutMs = 15_000): Promise<TraceSpan[]> => {
    const deadline = Date.now() + timeoutMs;
    let last = await spans(traceId);
    while (!done(last) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      last = await spans(traceId);
    }
    return last;
  };
  return { otlpEndpoint: `http://127.0.0.1:${grpcPort}`, url, grpcPort, httpPort, process: child, spans, waitForSpans };
}
