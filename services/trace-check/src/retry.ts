import { setTimeout as sleep } from 'node:timers/promises';

/** When to give up and how long to pause between tries (epoch milliseconds, milliseconds). */
export interface RetryBudget {
  deadline: number;
  pollIntervalMs: number;
}

/**
 * Tries `attempt` until `settled` says its outcome is final or the deadline has passed, pausing between tries for
 * the poll interval (never past the deadline); tries at least once. Returns the last outcome, settled or not: the
 * caller reads from it why it gave up. Every wait of trace-check is this one loop.
 */
export async function retryUntilDeadline<T>(budget: RetryBudget, attempt: () => Promise<T>, settled: (outcome: T) => boolean): Promise<T> {
  for (;;) {
    const outcome = await attempt();
    if (settled(outcome) || Date.now() >= budget.deadline) return outcome;
    await sleep(Math.max(0, Math.min(budget.pollIntervalMs, budget.deadline - Date.now())));
  }
}
