import { describe, expect, it } from 'vitest';
import { samplerFromEnv } from '../src/telemetry/sampler-from-env';

describe('samplerFromEnv', () => {
  it('leaves the SDK default (parentbased_always_on) when OTEL_TRACES_SAMPLER is unset', () => {
    expect(samplerFromEnv({})).toBeUndefined();
  });

  it.each([
    ['always_on', undefined, 'AlwaysOnSampler'],
    ['always_off', undefined, 'AlwaysOffSampler'],
    ['traceidratio', '0.25', 'TraceIdRatioBased{0.25}'],
    ['traceidratio', undefined, 'TraceIdRatioBased{1}'],
    ['parentbased_always_on', undefined, 'ParentBased{root=AlwaysOnSampler'],
    ['parentbased_always_off', undefined, 'ParentBased{root=AlwaysOffSampler'],
    ['parentbased_traceidratio', '0.1', 'ParentBased{root=TraceIdRatioBased{0.1}'],
  ] as const)('%s with arg %s → %s', (name, arg, expected) => {
    const sampler = samplerFromEnv({ OTEL_TRACES_SAMPLER: name, OTEL_TRACES_SAMPLER_ARG: arg });
    expect(sampler?.toString()).toContain(expected);
  });
});
