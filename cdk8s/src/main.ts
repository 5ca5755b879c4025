import { resolve } from 'node:path';
import { chartFiles } from './chart/chart-files';
import { writeChart } from './chart/chart-writer';

/** `make synth`: writes charts/lab (or the directory given as the first argument). */
const DEFAULT_CHART_DIRECTORY = resolve(__dirname, '..', '..', 'charts', 'lab');

function main(): void {
  const directory = resolve(process.argv[2] ?? DEFAULT_CHART_DIRECTORY);
  const { written, removed } = writeChart(directory, chartFiles());
  for (const path of written) console.log(`synth: wrote ${path}`);
  for (const path of removed) console.log(`synth: removed stale ${path}`);
  console.log(`synth: ${directory} is up to date (${written.length} written, ${removed.length} removed)`);
}

main();
