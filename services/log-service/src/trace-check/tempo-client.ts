/** The two Tempo HTTP API calls trace-check makes: trace by id and tag search (what Grafana Explore runs). */

const REQUEST_TIMEOUT_MS = 10_000;

function apiUrl(tempoUrl: string, path: string): URL {
  const base = tempoUrl.endsWith('/') ? tempoUrl : `${tempoUrl}/`;
  return new URL(path, base);
}

async function getJson(url: URL): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const text = await res.text();
  if (res.status !== 200) return { status: res.status, body: text };
  try {
    return { status: 200, body: JSON.parse(text) as unknown };
  } catch {
    throw new Error(`GET ${url.href}: answer is not JSON: ${text.slice(0, 200)}`);
  }
}

export type TraceLookup =
  | { found: true; endpoint: string; body: unknown }
  | { found: false; detail: string };

/**
 * `/api/v2/traces/<id>`, falling back to `/api/traces/<id>` (older Tempo, or a v2 route that is missing). When v1
 * finds a trace v2 did not, v2 is asked once more: the trace may simply have arrived between the two calls.
 */
export async function fetchTempoTrace(tempoUrl: string, traceIdHex: string): Promise<TraceLookup> {
  const answers: string[] = [];
  const v2 = apiUrl(tempoUrl, `api/v2/traces/${traceIdHex}`);
  const v1 = apiUrl(tempoUrl, `api/traces/${traceIdHex}`);
  for (const url of [v2, v1]) {
    const { status, body } = await getJson(url);
    if (status === 200) {
      if (url === v1) {
        const again = await getJson(v2);
        if (again.status === 200) return { found: true, endpoint: v2.href, body: again.body };
      }
      return { found: true, endpoint: url.href, body };
    }
    answers.push(`GET ${url.pathname} → ${status}${typeof body === 'string' && body.trim() ? ` ${body.trim().slice(0, 120)}` : ''}`);
  }
  return { found: false, detail: answers.join('; ') };
}

/** Trace ids (lower-case hex) that `GET /api/search?tags=service.name=<service>` finds in [startSec, endSec]. */
export async function searchTempoByService(
  tempoUrl: string,
  service: string,
  startSec: number,
  endSec: number,
  limit = 100,
): Promise<string[]> {
  const url = apiUrl(tempoUrl, 'api/search');
  url.searchParams.set('tags', `service.name=${service}`);
  url.searchParams.set('limit', String(limit));
  url.searchParams.set('start', String(Math.floor(startSec)));
  url.searchParams.set('end', String(Math.ceil(endSec)));
  const { status, body } = await getJson(url);
  if (status !== 200) throw new Error(`GET ${url.pathname}${url.search} → ${status} ${String(body).slice(0, 200)}`);
  const traces = (body as { traces?: unknown }).traces;
  if (!Array.isArray(traces)) throw new Error(`GET ${url.pathname}: answer has no "traces" array`);
  return traces
    .map((t) => (t as { traceID?: unknown }).traceID)
    .filter((id): id is string => typeof id === 'string')
    .map((id) => id.toLowerCase().padStart(32, '0'));
}
