import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../test-support/repo-root';

// The stand-in's own Go tests (one per Tempo 2.10.8 fact, tools/tempo-standin/*_test.go), on every `make test`:
// `go vet` and `go test -count=1` (no cached result), so a change to the stand-in is checked even when its binary
// in .tools/bin is not rebuilt.
const STANDIN_SRC = join(REPO_ROOT, 'tools', 'tempo-standin');

interface GoRun {
  code: number;
  output: string;
}

function go(args: string[]): Promise<GoRun> {
  return new Promise((resolve, reject) => {
    execFile('go', args, { cwd: STANDIN_SRC, timeout: 300_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new Error("'go' is not installed (not found on PATH): the Tempo stand-in's tests need Go >= 1.26 from https://go.dev/dl/"));
        return;
      }
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, output: stdout + stderr });
    });
  });
}

describe('Tempo stand-in Go tests (tools/tempo-standin)', () => {
  it('go vet finds nothing', async () => {
    const run = await go(['vet', './...']);
    expect(run.code, run.output).toBe(0);
  });

  it('go test passes, every test run afresh', async () => {
    const run = await go(['test', '-count=1', '-v', './...']);
    expect(run.code, run.output).toBe(0);
    // The fact-by-fact tests ran (a package with its tests filtered away would also exit 0).
    expect(run.output).toMatch(/^--- PASS: TestV2UnknownTraceIs200WithEmptyTrace /m);
    expect(run.output).not.toMatch(/^--- (FAIL|SKIP)/m);
  }, 300_000);
});
