import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './repo-root';

/** One run of the Go toolchain in a module of tools/: its exit code, its whole output, and its stdout alone. */
export interface GoRun {
  code: number;
  output: string;
  stdout: string;
}

/**
 * Runs `go <args>` in `tools/<tool>` (the Go programs the tests use: the Tempo stand-in, pod-security-check,
 * kube-quantity), so their own Go tests run on every `make test` even when the binary in .tools/bin is not rebuilt,
 * and a program can be run with `go run .`. A missing Go is an error that says where to get it.
 */
export function goIn(tool: string, args: readonly string[]): Promise<GoRun> {
  return new Promise((resolve, reject) => {
    execFile('go', [...args], { cwd: join(REPO_ROOT, 'tools', tool), timeout: 300_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new Error(`'go' is not installed (not found on PATH): the tests of tools/${tool} need Go >= 1.26 from https://go.dev/dl/`));
        return;
      }
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, output: stdout + stderr, stdout });
    });
  });
}
