import { TRACE_ID_HEADER } from '@tracing-lab/contract';
import type { RunningTempoStandin } from '../test-support/lab/tempo-standin';

/** Sends `count` GET requests one after another and returns their trace ids (the x-trace-id header). */
export async function tracedRequests(url: string, count: number): Promise<string[]> {
  const traceIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(url);
    await response.arrayBuffer();
    const traceId = response.headers.get(TRACE_ID_HEADER);
    if (!response.ok || !traceId) throw new Error(`${url} answered ${response.status} with x-trace-id ${traceId ?? 'missing'}`);
    traceIds.push(traceId);
  }
  return traceIds;
}

/**
 * How many spans one request produces, counted in the stand-in from requests traced earlier (once their spans
 * were flushed): the median over the traces, so a one-off span (a new connection's) does not count.
 */
export async function spansPerRequest(standin: RunningTempoStandin, traceIds: string[]): Promise<number> {
  const counts = await Promise.all(traceIds.map(async (traceId) => (await standin.spans(traceId)).length));
  counts.sort((a, b) => a - b);
  const median = counts[Math.floor(counts.length / 2)];
  if (median === undefined || median === 0) throw new Error(`no spans arrived for the traced requests ${traceIds.join(', ')}`);
  return median;
}
