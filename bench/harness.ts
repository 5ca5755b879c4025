import { ECHO_SERVICE, LOG_SERVICE } from '@tracing-lab/contract';
import { stopAllProcesses } from '../test-support/lab/managed-process';
import { readBaseline } from './baseline';
import { chartServiceSettings } from './chart-settings';
import { CONFIGURATIONS } from './configurations';
import { describeMachine, oneMinuteLoad } from './machine';
import { MemoryCgroups } from './memory-cgroup';
import type { BenchOptions } from './options';
import { buildReport, type BenchReport, type Unmeasured } from './report';
import { runTrial, type TrialResult } from './trial';

/**
 * Runs every configuration `options.rounds` times, interleaved A B C U P A B C U P …, so that drift of the machine
 * (other work, thermal limits) spreads over all of them, and returns the report. P runs only where memory cgroups
 * can be made; elsewhere the report says why it is missing. Needs the services built and the Tempo stand-in
 * provisioned (`make bench` does both).
 */
export async function runBenchmark(options: BenchOptions, command: string, log: (line: string) => void = () => undefined): Promise<BenchReport> {
  const machine = describeMachine();
  const startedAt = new Date();
  const chart = chartServiceSettings();
  log(`the chart's NODE_OPTIONS: log-service ${chart[LOG_SERVICE].nodeOptions ?? 'none'}, echo-service ${chart[ECHO_SERVICE].nodeOptions ?? 'none'}`);
  const cgroups = MemoryCgroups.open({ [LOG_SERVICE]: chart[LOG_SERVICE].memoryLimitBytes, [ECHO_SERVICE]: chart[ECHO_SERVICE].memoryLimitBytes });
  const unmeasured: Unmeasured[] = [];
  const configurations = CONFIGURATIONS.filter((configuration) => {
    if (!configuration.memoryCgroup || cgroups instanceof MemoryCgroups) return true;
    unmeasured.push({ id: configuration.id, reason: cgroups.unavailable });
    log(`configuration ${configuration.id} not measured: ${cgroups.unavailable}`);
    return false;
  });
  const trials: TrialResult[] = [];
  try {
    for (let round = 1; round <= options.rounds; round++) {
      log(`round ${round} of ${options.rounds} (load average ${oneMinuteLoad().toFixed(2)})`);
      for (const configuration of configurations) {
        trials.push(await runTrial(configuration, round, options, chart, cgroups instanceof MemoryCgroups ? cgroups : null, log));
      }
    }
  } finally {
    await stopAllProcesses();
    if (cgroups instanceof MemoryCgroups) cgroups.close();
  }
  machine.loadAverage.end = oneMinuteLoad();
  return buildReport(trials, { command, machine, options, startedAt, chart, unmeasured, baseline: readBaseline() });
}
