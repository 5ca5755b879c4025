/**
 * Time in tests. A test never sleeps to let something happen: it waits for a signal (a log line, a request seen,
 * a span arrived) with `waitFor`, and it checks a duration against the bound the code promises (a timeout, a batch
 * delay, a deadline) plus TIMING_MARGIN_MS, the one allowance for a busy machine (CI shares its CPUs; the suite
 * is kept green with `stress-ng --cpu 2` competing).
 */
export const TIMING_MARGIN_MS = 2_000;

/** How long a test waits for a signal before it fails saying what it waited for: generous, never a claim. */
export const SIGNAL_TIMEOUT_MS = 30_000;

/** Polls `probe` until it returns something other than undefined; fails naming `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = SIGNAL_TIMEOUT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Asserts that something stays absent for `windowMs`: `check` runs repeatedly over the window (it throws when the
 * thing is there), then once more at the end. For "no spans arrive": the window is the batch delay plus the margin.
 */
export async function stayAbsentFor(windowMs: number, check: () => Promise<void>): Promise<void> {
  const end = Date.now() + windowMs;
  while (Date.now() < end) {
    await check();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await check();
}
