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
  configurations: ConfigurationSummary[];
  ratios: { 'B/A': Ratios; 'C/A': Ratios };
  targets: TargetCheck[];
  trials: TrialResult[];
}

export function buildReport(trials: TrialResult[], run: { command: string; machine: Machine; options: BenchOptions; startedAt: Date }): BenchReport {
  const [a, b, c] = CONFIGURATIONS.map((configuration) => summarize(configuration, trials));
  if (!a || !b || !c) throw new Error('expected three configurations');
  const bOverA = ratios(b, a);
  return {
    date: run.startedAt.toISOString(),
    command: run.command,
    revision: gitRevision(),
    machine: run.machine,
    versions: packageVersions(),
    options: run.options,
    configurations: [a, b, c],
    ratios: { 'B/A': bOverA, 'C/A': ratios(c, a) },
    targets: checkTargets(a, b, c, bOverA),
    trials,
  };
}
