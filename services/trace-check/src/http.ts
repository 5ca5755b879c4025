import { oneLineExcerpt } from './one-line-excerpt';

/** trace-check's HTTP requests (to log-service, Tempo and Prometheus): one way to join a base URL, one timeout. */

/** No single request may take longer, whatever the check's own deadline. */
export const REQUEST_TIMEOUT_MS = 10_000;

/**
 * The end of the whole check: its deadline (`--timeout-seconds`) plus one request's bound. Every request passes it
 * as its `signal`, so one still unanswered then is given up: the report comes by that time however many peers hang
 * one after another (each wait tries at least once, also after the deadline).
 */
export const checkEndSignal = (timeoutSeconds: number): AbortSignal => AbortSignal.timeout(timeoutSeconds * 1000 + REQUEST_TIMEOUT_MS);

/**
 * `path` under a base URL that may carry a path prefix of its own (`http://host/lab` and `http://host/lab/` alike):
 * `urlUnder('http://host/lab', '/info')` is `http://host/lab/info`.
 */
export function urlUnder(baseUrl: string, path: string): URL {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return new URL(path.replace(/^\//, ''), base);
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * One request, its answer read as text, given up after REQUEST_TIMEOUT_MS or when `init.signal` (the check's end)
 * fires; throws when no answer comes (refused, given up: then saying which bound it was).
 */
export async function request(url: URL, init: RequestInit = {}): Promise<HttpAnswer> {
  const ownBound = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  const checkEnd = init.signal ?? undefined;
  try {
    const res = await fetch(url, { ...init, signal: checkEnd ? AbortSignal.any([ownBound, checkEnd]) : ownBound });
    return { status: res.status, headers: res.headers, text: await res.text() };
  } catch (error) {
    if (checkEnd?.aborted) throw new Error(`no answer by the end of the check (--timeout-seconds plus ${REQUEST_TIMEOUT_MS / 1000} s)`);
    if (ownBound.aborted) throw new Error(`no answer within ${REQUEST_TIMEOUT_MS / 1000} s`);
    throw error;
  }
}

/** An answer's body as JSON, or an error quoting its start. */
export function jsonBody(url: URL, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`GET ${url.href}: answer is not JSON: ${oneLineExcerpt(text)}`);
  }
}

/** An error for a report: its message, and the cause's code (ECONNREFUSED) or message when fetch gives one. */
export function describeError(err: unknown): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  const cause = e.cause?.code ?? e.cause?.message;
  return cause ? `${e.message} (${cause})` : (e.message ?? String(err));
}
