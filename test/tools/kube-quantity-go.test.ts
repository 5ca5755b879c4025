import { describe, expect, it } from 'vitest';
import { goIn } from '../../test-support/go-module';

// kube-quantity's own Go tests (tools/kube-quantity/*_test.go), on every `make test`: `go vet` and `go test -count=1`.
// What it is the oracle of: cdk8s/test/memory-quantity.test.ts.
const go = (args: string[]) => goIn('kube-quantity', args);

describe('kube-quantity Go tests (tools/kube-quantity)', () => {
  it('go vet finds nothing', async () => {
    const run = await go(['vet', './...']);
    expect(run.code, run.output).toBe(0);
  }, 300_000);

  it('go test passes, every test run afresh', async () => {
    const run = await go(['test', '-count=1', '-v', './...']);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/^--- PASS: TestJudgesQuantitiesAsKubernetesDocumentsThem /m);
    expect(run.output).not.toMatch(/^--- (FAIL|SKIP)/m);
  }, 300_000);
});
