import { TRACE_CHECK_FLAGS } from '@tracing-lab/contract';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../repo-root';

export interface TraceCheckRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built trace-check CLI as a real process, `node dist/cli.js` in services/trace-check (the chart's hooks
 * run the same program from the log-service image: e2e/test/lab-from-images.test.ts).
 * `stdoutFd`: an open file to write its stdout to instead of a pipe (then `stdout` is '').
 */
export function runTraceCheckCli(args: string[], env: NodeJS.ProcessEnv = {}, stdoutFd?: number): Promise<TraceCheckRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/cli.js', ...args], {
      cwd: join(REPO_ROOT, 'services', 'trace-check'),
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', stdoutFd ?? 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
  });
}

/** The pause between Tempo polls in `labArgs`. */
export const LAB_POLL_INTERVAL_MS = 200;

/** Args for a check of `lab` within `timeoutSeconds`. */
export function labArgs(logServiceUrl: string, tempoUrl: string, timeoutSeconds = 30): string[] {
  const flag = TRACE_CHECK_FLAGS;
  return [flag.logServiceUrl, logServiceUrl, flag.tempoUrl, tempoUrl, flag.timeoutSeconds, String(timeoutSeconds), flag.pollIntervalMs, String(LAB_POLL_INTERVAL_MS)];
}

/** The problems a failed run lists, one per line, as a person reads them. */
export function problemLines(stdout: string): string[] {
  return stdout.split('\n').filter((line) => line.startsWith('  - '));
}

/** The time a failed run reports in `FAILED after N s:`, in milliseconds. */
export function failedAfterMs(stdout: string): number {
  const seconds = /^FAILED after (\d+\.\d) s:$/m.exec(stdout)?.[1];
  if (seconds === undefined) throw new Error(`no "FAILED after N s:" line in:\n${stdout}`);
  return Number(seconds) * 1000;
}
