import { describe, expect, it } from 'vitest';
import { retryUntilDeadline } from '../src/retry';

describe('retryUntilDeadline', () => {
  it('returns the first settled outcome', async () => {
    let tries = 0;
    const outcome = await retryUntilDeadline({ deadline: Date.now() + 60_000, pollIntervalMs: 1 }, async () => ++tries, (n) => n === 3);
    expect([outcome, tries]).toEqual([3, 3]);
  });

  it('tries once even when the deadline has passed, and returns that unsettled outcome', async () => {
    let tries = 0;
    const outcome = await retryUntilDeadline({ deadline: Date.now() - 1, pollIntervalMs: 60_000 }, async () => ++tries, () => false);
    expect([outcome, tries]).toEqual([1, 1]);
  });

  it('gives up at the deadline, never pausing past it', async () => {
    const deadline = Date.now() + 50;
    const outcome = await retryUntilDeadline({ deadline, pollIntervalMs: 60_000 }, async () => Date.now(), () => false);
    // One pause, cut short at the deadline, then the last try (a pause of the full interval would take a minute).
    expect(outcome).toBeGreaterThanOrEqual(deadline);
  });
});
