import { describe, expect, it } from 'vitest';
import { valueRefs, valuesKey, valuesPath } from '../src/values/value-refs';

describe('valueRefs', () => {
  it('turns a typed reference into its .Values path and its dotted key', () => {
    expect(valuesPath(valueRefs.otel.bsp.maxQueueSize)).toBe('.Values.otel.bsp.maxQueueSize');
    expect(valuesKey(valueRefs.tempo.enabled)).toBe('tempo.enabled');
    expect(valuesPath(valueRefs.logService)).toBe('.Values.logService');
  });

  it('refuses a key that cannot be written as a .Values path', () => {
    const untyped = valueRefs as unknown as Record<string, never>;
    expect(() => valuesPath(untyped['with-dash'] as never)).toThrow(/cannot be written as a \.Values path/);
  });
});
