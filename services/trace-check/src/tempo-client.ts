import { jsonBody as json, request, urlUnder as apiUrl } from './http';
import { traceIdFromSearch } from './ids';
import { oneLineExcerpt } from './one-line-excerpt';
import { readTraceV1Answer, readTraceV2Answer, type TempoTraceAnswer } from './tempo-trace';

/** The two Tempo HTTP API calls trace-check makes: trace by id and tag search (what Grafana Explore runs). */

/** `checkEnd`: the check's end, which gives the request up (see `request`). */
const get = (url: URL, checkEnd: AbortSignal | undefined) => request(url, { headers: { accept: 'application/json' }, signal: checkEnd ?? null });

/** How many traces a search asks for. */
const SEARCH_LIMIT = 100;

function describeAnswer(path: string, status: number, text: string): string {
  const body = oneLineExcerpt(text);
  return `GET ${path} → ${status}${body ? ` ${body}` : ''}`;
}

/**
 * Tempo's v1 API refused the trace as larger than its max_bytes_per_trace (422; v2 would answer part of it as
 * PARTIAL). Final, unlike "not there yet": a trace only grows. `message` is how Tempo answered.
 */
export class TraceTooLargeError extends Error {
  override readonly name = 'TraceTooLargeError';
}

export interface TraceLookup extends TempoTraceAnswer {
  /** The URL that answered. */
  endpoint: string;
  /** How Tempo answered, for reports, e.g. `GET /api/v2/traces/<id> → 200 with an empty trace`. */
  answer: string;
}

/**
 * `GET /api/v2/traces/<id>`. Tempo's v2 route never answers 404: an unknown trace is 200 with an empty trace, so
 * `spans` is [] and the trace is simply not there (yet). A 404 therefore means the route is missing (a Tempo older
 * than the v2 API), and then `GET /api/traces/<id>` is asked, where 404 is "not there (yet)" and 422 throws a
 * TraceTooLargeError. Any other answer throws.
 */
export async function fetchTempoTrace(tempoUrl: string, traceIdHex: string, checkEnd?: AbortSignal): Promise<TraceLookup> {
  const v2 = apiUrl(tempoUrl, `api/v2/traces/${traceIdHex}`);
  const first = await get(v2, checkEnd);
  if (first.status === 200) {
    const read = readTraceV2Answer(json(v2, first.text));
    const answer = `GET ${v2.pathname} → 200${read.spans.length === 0 ? ' with an empty trace' : ''}`;
    return { ...read, endpoint: v2.href, answer };
  }
  if (first.status !== 404) throw new Error(describeAnswer(v2.pathname, first.status, first.text));

  const v1 = apiUrl(tempoUrl, `api/traces/${traceIdHex}`);
  const second = await get(v1, checkEnd);
  const noV2 = `${describeAnswer(v2.pathname, first.status, first.text)} (no v2 API)`;
  if (second.status === 200) {
    return { ...readTraceV1Answer(json(v1, second.text)), endpoint: v1.href, answer: `${noV2}; GET ${v1.pathname} → 200` };
  }
  const answer = `${noV2}; ${describeAnswer(v1.pathname, second.status, second.text)}`;
  if (second.status === 404) return { spans: [], partialMessage: undefined, endpoint: v1.href, answer };
  if (second.status === 422) throw new TraceTooLargeError(describeAnswer(v1.pathname, second.status, second.text));
  throw new Error(answer);
}

/** Trace ids (32 lower-case hex digits) that `GET /api/search?tags=service.name=<service>` finds in [startSec, endSec]. */
export async function searchTempoByService(tempoUrl: string, service: string, startSec: number, endSec: number, checkEnd?: AbortSignal): Promise<string[]> {
  const url = apiUrl(tempoUrl, 'api/search');
  url.searchParams.set('tags', `service.name=${service}`);
  url.searchParams.set('limit', String(SEARCH_LIMIT));
  url.searchParams.set('start', String(Math.floor(startSec)));
  url.searchParams.set('end', String(Math.ceil(endSec)));
  const { status, text } = await get(url, checkEnd);
  if (status !== 200) throw new Error(describeAnswer(`${url.pathname}${url.search}`, status, text));
  const traces = (json(url, text) as { traces?: unknown } | null)?.traces;
  if (!Array.isArray(traces)) throw new Error(`GET ${url.pathname}: answer has no "traces" list`);
  return traces
    .map((t) => (t as { traceID?: unknown }).traceID)
    .filter((id): id is string => typeof id === 'string')
    .map(traceIdFromSearch);
}
