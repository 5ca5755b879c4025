/** A service's Prometheus `/metrics`, as text. */
export async function fetchMetrics(serviceUrl: string): Promise<string> {
  const response = await fetch(`${serviceUrl}/metrics`);
  if (!response.ok) throw new Error(`${serviceUrl}/metrics answered ${response.status}`);
  return response.text();
}

/** Every sample named exactly `name` in exposition text: its labels (`{…}`, '' without) and value. */
export function samples(text: string, name: string): { labels: string; value: number }[] {
  // Metric names are [a-zA-Z_:][a-zA-Z0-9_:]*: nothing to escape.
  return [...text.matchAll(new RegExp(`^${name}(\\{[^}]*\\})? (\\S+)`, 'gm'))].map((match) => ({ labels: match[1] ?? '', value: Number(match[2]) }));
}

/** Reads one unlabelled sample (e.g. `process_resident_memory_bytes`) from a service's Prometheus `/metrics`. */
export async function readMetric(serviceUrl: string, name: string): Promise<number> {
  const sample = samples(await fetchMetrics(serviceUrl), name).find((s) => s.labels === '');
  if (!sample) throw new Error(`${serviceUrl}/metrics has no unlabelled sample ${name}`);
  return sample.value;
}
