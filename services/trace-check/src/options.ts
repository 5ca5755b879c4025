import { parseArgs } from 'node:util';
import { TRACE_ID_BYTES } from './ids';
import { ECHO_SERVICE, LOG_SERVICE, ROUTES, SERVICE_PORT, TRACE_CHECK_FLAGS as FLAG, TRACE_CHECK_REQUESTS, type TraceCheckRequest } from '@tracing-lab/contract';

export interface TraceCheckOptions {
  logServiceUrl: string;
  tempoUrl: string;
  timeoutSeconds: number;
  request: TraceCheckRequest;
  json: boolean;
  pollIntervalMs: number;
  /** Prometheus holding Tempo's service-graph metrics; set, the check also reports the log-service → echo-service edge. */
  prometheusUrl: string | null;
  /** An existing trace to read and check instead of sending a request (32 lower-case hex digits); else null. */
  traceId: string | null;
  /** Each span's status, attributes and events under its waterfall line. */
  verbose: boolean;
  /** Where to write the waterfall as a self-contained HTML page; else null. */
  htmlFile: string | null;
}

const DEFAULT_LOG_SERVICE_URL = `http://127.0.0.1:${SERVICE_PORT}`;
const DEFAULT_TEMPO_URL = 'http://127.0.0.1:3200';

export const USAGE = `Usage: trace-check [options]
  (node dist/cli.js in services/trace-check; in the log-service image, node dist/trace-check/cli.js)

Sends one request to ${LOG_SERVICE}, then polls Tempo until that request's trace holds spans of both services,
checks that the ${ECHO_SERVICE} span is nested under the ${LOG_SERVICE} span, and prints the trace as a waterfall.
Exit status: 0 when the trace proves it, 1 when something is missing (the output says what), 2 on bad usage.

Options (environment variable in brackets):
  ${FLAG.logServiceUrl} URL    ${LOG_SERVICE} base URL [LOG_SERVICE_URL] (default ${DEFAULT_LOG_SERVICE_URL})
  ${FLAG.tempoUrl} URL          Tempo HTTP API base URL, port 3200 [TEMPO_URL] (default ${DEFAULT_TEMPO_URL})
  ${FLAG.timeoutSeconds} N      how long to wait for the trace [TRACE_CHECK_TIMEOUT_SECONDS] (default 60)
  ${FLAG.request} ${TRACE_CHECK_REQUESTS.join('|')}      GET ${ROUTES.info} or POST ${ROUTES.logs} [TRACE_CHECK_REQUEST] (default info)
  ${FLAG.pollIntervalMs} N     pause between Tempo polls [TRACE_CHECK_POLL_INTERVAL_MS] (default 500)
  ${FLAG.prometheusUrl} URL     also report the service-graph edge ${LOG_SERVICE} → ${ECHO_SERVICE} that Tempo's
                           metrics-generator writes to this Prometheus [PROMETHEUS_URL] (default: no such step);
                           an edge not there yet is reported, not failed (the generator needs about a minute)
  ${FLAG.json}                   print the result as one JSON object [TRACE_CHECK_OUTPUT=json]
  ${FLAG.traceId} ID           send no request: read this existing trace (the x-trace-id of an answer, up to 32 hex
                           digits) from Tempo, print its waterfall and check it; no search step
  ${FLAG.verbose}                each span's kind, status, attributes and events under its waterfall line
  ${FLAG.html} FILE             also write the waterfall as a self-contained HTML page to FILE (open it in a browser)
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

/** parseArgs' name of a flag: `--tempo-url` → `tempo-url`. */
const key = (flag: string): string => flag.slice(2);

/** Options from the command line, falling back to the environment, then to defaults. Throws UsageError. */
export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv): TraceCheckOptions | 'help' {
  const text = { type: 'string' } as const;
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        [key(FLAG.logServiceUrl)]: text,
        [key(FLAG.tempoUrl)]: text,
        [key(FLAG.timeoutSeconds)]: text,
        [key(FLAG.request)]: text,
        [key(FLAG.pollIntervalMs)]: text,
        [key(FLAG.prometheusUrl)]: text,
        [key(FLAG.json)]: { type: 'boolean' },
        [key(FLAG.traceId)]: text,
        [key(FLAG.verbose)]: { type: 'boolean' },
        [key(FLAG.html)]: text,
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) return 'help';
  const flag = (name: string): string | undefined => values[key(name)] as string | undefined;

  const request = flag(FLAG.request) ?? env.TRACE_CHECK_REQUEST ?? 'info';
  const prometheusUrl = flag(FLAG.prometheusUrl) ?? env.PROMETHEUS_URL;
  if (!(TRACE_CHECK_REQUESTS as readonly string[]).includes(request)) {
    throw new UsageError(`${FLAG.request} must be one of ${TRACE_CHECK_REQUESTS.join(', ')}, got ${JSON.stringify(request)}`);
  }
  return {
    logServiceUrl: httpUrl(FLAG.logServiceUrl, flag(FLAG.logServiceUrl) ?? env.LOG_SERVICE_URL ?? DEFAULT_LOG_SERVICE_URL),
    tempoUrl: httpUrl(FLAG.tempoUrl, flag(FLAG.tempoUrl) ?? env.TEMPO_URL ?? DEFAULT_TEMPO_URL),
    timeoutSeconds: positiveNumber(FLAG.timeoutSeconds, flag(FLAG.timeoutSeconds) ?? env.TRACE_CHECK_TIMEOUT_SECONDS ?? '60'),
    request: request as TraceCheckRequest,
    json: (values[key(FLAG.json)] as boolean | undefined) ?? env.TRACE_CHECK_OUTPUT === 'json',
    pollIntervalMs: positiveNumber(FLAG.pollIntervalMs, flag(FLAG.pollIntervalMs) ?? env.TRACE_CHECK_POLL_INTERVAL_MS ?? '500'),
    prometheusUrl: prometheusUrl === undefined || prometheusUrl === '' ? null : httpUrl(FLAG.prometheusUrl, prometheusUrl),
    traceId: flag(FLAG.traceId) === undefined ? null : traceIdOption(flag(FLAG.traceId)!),
    verbose: (values[key(FLAG.verbose)] as boolean | undefined) ?? false,
    htmlFile: flag(FLAG.html) === undefined ? null : fileOption(FLAG.html, flag(FLAG.html)!),
  };
}

/** A trace id as people paste it: up to 32 hex digits of either case (Tempo pads shorter ones with zeros). */
function traceIdOption(raw: string): string {
  const id = raw.trim();
  if (!/^[0-9a-fA-F]{1,32}$/.test(id) || /^0+$/.test(id)) {
    throw new UsageError(`${FLAG.traceId} must be a trace id of up to 32 hex digits (an answer's x-trace-id header), got ${JSON.stringify(raw)}`);
  }
  return id.toLowerCase().padStart(TRACE_ID_BYTES * 2, '0');
}

function fileOption(name: string, raw: string): string {
  if (raw.trim() === '') throw new UsageError(`${name} must name a file to write`);
  return raw;
}
