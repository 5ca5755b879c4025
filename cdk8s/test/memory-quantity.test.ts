import { describe, expect, it } from 'vitest';
import { MEMORY_UNITS, memoryQuantityBytes, memoryQuantityPattern } from '../src/values/memory-quantity';

// The pattern must accept exactly the quantities at or above the minimum. The oracle is exact integer arithmetic:
// digits × unit ≥ minimum × 10^(fraction digits), independent of how the pattern is built.
const MIN_BYTES = 192n * 2n ** 20n;

function atLeastMinimum(quantity: string): boolean {
  const match = /^(0|[1-9][0-9]*)(?:\.([0-9]+))?(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(quantity);
  if (!match) return false;
  const [, integer = '', fraction = '', suffix] = match;
  if (suffix === undefined && fraction !== '') return false; // bytes are whole
  const unit = suffix === undefined ? 1n : MEMORY_UNITS[suffix as keyof typeof MEMORY_UNITS];
  return BigInt(integer + fraction) * unit >= MIN_BYTES * 10n ** BigInt(fraction.length);
}

/** Numbers around each unit's threshold (one digit more or less anywhere), plus a spread of ordinary ones. */
function candidates(): string[] {
  const out = new Set<string>();
  const around = ['191', '192', '193', '0.1875', '0.1874', '0.1876', '0.18', '0.19', '0.2', '196608', '196607', '196607.99',
    '201.326592', '201.326591', '201.3265921', '201.33', '201', '202', '0.201326592', '0.201326591', '0.2013266', '0.000201326592',
    '0.000201326591', '0.0002', '0.00021', '201326.592', '201326.591', '201327', '201326', '201326592', '201326591', '201326593',
    '0.000183105468750', '0.00018310546875', '0.00018310546874', '1', '10', '100', '256', '384', '1000', '1.5', '0.5', '0.25'];
  for (const number of around) {
    for (const suffix of ['', ...Object.keys(MEMORY_UNITS)]) out.add(`${number}${suffix}`);
  }
  for (let i = 0; i < 3000; i++) {
    const integer = String(Math.floor(Math.random() * 10 ** Math.floor(Math.random() * 10)));
    const fraction = Math.random() < 0.5 ? '' : `.${String(Math.floor(Math.random() * 10 ** 6)).padStart(1 + Math.floor(Math.random() * 6), '0')}`;
    const suffixes = ['', ...Object.keys(MEMORY_UNITS)];
    out.add(`${integer}${fraction}${suffixes[Math.floor(Math.random() * suffixes.length)]}`);
  }
  for (const bad of ['lots', '', '192', '192Mb', '192mi', '1e9', '-256Mi', '256 Mi', '.5Gi', '5.Gi', '0256Mi', '256Mi ', '100m', 'Mi']) out.add(bad);
  return [...out];
}

describe('memory quantity pattern (at least 192Mi)', () => {
  const pattern = memoryQuantityPattern(MIN_BYTES);

  it('accepts exactly the well-formed quantities at or above the minimum', () => {
    const wrong = candidates().filter((quantity) => pattern.test(quantity) !== atLeastMinimum(quantity));
    expect(wrong).toEqual([]);
  });

  it('accepts the usual ways of writing a limit and refuses the rest', () => {
    for (const ok of ['192Mi', '256Mi', '0.1875Gi', '0.5Gi', '1Gi', '1.5Gi', '201326592', '202M', '196608Ki']) expect(pattern.test(ok), ok).toBe(true);
    for (const bad of ['191Mi', '128Mi', '0.18Gi', '201M', '201326591', '64Mi', 'lots', '256MB', '1e9']) expect(pattern.test(bad), bad).toBe(false);
  });
});

describe('memoryQuantityBytes', () => {
  it.each([
    ['384Mi', 402_653_184],
    ['0.5Gi', 536_870_912],
    ['400M', 400_000_000],
    ['393216Ki', 402_653_184],
    ['536870912', 536_870_912],
    [536_870_912, 536_870_912],
  ] as const)('reads %s as %d bytes', (quantity, bytes) => {
    expect(memoryQuantityBytes(quantity)).toBe(bytes);
  });

  it('refuses what is not a memory quantity', () => {
    for (const bad of ['lots', '1e9', '512MB', '']) expect(() => memoryQuantityBytes(bad), bad).toThrow(/not a memory quantity/);
  });
});
