import { describe, expect, it } from 'vitest';
import { RateLimitedWarning } from '../src/telemetry/rate-limited-warning';

describe('RateLimitedWarning', () => {
  it('reports the first warning, holds back repeats within the interval, then reports how many it held back', () => {
    let now = 0;
    const reports: [string, number][] = [];
    const warning = new RateLimitedWarning((message, suppressed) => reports.push([message, suppressed]), 30_000, () => now);

    warning.warn('export failed #1');
    now = 1_000;
    warning.warn('export failed #2');
    now = 29_999;
    warning.warn('export failed #3');
    expect(reports).toEqual([['export failed #1', 0]]);

    now = 30_000;
    warning.warn('export failed #4');
    expect(reports).toEqual([
      ['export failed #1', 0],
      ['export failed #4', 2],
    ]);
  });
});
