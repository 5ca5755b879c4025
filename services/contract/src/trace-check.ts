/**
 * trace-check's command line as its callers use it: the chart's hooks, `make demo`, the tests. One list of request
 * kinds, so the chart's `traceCheck.request` accepts exactly what trace-check does.
 */
export const TRACE_CHECK_REQUESTS = ['info', 'logs'] as const;
export type TraceCheckRequest = (typeof TRACE_CHECK_REQUESTS)[number];

export const TRACE_CHECK_FLAGS = {
  logServiceUrl: '--log-service-url',
  tempoUrl: '--tempo-url',
  timeoutSeconds: '--timeout-seconds',
  request: '--request',
  pollIntervalMs: '--poll-interval-ms',
  prometheusUrl: '--prometheus-url',
  json: '--json',
  traceId: '--trace-id',
  verbose: '--verbose',
  html: '--html',
} as const;

/**
 * Where the log-service image holds trace-check and how it is started there (the chart's hooks run it from that
 * image; services/Dockerfile puts it there). Exit 0: the nested trace was found; 1: not; 2: bad usage.
 */
export const TRACE_CHECK_IN_IMAGE = {
  workingDir: '/app/services/log-service',
  command: ['node', 'dist/trace-check/cli.js'],
} as const;
