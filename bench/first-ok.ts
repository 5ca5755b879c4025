import type { ManagedProcess } from '../test-support/lab/managed-process';

const POLL_MS = 5;

/**
 * Milliseconds from `startedAt` (performance.now() when the process was spawned) to the first 2xx from `url`,
 * polled every few milliseconds so that start-up times can be compared (waitForHttp polls every 100 ms).
 */
export async function msToFirstOk(process: ManagedProcess, url: string, startedAt: number, timeoutMs = 30_000): Promise<number> {
  while (performance.now() - startedAt < timeoutMs) {
    if (!process.isRunning) throw new Error(`${process.label} exited before ${url} answered:\n${process.output()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      if (response.ok) return performance.now() - startedAt;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${process.output()}`);
}
