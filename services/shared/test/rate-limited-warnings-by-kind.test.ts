import { describe, expect, it } from 'vitest';
import { RateLimitedWarningsByKind } from '../src/telemetry/rate-limited-warnings-by-kind';

const INTERVAL_MS = 30_000;

function warningsAt(maxKinds?: number) {
  const clock = { now: 0 };
  const reports: [string, number][] = [];
  const warnings = new RateLimitedWarningsByKind((message, suppressed) => reports.push([message, suppressed]), INTERVAL_MS, () => clock.now, maxKinds);
  return { clock, reports, warnings };
}

describe('RateLimitedWarningsByKind', () => {
  it('holds back repeats of one kind (numbers differ) but reports a different kind at once', () => {
    const { clock, reports, warnings } = warningsAt();
    warnings.warn('Dropped 12 spans because maxQueueSize reached');
    clock.now = 1_000;
    warnings.warn('Dropped 40 spans because maxQueueSize reached');
    clock.now = 2_000;
    warnings.warn('Dropping extra attributes.');
    clock.now = 3_000;
    warnings.warn('Dropped 7 spans because maxQueueSize reached');
    expect(reports).toEqual([
      ['Dropped 12 spans because maxQueueSize reached', 0],
      ['Dropping extra attributes.', 0],
    ]);

    clock.now = INTERVAL_MS;
    warnings.warn('Dropped 3 spans because maxQueueSize reached');
    expect(reports.at(-1)).toEqual(['Dropped 3 spans because maxQueueSize reached', 2]);
  });

  it('treats messages that differ only in hex ids as one kind', () => {
    const { reports, warnings } = warningsAt();
    warnings.warn('Cannot execute the operation on ended Span {traceId: 4bf92f3577b34da6a3ce929d0e0e4736, spanId: 00f067aa0ba902b7}');
    warnings.warn('Cannot execute the operation on ended Span {traceId: 0af7651916cd43dd8448eb211c80319c, spanId: b7ad6b7169203331}');
    expect(reports).toHaveLength(1);
  });

  it('past maxKinds, new kinds share one limiter (kinds are bounded in number)', () => {
    const { reports, warnings } = warningsAt(2);
    for (const message of ['first kind', 'second kind', 'third kind', 'fourth kind', 'first kind']) warnings.warn(message);
    expect(reports).toEqual([
      ['first kind', 0],
      ['second kind', 0],
      ['third kind', 0],
    ]);
  });
});
