import { fetchMetrics, samples } from '../test-support/lab/service-metrics';

/**
 * Seconds a service has spent in garbage-collection pauses so far, summed over every kind of GC: read from its
 * own Prometheus metrics (`nodejs_gc_duration_seconds_sum`, which prom-client records from perf_hooks GC entries).
 * Pauses are wall time on the main thread; concurrent marking on helper threads is not in them.
 */
export async function gcPauseSeconds(serviceUrl: string): Promise<number> {
  const text = await fetchMetrics(serviceUrl);
  // The family is declared from the start; it has samples only once a GC has happened.
  if (!/^# TYPE nodejs_gc_duration_seconds histogram$/m.test(text)) throw new Error(`${serviceUrl}/metrics has no nodejs_gc_duration_seconds`);
  return samples(text, 'nodejs_gc_duration_seconds_sum').reduce((total, sample) => total + sample.value, 0);
}
