import { beforeAll, describe, expect, it } from 'vitest';
import { runBenchmark } from '../harness';
import { renderMarkdown } from '../markdown';
import { SMOKE_RUN } from '../options';
import type { BenchReport } from '../report';

// A few seconds of `make bench` against the real processes, so the harness keeps working. It checks that every
// figure is there, never what it is: the figures of a smoke run on a busy machine mean nothing.
describe('make bench harness, smoke run', () => {
  let report: BenchReport;
  beforeAll(async () => {
    report = await runBenchmark(SMOKE_RUN, 'make bench --smoke');
  }, 180_000);

  it('measures all three configurations, interleaved', () => {
    expect(report.configurations.map((c) => c.id)).toEqual(['A', 'B', 'C']);
    expect(report.trials.map((t) => t.configuration)).toEqual(['A', 'B', 'C']);
  });

  it.each(['A', 'B', 'C'])('has positive figures for configuration %s', (id) => {
    const summary = report.configurations.find((c) => c.id === id);
    if (!summary) throw new Error(`no configuration ${id}`);
    for (const load of [summary.light, summary.saturation, summary.sustained]) {
      expect(load.requestsPerSec).toBeGreaterThan(0);
      for (const latency of Object.values(load.latencyMs)) expect(latency).toBeGreaterThan(0);
    }
    for (const value of [...Object.values(summary.startupMs), ...Object.values(summary.peakRssMB)]) expect(value).toBeGreaterThan(0);
  });

  it('computes span delivery for the traced configurations only', () => {
    const [a, b, c] = report.configurations;
    expect(a?.spanDelivery).toBeNull();
    for (const traced of [b, c]) {
      const delivery = traced?.spanDelivery;
      if (!delivery) throw new Error(`no span delivery for ${traced?.id}`);
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
    }
    expect(report.targets.length).toBeGreaterThanOrEqual(8);
    for (const target of report.targets) expect(target.measured).not.toBe('not measured');
  });

  it('renders the table with a row per figure and a column per configuration', () => {
    const markdown = renderMarkdown(report);
    expect(markdown).toContain('| figure | A | B | C | B/A | C/A |');
    expect(markdown).toMatch(/\| span delivery at saturation \| — \| [\d.]+ % /);
    expect(markdown).toContain('## Machine');
  });
});
