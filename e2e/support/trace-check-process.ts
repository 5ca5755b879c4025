import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../../test-support/repo-root';

export interface TraceCheckRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built trace-check CLI as a real process, exactly as the chart's hooks do: `node dist/trace-check/cli.js`. */
export function runTraceCheckCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<TraceCheckRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['dist/trace-check/cli.js', ...args],
      { cwd: join(REPO_ROOT, 'services', 'log-service'), env: { PATH: process.env.PATH, ...env }, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Args for a check of `lab` within `timeoutSeconds`. */
export function labArgs(logServiceUrl: string, tempoUrl: string, timeoutSeconds = 30): string[] {
  return ['--log-service-url', logServiceUrl, '--tempo-url', tempoUrl, '--timeout-seconds', String(timeoutSeconds), '--poll-interval-ms', '200'];
}
