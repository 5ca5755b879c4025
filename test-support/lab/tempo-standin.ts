import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startProcess, waitForHttp, type ManagedProcess } from './managed-process';
import { REPO_ROOT } from '../repo-root';
import { readRawSpans, type RawSpan } from './tempo-raw-trace';
import { SIGNAL_TIMEOUT_MS } from '../timing';

/**
 * The Tempo stand-in (tools/tempo-standin, built by scripts/build-tempo-standin.sh): a real OTLP/gRPC receiver
 * answering Tempo 2.10.8's HTTP query API. It stands in for Tempo because Tempo (AGPL) is kept out of this project.
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
  /** The spans the stand-in holds for a trace (hex id), read from its raw JSON; [] while it has none. */
  spans(traceId: string): Promise<RawSpan[]>;
  /** Polls until `done(spans)` holds; returns the last spans seen either way. */
  waitForSpans(traceId: string, done: (spans: RawSpan[]) => boolean, timeoutMs?: number): Promise<RawSpan[]>;
}

export interface TempoStandinOptions {
  /** Ports to bind (a restart reuses them); 0 or unset: a free port, which the stand-in's first line names. */
  grpcPort?: number;
  httpPort?: number;
  /** `-max-bytes-per-trace` (Tempo's max_bytes_per_trace); unset: the stand-in's default, Tempo's 5000000. */
  maxBytesPerTrace?: number;
}

export async function startTempoStandin(options: TempoStandinOptions = {}): Promise<RunningTempoStandin> {
  if (!existsSync(TEMPO_STANDIN_BIN)) {
    throw new Error(`${TEMPO_STANDIN_BIN} is missing: run 'scripts/provision-tools.sh --helm' (or 'make tools') first`);
  }
  const args = [`-grpc-listen=127.0.0.1:${options.grpcPort ?? 0}`, `-http-listen=127.0.0.1:${options.httpPort ?? 0}`];
  if (options.maxBytesPerTrace !== undefined) args.push(`-max-bytes-per-trace=${options.maxBytesPerTrace}`);
  const child = startProcess('tempo-standin', TEMPO_STANDIN_BIN, args, { cwd: REPO_ROOT, env: process.env });
  const bound = JSON.parse(await child.waitForLine(/"msg":"listening"/)) as { grpc: string; http: string };
  const grpcPort = Number(bound.grpc.split(':').pop());
  const httpPort = Number(bound.http.split(':').pop());
  const url = `http://127.0.0.1:${httpPort}`;
  await waitForHttp(child, `${url}/ready`);

  const spans = (traceId: string): Promise<RawSpan[]> => readRawSpans(url, traceId);
  const waitForSpans = async (traceId: string, done: (spans: RawSpan[]) => boolean, timeoutMs = SIGNAL_TIMEOUT_MS): Promise<RawSpan[]> => {
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
