import type { ServiceName } from '@tracing-lab/contract';
import type { Baseline } from './baseline';
import type { ChartServiceSettings } from './chart-settings';
import { CONFIGURATIONS, type ConfigurationId } from './configurations';
import { gitRevision, packageVersions, type Machine } from './machine';
import type { BenchOptions } from './options';
import { ratios, type Ratios } from './ratios';
import { summarize, type ConfigurationSummary } from './summary';
import { checkTargets, type TargetCheck } from './targets';
import type { TrialResult } from './trial';

/** A configuration the run left out, and why (P without a writable memory cgroup). */
export interface Unmeasured {
  id: ConfigurationId;
  reason: string;
}

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
  /** In the order of CONFIGURATIONS, those measured. */
  configurations: ConfigurationSummary[];
  unmeasured: Unmeasured[];
  ratios: { 'B/A': Ratios; 'C/A': Ratios };
  targets: TargetCheck[];
  trials: TrialResult[];
}

export function buildReport(
  trials: TrialResult[],
  run: {
    command: string;
    machine: Machine;
    options: BenchOptions;
    startedAt: Date;
    chart: Record<ServiceName, ChartServiceSettings>;
    unmeasured: Unmeasured[];
    /** What today's tracing cost is compared with (readBaseline, bench/baseline-run.json). */
    baseline: Baseline | null;
  },
): BenchReport {
  const configurations = CONFIGURATIONS.filter((configuration) => trials.some((t) => t.configuration === configuration.id)).map((configuration) =>
    summarize(configuration, trials, run.chart),
  );
  const summaryOf = (id: ConfigurationId) => configurations.find((s) => s.id === id);
  const [a, b, c, u] = (['A', 'B', 'C', 'U'] as const).map(summaryOf);
  if (!a || !b || !c || !u) throw new Error('configurations A, B, C and U are always measured');
  const bOverA = ratios(b, a);
  const { baseline } = run;
  return {
    date: run.startedAt.toISOString(),
    command: run.command,
    revision: gitRevision(),
    machine: run.machine,
    versions: packageVersions(),
    options: run.options,
    chart: run.chart,
    baseline,
    configurations,
    unmeasured: run.unmeasured,
    ratios: { 'B/A': bOverA, 'C/A': ratios(c, a) },
    targets: checkTargets({ a, b, c, u, p: summaryOf('P') }, bOverA, baseline),
    trials,
  };
}
