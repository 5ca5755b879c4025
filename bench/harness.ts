import { stopAllProcesses } from '../test-support/managed-process';
import { chartServiceSettings } from './chart-settings';
import { CONFIGURATIONS } from './configurations';
import { describeMachine, oneMinuteLoad } from './machine';
import type { BenchOptions } from './options';
import { buildReport, type BenchReport } from './report';
import { runTrial, type TrialResult } from './trial';

/**
 * Runs every configuration `options.rounds` times, interleaved A B C U A B C U …, so that drift of the machine (other
 * work, thermal limits) spreads over all of them, and returns the report. Needs the services built and the Tempo
 * stand-in provisioned (`make bench` does both).
 */
export async function runBenchmark(options: BenchOptions, command: string, log: (line: string) => void = () => undefined): Promise<BenchReport> {
  const machine = describeMachine();
  const startedAt = new Date();
  const chart = chartServiceSettings();
  log(`the chart's NODE_OPTIONS: log-service ${chart['log-service'].nodeOptions ?? 'none'}, echo-service ${chart['echo-service'].nodeOptions ?? 'none'}`);
  const trials: TrialResult[] = [];
  try {
    for (let round = 1; round <= options.rounds; round++) {
      log(`round ${round} of ${options.rounds} (load average ${oneMinuteLoad().toFixed(2)})`);
      for (const configuration of CONFIGURATIONS) trials.push(await runTrial(configuration, round, options, chart, log));
    }
  } finally {
    await stopAllProcesses();
  }
  machine.loadAverage.end = oneMinuteLoad();
  return buildReport(trials, { command, machine, options, startedAt, chart });
}
