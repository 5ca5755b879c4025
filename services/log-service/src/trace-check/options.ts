import { parseArgs } from 'node:util';
import { CHECK_REQUESTS, type CheckRequest } from './expectations';

export interface TraceCheckOptions {
  logServiceUrl: string;
  tempoUrl: string;
  timeoutSeconds: number;
  request: CheckRequest;
  json: boolean;
  pollIntervalMs: number;
  /** Prometheus holding Tempo's service-graph metrics; set, the check also reports the log-service → echo-service edge. */
  prometheusUrl: string | null;
}

export const USAGE = `Usage: node dist/trace-check/cli.js [options]

Sends one request to log-service, then polls Tempo until that request's trace holds spans of both services,
checks that the echo-service span is nested under the log-service span, and prints the trace as a waterfall.
Exit status: 0 when the trace proves it, 1 when something is missing (the output says what), 2 on bad usage.

Options (environment variable in brackets):
  --log-service-url URL    log-service base URL [LOG_SERVICE_URL] (default http://127.0.0.1:8080)
  --tempo-url URL          Tempo HTTP API base URL, port 3200 [TEMPO_URL] (default http://127.0.0.1:3200)
  --timeout-seconds N      how long to wait for the trace [TRACE_CHECK_TIMEOUT_SECONDS] (default 60)
  --request info|logs      GET /info or POST /logs [TRACE_CHECK_REQUEST] (default info)
  --poll-interval-ms N     pause between Tempo polls [TRACE_CHECK_POLL_INTERVAL_MS] (default 500)
  --prometheus-url URL     also report the service-graph edge log-service → echo-service that Tempo's
                           metrics-generator writes to this Prometheus [PROMETHEUS_URL] (default: no such step);
                           an edge not there yet is reported, not failed (the generator needs about a minute)
  --json                   print the result as one JSON object [TRACE_CHECK_OUTPUT=json]
  -h, --help               print this help`;

export class UsageError extends Error {}

function httpUrl(name: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`${name} must be an http(s) URL, got ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${name} must be an http(s) URL, got ${JSON.stringify(raw)}`);
  }
  // fetch refuses such a URL on every request; said once here, the secret itself left out.
  if (url.username !== '' || url.password !== '') {
    const redacted = raw.replace(/^(\s*[a-z]+:\/\/)[^/?#\\]*@/i, '$1***@');
    throw new UsageError(`${name} must not contain a user name or password (fetch refuses such URLs), got ${JSON.stringify(redacted)}`);
  }
  return raw;
}

function positiveNumber(name: string, raw: string): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n <= 0) {
    throw new UsageError(`${name} must be a positive number, got ${JSON.stringify(raw)}`);
  }
  return n;
}

/** Options from the command line, falling back to the environment, then to defaults. Throws UsageError. */
export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv): TraceCheckOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        'log-service-url': { type: 'string' },
        'tempo-url': { type: 'string' },
        'timeout-seconds': { type: 'string' },
        request: { type: 'string' },
        'poll-interval-ms': { type: 'string' },
        'prometheus-url': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) return 'help';

  const request = values.request ?? env.TRACE_CHECK_REQUEST ?? 'info';
  const prometheusUrl = values['prometheus-url'] ?? env.PROMETHEUS_URL;
  if (!(CHECK_REQUESTS as readonly string[]).includes(request)) {
    throw new UsageError(`--request must be one of ${CHECK_REQUESTS.join(', ')}, got ${JSON.stringify(request)}`);
  }
  return {
    logServiceUrl: httpUrl('--log-service-url', values['log-service-url'] ?? env.LOG_SERVICE_URL ?? 'http://127.0.0.1:8080'),
    tempoUrl: httpUrl('--tempo-url', values['tempo-url'] ?? env.TEMPO_URL ?? 'http://127.0.0.1:3200'),
    timeoutSeconds: positiveNumber('--timeout-seconds', values['timeout-seconds'] ?? env.TRACE_CHECK_TIMEOUT_SECONDS ?? '60'),
    request: request as CheckRequest,
    json: values.json ?? env.TRACE_CHECK_OUTPUT === 'json',
    pollIntervalMs: positiveNumber(
      '--poll-interval-ms',
      values['poll-interval-ms'] ?? env.TRACE_CHECK_POLL_INTERVAL_MS ?? '500',
    ),
    prometheusUrl: prometheusUrl === undefined || prometheusUrl === '' ? null : httpUrl('--prometheus-url', prometheusUrl),
  };
}
