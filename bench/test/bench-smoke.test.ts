import { LOG_SERVICE, SERVICE_NAMES } from '@tracing-lab/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBenchmark } from '../harness';
import { renderMarkdown } from '../markdown';
import { SMOKE_RUN } from '../options';
import type { BenchReport } from '../report';
import { eachService } from '../per-service';

// A few seconds of `make bench` against the real processes, so the harness keeps working. It checks that every
// figure is there, never what it is: the figures of a smoke run on a busy machine mean nothing.
describe('make bench harness, smoke run', () => {
  let report: BenchReport;
  beforeAll(async () => {
    report = await runBenchmark(SMOKE_RUN, 'make bench --smoke');
  }, 240_000);

  it('measures every configuration, interleaved; P only where memory cgroups can be made, else saying why', () => {
    const measured = report.configurations.map((c) => c.id);
    expect(report.trials.map((t) => t.configuration)).toEqual(measured);
    expect([...measured, ...report.unmeasured.map((u) => u.id)]).toEqual(expect.arrayContaining(['A', 'B', 'C', 'U', 'P']));
    expect(measured.length + report.unmeasured.length).toBe(5);
    for (const { id, reason } of report.unmeasured) {
      expect(id).toBe('P');
      expect(reason).toMatch(/cgroup/);
      expect(renderMarkdown(report)).toContain(`| **P** | not measured in this run: ${reason} |`);
    }
  });

  it("runs A, B and C with the heap budget helm renders from the chart, U and P without, P in a memory cgroup with the chart's limit", () => {
    for (const service of SERVICE_NAMES) {
      expect(report.chart[service].nodeOptions).toMatch(/^--max-old-space-size=\d+ --max-semi-space-size=\d+$/);
      expect(report.chart[service].memoryLimitBytes).toBeGreaterThan(0);
    }
    for (const trial of report.trials) {
      // What the processes got, read from /proc/<pid>/environ.
      const unbudgeted = trial.configuration === 'U' || trial.configuration === 'P';
      const expected = eachService((service) => (unbudgeted ? '' : report.chart[service].nodeOptions));
      expect(trial.nodeOptions, trial.configuration).toEqual(expected);
      // Read from /proc/<pid>/cgroup and the cgroup's own limit file.
      const inPod = eachService((service) => report.chart[service].memoryLimitBytes);
      expect(trial.cgroupMemoryLimitBytes, trial.configuration).toEqual(trial.configuration === 'P' ? inPod : eachService(() => null));
    }
  });

  it('has positive figures for every configuration measured', () => {
    for (const summary of report.configurations) {
      for (const load of [summary.light, summary.saturation, summary.sustained]) {
        expect(load.requestsPerSec, summary.id).toBeGreaterThan(0);
        for (const latency of Object.values(load.latencyMs)) expect(latency, summary.id).toBeGreaterThan(0);
      }
      const perService = [summary.startupMs, summary.peakRssMB, summary.peakRssOfLimit, summary.cpuUsPerRequest.sustained, summary.cpuUsPerRequest.saturation];
      for (const value of perService.flatMap((figures) => Object.values(figures))) expect(value, summary.id).toBeGreaterThan(0);
      for (const share of [...Object.values(summary.gcShare.sustained), ...Object.values(summary.gcShare.saturation)]) {
        expect(share, summary.id).toBeGreaterThanOrEqual(0);
        expect(share, summary.id).toBeLessThan(1);
      }
    }
  });

  it('computes span delivery for the traced configurations only', () => {
    for (const summary of report.configurations) {
      const delivery = summary.spanDelivery;
      if (summary.id === 'A') {
        expect(delivery).toBeNull();
        continue;
      }
      if (!delivery) throw new Error(`no span delivery for ${summary.id}`);
      expect(delivery.spansPerRequest).toBeGreaterThan(0);
      for (const phase of [delivery.sustained, delivery.saturation]) {
        expect(phase.expected).toBeGreaterThan(0);
        expect(phase.ratio).toBeCloseTo(phase.received / phase.expected);
      }
    }
  });

  it('computes the ratios against A and checks every target', () => {
    for (const ratios of [report.ratios['B/A'], report.ratios['C/A']]) {
      expect(ratios.saturationRequestsPerSec).toBeGreaterThan(0);
      expect(Number.isFinite(ratios.sustainedP99AddedMs)).toBe(true);
      for (const value of Object.values(ratios.cpuPerRequest)) expect(value).toBeGreaterThan(0);
    }
    expect(report.targets.length).toBeGreaterThanOrEqual(11);
    // Today's tracing cost comes from the baseline run (bench/baseline-run.json): A and B at saturation.
    for (const figures of [report.baseline?.cpuUsPerRequest.A, report.baseline?.cpuUsPerRequest.B]) {
      for (const value of Object.values(figures ?? {})) expect(value).toBeGreaterThan(0);
    }
    expect(report.targets.find((t) => t.target.startsWith("Tracing's CPU per request"))?.measured).toMatch(/log-service .* echo-service .*\(baseline: `make bench/);
    for (const target of report.targets) expect(target.measured).not.toBe('not measured');
  });

  it('renders the table with a row per figure and a column per configuration', () => {
    const markdown = renderMarkdown(report);
    expect(markdown).toContain(`| figure | ${report.configurations.map((c) => c.id).join(' | ')} | B/A | C/A |`);
    expect(markdown).toMatch(/\| span delivery at saturation \| — \| [\d.]+ % /);
    const cells = report.configurations.map(() => '\\d+ \\| ').join('');
    expect(markdown).toMatch(new RegExp(`\\| log-service CPU per request at saturation \\(µs\\) \\| ${cells}[\\d.]+× \\| [\\d.]+× \\|`));
    expect(markdown).toContain(`NODE_OPTIONS=${report.chart[LOG_SERVICE].nodeOptions}`);
    expect(markdown).toContain('## Machine');
  });
});
