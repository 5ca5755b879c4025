import { describe, expect, it } from 'vitest';
import { goIn } from '../../test-support/go-module';

// pod-security-check's own Go tests (tools/pod-security-check/*_test.go), on every `make test`: `go vet` and
// `go test -count=1` (no cached result), so a change to the checker is tested even when its binary in .tools/bin is
// not rebuilt. What it checks the chart with: cdk8s/test/pod-security.test.ts.
const go = (args: string[]) => goIn('pod-security-check', args);

describe('pod-security-check Go tests (tools/pod-security-check)', () => {
  it('go vet finds nothing', async () => {
    const run = await go(['vet', './...']);
    expect(run.code, run.output).toBe(0);
  }, 300_000);

  it('go test passes, every test run afresh', async () => {
    const run = await go(['test', '-count=1', '-v', './...']);
    expect(run.code, run.output).toBe(0);
    // The admission-message tests ran (a package with its tests filtered away would also exit 0).
    expect(run.output).toMatch(/^--- PASS: TestEachMissingSecurityFieldIsRefusedWithTheAdmissionMessage /m);
    expect(run.output).toMatch(/^--- PASS: TestPodTemplatesOfEveryWorkloadKindAreEvaluated /m);
    expect(run.output).not.toMatch(/^--- (FAIL|SKIP)/m);
  }, 300_000);
});
