import { describe, expect, it } from 'vitest';
import { goIn } from '../../test-support/go-module';

// The Tempo stand-in's own Go tests (one per Tempo 2.10.8 fact, tools/tempo-standin/*_test.go), on every `make test`:
// `go vet` and `go test -count=1` (no cached result), so a change to the stand-in is checked even when its binary
// in .tools/bin is not rebuilt.
describe('Tempo stand-in Go tests (tools/tempo-standin)', () => {
  it('go vet finds nothing', async () => {
    const run = await goIn('tempo-standin', ['vet', './...']);
    expect(run.code, run.output).toBe(0);
  });

  it('go test passes, every test run afresh', async () => {
    const run = await goIn('tempo-standin', ['test', '-count=1', '-v', './...']);
    expect(run.code, run.output).toBe(0);
    // The fact-by-fact tests ran (a package with its tests filtered away would also exit 0).
    expect(run.output).toMatch(/^--- PASS: TestV2UnknownTraceIs200WithEmptyTrace /m);
    expect(run.output).toMatch(/^--- PASS: TestSearchKeepsTheNewestLimitMatchesNewestFirst /m);
    expect(run.output).toMatch(/^--- PASS: TestSearchGenericTagsMatchWithinOneBatch /m);
    expect(run.output).not.toMatch(/^--- (FAIL|SKIP)/m);
  }, 300_000);
});
