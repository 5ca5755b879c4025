/** Reads one unlabelled sample (e.g. `process_resident_memory_bytes`) from a service's Prometheus `/metrics`. */
export async function readMetric(serviceUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${serviceUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`${serviceUrl}/metrics has no unlabelled sample ${name}`);
  return Number(line.slice(name.length + 1).trim().split(' ')[0]);
}
