import { spawn, type ChildProcess } from 'node:child_process';
import { SIGNAL_TIMEOUT_MS } from '../timing';

/**
 * A real child process started by a test: its output is kept for assertions and failure messages, and every
 * one still running is killed by `stopAllProcesses()` (call it in afterAll/afterEach), also when a test failed.
 */
export class ManagedProcess {
  private readonly chunks: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(
    readonly label: string,
    readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => this.chunks.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => this.chunks.push(chunk.toString()));
    // 'close', not 'exit': only once its output pipes are drained too is all it printed in output().
    this.exited = new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
    running.add(this);
    void this.exited.then(() => running.delete(this));
  }

  output(): string {
    return this.chunks.join('');
  }

  /** The first output line matching `pattern`, waiting for it; fails if the process exits first or time runs out. */
  async waitForLine(pattern: RegExp, timeoutMs = SIGNAL_TIMEOUT_MS): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = this.output().split('\n').find((candidate) => pattern.test(candidate));
      if (line !== undefined) return line;
      if (!this.isRunning) throw new Error(`${this.label} exited before printing ${pattern}:\n${this.output()}`);
      if (Date.now() > deadline) throw new Error(`${this.label} printed no ${pattern} within ${timeoutMs} ms:\n${this.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  get isRunning(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Sends `signal` and waits for the exit (SIGKILL after `killAfterMs`). */
  async stop(signal: NodeJS.Signals = 'SIGTERM', killAfterMs = 10_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.isRunning) {
      this.child.kill(signal);
      const timer = setTimeout(() => this.child.kill('SIGKILL'), killAfterMs);
      const result = await this.exited;
      clearTimeout(timer);
      return result;
    }
    return this.exited;
  }
}

const running = new Set<ManagedProcess>();

export function startProcess(label: string, command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): ManagedProcess {
  return new ManagedProcess(label, spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] }));
}

export async function stopAllProcesses(): Promise<void> {
  await Promise.all([...running].map((process) => process.stop('SIGKILL')));
}

/** Polls `url` until it answers 2xx; fails early with the process output if the process exits first. */
export async function waitForHttp(process: ManagedProcess, url: string, timeoutMs = SIGNAL_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!process.isRunning) throw new Error(`${process.label} exited before ${url} answered:\n${process.output()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${process.output()}`);
}
