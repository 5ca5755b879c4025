import { describe, expect, it } from 'vitest';
import { problem } from '../src/problems';
import { formatReport, jsonReport } from '../src/report';
import { resultBeforeChecks, type TraceCheckResult } from '../src/run';

const result = (changes: Partial<TraceCheckResult>): TraceCheckResult => ({
  ...resultBeforeChecks({ method: 'GET', url: 'http://127.0.0.1:8080/info', status: 200, traceIdHeader: null }),
  ok: true,
  elapsedMs: 1234,
  ...changes,
});

describe('the report, rendered from the result at the end', () => {
  it('says OK with what the checks that ran proved', () => {
    expect(formatReport(result({ passed: ['one trace', 'the spans nest'] })).split('\n').at(-1)).toBe('OK in 1.2 s: one trace and the spans nest.');
    expect(formatReport(result({ passed: ['a', 'b', 'c'] })).split('\n').at(-1)).toBe('OK in 1.2 s: a, b, and c.');
  });

  it('lists the problems one a line for people, and as { kind, message } for programs', () => {
    const failed = result({ ok: false, problems: [problem('no-trace-id', 'no x-trace-id header'), problem('not-searchable', 'not searchable: …')] });
    expect(formatReport(failed).split('\n').slice(-3)).toEqual(['FAILED after 1.2 s:', '  - no x-trace-id header', '  - not searchable: …']);
    expect((JSON.parse(jsonReport(failed)) as { problems: unknown }).problems).toEqual([
      { kind: 'no-trace-id', message: 'no x-trace-id header' },
      { kind: 'not-searchable', message: 'not searchable: …' },
    ]);
  });
});

describe('the report of an existing trace (--trace-id)', () => {
  it('says that no request was sent, and gives no request in JSON', () => {
    const shown = { ...resultBeforeChecks(null), ok: true, traceId: '0af7651916cd43dd8448eb211c80319c', passed: ['one trace'], elapsedMs: 100 };
    expect(formatReport(shown).split('\n')[0]).toBe('trace-check: trace 0af7651916cd43dd8448eb211c80319c (no request sent: --trace-id)');
    expect((JSON.parse(jsonReport(shown)) as { request: unknown }).request).toBeNull();
  });
});
