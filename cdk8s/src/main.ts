import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chartFiles } from './chart/chart-files';
import { writeChart } from './chart/chart-writer';
import { makefileDefaults, MAKEFILE_DEFAULTS_FILE } from './chart/makefile-defaults';

/** `make synth`: writes charts/lab (or the directory given as the first argument) and the Makefile's chart defaults. */
const REPOSITORY = resolve(__dirname, '..', '..');
const DEFAULT_CHART_DIRECTORY = resolve(REPOSITORY, 'charts', 'lab');

function main(): void {
  const directory = resolve(process.argv[2] ?? DEFAULT_CHART_DIRECTORY);
  const { written, removed } = writeChart(directory, chartFiles());
  for (const path of written) console.log(`synth: wrote ${path}`);
  for (const path of removed) console.log(`synth: removed stale ${path}`);
  console.log(`synth: ${directory} is up to date (${written.length} written, ${removed.length} removed)`);

  const defaults = resolve(REPOSITORY, MAKEFILE_DEFAULTS_FILE);
  const text = makefileDefaults();
  if (!existsSync(defaults) || readFileSync(defaults, 'utf8') !== text) {
    writeFileSync(defaults, text);
    console.log(`synth: wrote ${defaults}`);
  }
}

main();
