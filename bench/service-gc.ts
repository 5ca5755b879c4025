/**
 * Seconds a service has spent in garbage-collection pauses so far, summed over every kind of GC: read from its
 * own Prometheus metrics (`nodejs_gc_duration_seconds_sum`, which prom-client records from perf_hooks GC entries).
 * Pauses are wall time on the main thread; concurrent marking on helper threads is not in them.
 */
export async function gcPauseSeconds(serviceUrl: string): Promise<number> {
  const response = await fetch(`${serviceUrl}/metrics`);
  if (!response.ok) throw new Error(`${serviceUrl}/metrics answered ${response.status}`);
  const text = await response.text();
  const sums = [...text.matchAll(/^nodejs_gc_duration_seconds_sum\{[^}]*\} (\S+)$/gm)].map((match) => Number(match[1]));
  // The family is declared from the start; it has samples only once a GC has happened.
  if (!/^# TYPE nodejs_gc_duration_seconds histogram$/m.test(text)) throw new Error(`${serviceUrl}/metrics has no nodejs_gc_duration_seconds`);
  return sums.reduce((total, seconds) => total + seconds, 0);
}
