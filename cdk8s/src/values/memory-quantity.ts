import { z } from 'zod';

/**
 * Memory quantities the chart can compute with: a container memory limit becomes the services' V8 heap budget
 * (heap-budget.ts), and Helm has no quantity parser, so the schema admits only forms the template parses — a
 * decimal number with one of these suffixes, or a whole number of bytes — and nothing below a minimum.
 *
 * JSON Schema cannot compare `192Mi` with `0.25Gi`, so the minimum is written into the pattern: for each suffix,
 * a regular expression matching exactly the decimal numbers at or above the minimum in that unit.
 */
export const MEMORY_UNITS = {
  Ki: 2n ** 10n,
  Mi: 2n ** 20n,
  Gi: 2n ** 30n,
  Ti: 2n ** 40n,
  k: 10n ** 3n,
  M: 10n ** 6n,
  G: 10n ** 9n,
  T: 10n ** 12n,
} as const;

type MemoryUnit = keyof typeof MEMORY_UNITS;

/** Integers without leading zeros greater than `n` (a string of digits). */
function integerAbove(n: string): string {
  const alternatives = [`[1-9][0-9]{${n.length},}`];
  for (let i = 0; i < n.length; i++) {
    const lowest = Number(n[i]) + 1;
    const from = i === 0 ? Math.max(lowest, 1) : lowest;
    if (from > 9) continue;
    alternatives.push(`${n.slice(0, i)}[${from}-9][0-9]{${n.length - 1 - i}}`);
  }
  return alternatives.join('|');
}

/** Fraction digits f (after the point) with 0.f ≥ 0.`d`, for `d` without trailing zeros. */
function fractionAtLeast(d: string): string {
  const alternatives = [`${d}[0-9]*`];
  for (let i = 0; i < d.length; i++) {
    const from = Number(d[i]) + 1;
    if (from <= 9) alternatives.push(`${d.slice(0, i)}[${from}-9][0-9]*`);
  }
  return alternatives.join('|');
}

/** `bytes / unit` as an exact decimal (integer part, fraction digits): exact because units are powers of 2 or 10. */
function exactQuotient(bytes: bigint, unit: bigint): { integer: string; fraction: string } {
  let remainder = bytes % unit;
  let fraction = '';
  while (remainder !== 0n) {
    remainder *= 10n;
    fraction += String(remainder / unit);
    remainder %= unit;
  }
  return { integer: String(bytes / unit), fraction };
}

/**
 * Decimal numbers (digits with an optional `.digits`; leading zeros are allowed, as Kubernetes allows them) whose
 * value is at least `bytes / unit`.
 */
function decimalAtLeast(bytes: bigint, unit: bigint): string {
  const { integer, fraction } = exactQuotient(bytes, unit);
  const above = `(?:${integerAbove(integer)})(?:\\.[0-9]+)?`;
  const equal = fraction === '' ? `${integer}(?:\\.[0-9]+)?` : `${integer}\\.(?:${fractionAtLeast(fraction)})`;
  return `0*(?:${above}|${equal})`;
}

/** The pattern of a memory quantity of at least `minBytes`: any suffix of MEMORY_UNITS, or whole bytes. */
export function memoryQuantityPattern(minBytes: bigint): RegExp {
  const withUnit = Object.entries(MEMORY_UNITS).map(([suffix, unit]) => `${decimalAtLeast(minBytes, unit)}${suffix}`);
  const wholeBytes = `0*(?:${integerAbove(String(minBytes - 1n))})`;
  return new RegExp(`^(?:${[...withUnit, wholeBytes].join('|')})$`);
}

/** A memory limit the chart can turn into a heap budget: a quantity string or a number of bytes, at least `minMiB`. */
export function memoryLimit(minMiB: number) {
  const minBytes = BigInt(minMiB) * MEMORY_UNITS.Mi;
  const message = `a memory quantity of at least ${minMiB}Mi, written as a number with Ki, Mi, Gi, Ti, k, M, G or T (e.g. 384Mi, 0.5Gi) or as whole bytes`;
  return z.union([
    z.string().regex(memoryQuantityPattern(minBytes), message),
    z.number().int().min(Number(minBytes), message),
  ]);
}

/** The bytes a memory quantity in one of the forms above stands for (e.g. `384Mi` → 402653184). */
export function memoryQuantityBytes(quantity: string | number): number {
  if (typeof quantity === 'number') return quantity;
  const match = /^([0-9]+(?:\.[0-9]+)?)([A-Za-z]*)$/.exec(quantity);
  const unit = match?.[2] === '' ? 1n : MEMORY_UNITS[match?.[2] as MemoryUnit];
  if (!match?.[1] || unit === undefined) throw new Error(`not a memory quantity: ${JSON.stringify(quantity)}`);
  return Number(match[1]) * Number(unit);
}
