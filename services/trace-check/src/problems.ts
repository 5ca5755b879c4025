/**
 * What a check found missing or wrong, as a typed value: `kind` for programs (the `--json` report, tests), `message`
 * for people (the text report's `  - …` lines). Problems are collected as the checks run and rendered at the end
 * (report.ts); the exit status follows from whether there are any (cli.ts).
 */
export type ProblemKind =
  /** log-service never answered the request (connection refused, timed out) before the deadline. */
  | 'log-service-unreachable'
  /** Every request's `traceresponse` said the sampler dropped its trace. */
  | 'never-sampled'
  /** log-service answered another status than the checked route's. */
  | 'unexpected-status'
  /** log-service's answer named no trace (`x-trace-id` missing or not a trace id). */
  | 'no-trace-id'
  /** Tempo never held the trace before the deadline. */
  | 'trace-missing'
  /** Tempo could not be read (unreachable, an answer that is not its JSON). */
  | 'tempo-unreadable'
  /** Tempo refused the trace as larger than its max_bytes_per_trace. */
  | 'trace-too-large'
  /** Tempo answered PARTIAL and what is missing may be in the part it left out. */
  | 'trace-cut-short'
  /** The structural checks on the trace (check-trace.ts). */
  | 'no-spans'
  | 'foreign-spans'
  | 'missing-service'
  | 'missing-server-span'
  | 'wrong-route'
  | 'wrong-parent'
  /** echo-service received no `traceparent` (log-service's answer says so): its span is in a trace of its own. */
  | 'no-propagation'
  /** Tempo's search (what Grafana Explore runs) does not find the trace. */
  | 'not-searchable'
  /** The service-graph step could not query Prometheus. */
  | 'prometheus-unreachable';

export interface Problem {
  kind: ProblemKind;
  message: string;
}

export const problem = (kind: ProblemKind, message: string): Problem => ({ kind, message });
