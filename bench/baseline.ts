import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../test-support/repo-root';
import type { PerService } from './summary';

/**
 * The figures "today's" tracing cost is compared with: CPU per request at saturation of A and B from one earlier
 * `make bench` run (bench/baseline.json, taken before issue 9's tuning; it says which run). A target compares what
 * tracing adds (B − A) as a share of A's CPU, which a faster or slower machine changes far less than microseconds.
 */
export interface Baseline {
  /** Which run: command, revision, date, load average. */
  run: string;
  cpuUsPerRequest: { A: PerService; B: PerService };
}

export const BASELINE_FILE = join(REPO_ROOT, 'bench', 'baseline.json');

export function readBaseline(file = BASELINE_FILE): Baseline | null {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Baseline) : null;
}
