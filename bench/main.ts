/**
 * `make bench` (scripts/bench.sh): runs the benchmark and writes docs/benchmarks.md and docs/benchmarks.json.
 *
 *   node --import tsx bench/main.ts [--smoke] [--rounds N] [--out DIR] [--render-only]
 *
 * --render-only rewrites DIR/benchmarks.md from DIR/benchmarks.json (after editing bench/findings.md).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { stopAllProcesses } from '../test-support/lab/managed-process';
import { REPO_ROOT } from '../test-support/repo-root';
import { runBenchmark } from './harness';
import { renderMarkdown } from './markdown';
import { FULL_RUN, SMOKE_RUN } from './options';
import type { BenchReport } from './report';

const { values } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    rounds: { type: 'string' },
    out: { type: 'string', default: join(REPO_ROOT, 'docs') },
    'render-only': { type: 'boolean', default: false },
  },
});
const options = { ...(values.smoke ? SMOKE_RUN : FULL_RUN) };
if (values.rounds !== undefined) {
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) {
    console.error(`--rounds: expected a positive integer, got ${values.rounds}`);
    process.exit(2);
  }
  options.rounds = rounds;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void stopAllProcesses().finally(() => process.exit(130)));
}

const FINDINGS = join(REPO_ROOT, 'bench', 'findings.md');

async function main(): Promise<void> {
  const json = join(values.out, 'benchmarks.json');
  let report: BenchReport;
  if (values['render-only']) {
    report = JSON.parse(await readFile(json, 'utf8')) as BenchReport;
  } else {
    const command = ['make bench', ...process.argv.slice(2)].join(' ');
    report = await runBenchmark(options, command, (line) => console.log(line));
    await mkdir(values.out, { recursive: true });
    await writeFile(json, `${JSON.stringify(report, null, 2)}\n`);
  }
  const markdown = renderMarkdown(report, await readFile(FINDINGS, 'utf8'));
  await writeFile(join(values.out, 'benchmarks.md'), markdown);
  console.log(`\n${markdown}`);
  console.log(`wrote ${join(values.out, 'benchmarks.md')}${values['render-only'] ? '' : ' and benchmarks.json'}`);
}

main().catch(async (error: unknown) => {
  console.error(error);
  await stopAllProcesses();
  process.exit(1);
});
