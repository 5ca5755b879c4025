import type { RunningTempoStandin } from '../test-support/lab/tempo-standin';

const POLL_MS = 200;

/** Spans the Tempo stand-in has received since it started (GET /standin/stats). */
export async function spansReceived(standin: RunningTempoStandin): Promise<number> {
  const response = await fetch(`${standin.url}/standin/stats`);
  if (!response.ok) throw new Error(`tempo-standin /standin/stats answered ${response.status}`);
  const stats = (await response.json()) as { spans: number };
  return stats.spans;
}

/**
 * Waits until the stand-in has received at least `atLeast` spans, or until no span has arrived for `quietMs`
 * (longer than the batch processor's schedule delay: whatever was still queued has been exported by then, and
 * whatever is missing was dropped), or `timeoutMs`. Returns the count then.
 */
export async function spansAfterFlush(
  standin: RunningTempoStandin,
  { atLeast, quietMs, timeoutMs = 60_000 }: { atLeast: number; quietMs: number; timeoutMs?: number },
): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  let count = await spansReceived(standin);
  let changedAt = performance.now();
  while (count < atLeast && performance.now() - changedAt < quietMs && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const next = await spansReceived(standin);
    if (next !== count) changedAt = performance.now();
    count = next;
  }
  return count;
}
