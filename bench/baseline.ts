import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_NAMES } from '@tracing-lab/contract';
import { REPO_ROOT } from '../test-support/repo-root';
import type { PerService } from './per-service';
import { cpuUsPerRequest, perPhase } from './summary';
import type { TrialResult } from './trial';

/**
 * "Today's" tracing cost, which issue 9's CPU target is measured against: A's and B's CPU per request at saturation
 * in an earlier full `make bench` run, kept as it was written (bench/baseline-run.json; taken before issue 9's
 * tuning, with the chart of then, which had no heap budget). A target compares what tracing adds (B − A) as a share
 * of A's CPU, which a faster or slower machine changes far less than the microseconds themselves.
 */
export interface Baseline {
  /** Which run: command, date, revision, load average. */
  run: string;
  cpuUsPerRequest: { A: PerService; B: PerService };
}

const BASELINE_RUN = join(REPO_ROOT, 'bench', 'baseline-run.json');

/** What a baseline is worked out from: a run's report as `make bench` wrote it (docs/benchmarks.json's shape). */
export interface RecordedRun {
  command: string;
  date: string;
  revision: string;
  trials: TrialResult[];
}

const saturationCpu = (trials: TrialResult[]): PerService => perPhase(trials.map((t) => t.saturation), cpuUsPerRequest);

function baselineOf(report: RecordedRun): Baseline {
  const a = report.trials.filter((t) => t.configuration === 'A');
  const b = report.trials.filter((t) => t.configuration === 'B');
  // U is B without NODE_OPTIONS; where B ran without any too (no heap budget then), U's trials are B's as well.
  const sameAsB = (t: TrialResult) => t.configuration === 'U' && b.every((bt) => SERVICE_NAMES.every((service) => bt.nodeOptions[service] === t.nodeOptions[service]));
  const bLike = [...b, ...report.trials.filter(sameAsB)];
  const loads = report.trials.map((t) => t.loadAverage);
  return {
    run: `\`${report.command}\` of ${report.date.slice(0, 16).replace('T', ' ')} UTC, ${report.revision}, load average ${Math.min(...loads).toFixed(1)} to ${Math.max(...loads).toFixed(1)}; B from ${bLike.length} trials`,
    cpuUsPerRequest: { A: saturationCpu(a), B: saturationCpu(bLike) },
  };
}

/** The baseline of bench/baseline-run.json (or `file`), or null without one. */
export function readBaseline(file = BASELINE_RUN): Baseline | null {
  return existsSync(file) ? baselineOf(JSON.parse(readFileSync(file, 'utf8')) as RecordedRun) : null;
}
