import type { ServiceName } from '../test-support/service-process';
import { readBaseline, type Baseline } from './baseline';
import type { ChartServiceSettings } from './chart-settings';
import { CONFIGURATIONS } from './configurations';
import { gitRevision, packageVersions, type Machine } from './machine';
import type { BenchOptions } from './options';
import { ratios, type Ratios } from './ratios';
import { summarize, type ConfigurationSummary } from './summary';
import { checkTargets, type TargetCheck } from './targets';
import type { TrialResult } from './trial';

/** What `make bench` writes to docs/benchmarks.json (and renders into docs/benchmarks.md). */
export interface BenchReport {
  date: string;
  command: string;
  revision: string;
  machine: Machine;
  versions: Record<string, string>;
  options: BenchOptions;
  /** NODE_OPTIONS and memory limit of each service, as helm rendered charts/lab for this run. */
  chart: Record<ServiceName, ChartServiceSettings>;
  /** The run "today's" tracing cost is compared with (bench/baseline-run.json), or null without one. */
  baseline: Baseline | null;
  configurations: ConfigurationSummary[];
  ratios: { 'B/A': Ratios; 'C/A': Ratios };
  targets: TargetCheck[];
  trials: TrialResult[];
}

export function buildReport(
  trials: TrialResult[],
  run: { command: string; machine: Machine; options: BenchOptions; startedAt: Date; chart: Record<ServiceName, ChartServiceSettings> },
): BenchReport {
  const [a, b, c, u] = CONFIGURATIONS.map((configuration) => summarize(configuration, trials, run.chart));
  if (!a || !b || !c || !u) throw new Error('expected four configurations');
  const bOverA = ratios(b, a);
  const baseline = readBaseline();
  return {
    date: run.startedAt.toISOString(),
    command: run.command,
    revision: gitRevision(),
    machine: run.machine,
    versions: packageVersions(),
    options: run.options,
    chart: run.chart,
    baseline,
    configurations: [a, b, c, u],
    ratios: { 'B/A': bOverA, 'C/A': ratios(c, a) },
    targets: checkTargets({ a, b, c, u }, bOverA, baseline),
    trials,
  };
}
